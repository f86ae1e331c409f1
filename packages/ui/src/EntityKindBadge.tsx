import { Badge } from '@mantine/core';

/**
 * An entity's kind as a badge, spelled as the entity spells it (`Component`, `API`): `filled` where
 * it heads a page, `light` (small, not wrapping) beside a name in a list.
 */
export function EntityKindBadge(props: { kind: string; variant?: 'filled' | 'light' }) {
  if (props.variant === 'light') {
    return (
      <Badge variant="light" radius="sm" tt="none" fw={500} size="sm" style={{ flex: 'none' }}>
        {props.kind}
      </Badge>
    );
  }
  return (
    <Badge variant="filled" radius="sm">
      {props.kind}
    </Badge>
  );
}
