import { Select } from '@mantine/core';
import { IconSearch } from '@tabler/icons-react';
import { useMemo, useState } from 'react';
import type { EntityGraph } from './loadEntityGraph';
import { nodeDisplayName } from './nodeLabels';

/** Picks a node by name and brings it into view: in a graph of hundreds, the eye needs help. */
export function FindInGraph(props: { graph: EntityGraph; onFind: (id: string) => void }) {
  const [value, setValue] = useState<string | null>(null);
  const options = useMemo(
    () =>
      props.graph.nodes
        .map(node => ({
          value: node.id,
          label: `${nodeDisplayName(node)} (${node.kind.toLocaleLowerCase('en-US')})`,
        }))
        .sort((a, b) => a.label.localeCompare(b.label)),
    [props.graph],
  );
  return (
    <Select
      aria-label="Find an entity in the graph"
      placeholder="Find in graph…"
      data={options}
      value={value}
      onChange={id => {
        setValue(id);
        if (id) props.onFind(id);
      }}
      searchable
      clearable
      limit={50}
      nothingFoundMessage="No entity of that name in the graph"
      leftSection={<IconSearch size={16} aria-hidden />}
      size="xs"
      w={260}
    />
  );
}
