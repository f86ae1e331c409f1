import { Skeleton, Stack } from '@mantine/core';

/** Placeholder lines the height of the content to come, so a card does not jump when it loads. */
export function LoadingLines(props: { label: string; rows?: number }) {
  return (
    <Stack gap="sm" role="status" aria-label={props.label}>
      {Array.from({ length: props.rows ?? 4 }, (_, index) => (
        <Skeleton key={index} height={14} width={index % 2 === 0 ? '85%' : '65%'} />
      ))}
    </Stack>
  );
}
