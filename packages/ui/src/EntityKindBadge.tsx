import { Badge } from '@mantine/core';

/** An entity's kind as a badge, spelled as the entity spells it (`Component`, `API`). */
export function EntityKindBadge(props: { kind: string; size?: string }) {
  return (
    <Badge variant="filled" radius="sm" size={props.size}>
      {props.kind}
    </Badge>
  );
}
