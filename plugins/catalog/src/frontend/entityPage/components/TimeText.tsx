import { Text } from '@mantine/core';
import { formatDateTime, formatRelativeTime } from '@callboard/plugin-api/frontend';

/** A point in time: relative, with the absolute time beside it and in the markup. */
export function TimeText(props: { iso: string; asOf: number }) {
  const absolute = formatDateTime(props.iso);
  return (
    <time dateTime={props.iso} title={absolute}>
      {formatRelativeTime(props.iso, props.asOf)}{' '}
      <Text span size="xs" c="dimmed">
        ({absolute})
      </Text>
    </time>
  );
}
