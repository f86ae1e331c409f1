import { Chip, Group, Text } from '@mantine/core';
import type { KindOption } from './kindOptions';

const numberFormat = new Intl.NumberFormat('en-US');

/**
 * One chip per kind. Kinds the catalog has none of are left out (a catalog without templates
 * needs no "Template 0"), except the one chosen, which a link may name.
 */
export function KindPicker(props: {
  value: string;
  options: KindOption[];
  onChange: (kind: string) => void;
}) {
  const options = props.options.filter(
    option => option.count !== 0 || option.value === props.value,
  );
  if (!options.some(option => option.value === props.value)) {
    options.unshift({ value: props.value, label: props.value, count: 0 });
  }
  return (
    <Group gap="xs" role="radiogroup" aria-label="Kind">
      <Chip.Group multiple={false} value={props.value} onChange={props.onChange}>
        {options.map(option => (
          // One name makes the chips one radio group: Tab enters it, arrow keys move along.
          <Chip
            key={option.value}
            value={option.value}
            name="catalog-kind"
            variant="outline"
            radius="sm"
          >
            {option.label}
            {option.count !== undefined ? ' ' : null}
            {option.count !== undefined ? (
              <Text
                span
                size="xs"
                ml={2}
                c={option.value === props.value ? undefined : 'dimmed'}
                fw={600}
              >
                {numberFormat.format(option.count)}
              </Text>
            ) : null}
          </Chip>
        ))}
      </Chip.Group>
    </Group>
  );
}
