import { Anchor, Badge, Box, Button, Collapse, Table, Text } from '@mantine/core';
import { IconChevronDown, IconChevronRight, IconList } from '@tabler/icons-react';
import { useId, useMemo, useState } from 'react';
import { Link } from 'react-router-dom';
import { entityPagePath } from '../../common';
import type { EntityGraph, GraphNode } from './loadEntityGraph';
import { nodeDisplayName } from './nodeLabels';
import { relationKindByForward } from './relationTypes';

/**
 * The graph as text: one row per relation ("payments — depends on — orders-db"), each end a link.
 * It is the keyboard and screen-reader way through the graph, and a plain list to scan.
 * Rendered only when opened: a big graph has thousands of rows.
 */
export function GraphRelationList(props: { graph: EntityGraph; defaultOpen?: boolean }) {
  const [open, setOpen] = useState(props.defaultOpen ?? false);
  const id = useId();
  const count = props.graph.edges.length;
  return (
    <Box>
      <Button
        variant="subtle"
        size="compact-sm"
        aria-expanded={open}
        aria-controls={id}
        onClick={() => setOpen(value => !value)}
        leftSection={
          open ? (
            <IconChevronDown size={16} aria-hidden />
          ) : (
            <IconChevronRight size={16} aria-hidden />
          )
        }
        rightSection={<IconList size={16} aria-hidden />}
      >
        {open ? 'Hide' : 'Show'} the relations as a list ({count})
      </Button>
      {/* Opens at once: a table of hundreds of rows growing for a fifth of a second is a moving
          target, and a click on a row during it (a person's, or a test's) lands on whatever
          the row was over a frame earlier. */}
      <Collapse expanded={open} id={id} transitionDuration={0}>
        {open ? <RelationTable graph={props.graph} /> : null}
      </Collapse>
    </Box>
  );
}

function RelationTable(props: { graph: EntityGraph }) {
  const rows = useMemo(() => {
    const nodes = new Map(props.graph.nodes.map(node => [node.id, node]));
    return props.graph.edges
      .flatMap(edge => {
        const source = nodes.get(edge.source);
        const target = nodes.get(edge.target);
        if (!source || !target) return [];
        const label = relationKindByForward(edge.type)?.label ?? edge.type;
        return [{ id: edge.id, source, target, label }];
      })
      .sort(
        (a, b) =>
          nodeDisplayName(a.source).localeCompare(nodeDisplayName(b.source)) ||
          a.label.localeCompare(b.label) ||
          nodeDisplayName(a.target).localeCompare(nodeDisplayName(b.target)),
      );
  }, [props.graph]);

  return (
    <Box
      role="region"
      aria-label="Relations in the graph"
      tabIndex={0}
      mt="xs"
      style={{ position: 'relative', overflowX: 'auto' }}
    >
      {rows.length === 0 ? (
        <Text size="sm" c="dimmed" p="sm">
          No relations of the selected types.
        </Text>
      ) : (
        <Table striped withTableBorder verticalSpacing={6} miw={560}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">Entity</Table.Th>
              <Table.Th scope="col">Relation</Table.Th>
              <Table.Th scope="col">Related entity</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map(row => (
              <Table.Tr key={row.id}>
                <Table.Td>
                  <NodeLink node={row.source} />
                </Table.Td>
                <Table.Td>
                  <Text span size="sm" c="dimmed">
                    {row.label}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <NodeLink node={row.target} />
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Box>
  );
}

function NodeLink(props: { node: GraphNode }) {
  const { node } = props;
  const kind = (
    <Text span size="xs" c="dimmed">
      {' '}
      ({node.kind.toLocaleLowerCase('en-US')})
    </Text>
  );
  if (node.missing) {
    return (
      <Text span size="sm">
        {node.id}{' '}
        <Badge size="xs" variant="outline" color="gray">
          not in the catalog
        </Badge>
      </Text>
    );
  }
  return (
    <Text span size="sm">
      <Anchor component={Link} to={entityPagePath(node)} size="sm" fw={node.root ? 700 : undefined}>
        {nodeDisplayName(node)}
      </Anchor>
      {kind}
    </Text>
  );
}
