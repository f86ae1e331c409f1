import { Alert, Center, Group, Loader, Paper, Stack, Text } from '@mantine/core';
import { IconCircleDashed, IconInfoCircle } from '@tabler/icons-react';
import { useRef, type ReactNode } from 'react';
import { useNavigate } from 'react-router-dom';
import { entityPagePath } from '../../common';
import { FindInGraph } from './FindInGraph';
import { GraphCanvas, type GraphCanvasHandle } from './GraphCanvas';
import { GraphLegend } from './GraphLegend';
import { GraphRelationList } from './GraphRelationList';
import { useEntityGraph, type EntityGraphParams } from './useEntityGraph';
import { QueryError } from '@callboard/ui';

/**
 * The graph around one entity with everything around the drawing: loading, error and empty
 * states, a "truncated" note, the legend, and the same graph as a list. Shared by the
 * Dependencies tab and the system card, which differ only in what they walk.
 */
export function EntityGraphView(
  props: EntityGraphParams & {
    height: number | string;
    /** Accessible name of the drawing, e.g. "Dependency graph of payments". */
    label: string;
    /** Shown when the walk finds nothing, e.g. "No relations of the selected types". */
    emptyMessage: string;
  },
) {
  const query = useEntityGraph(props);
  const navigate = useNavigate();
  const canvas = useRef<GraphCanvasHandle>(null);

  if (query.isPending) {
    return (
      <Placeholder height={props.height}>
        <Center role="status" h="100%">
          <Group gap="sm">
            <Loader size="sm" aria-hidden />
            <Text size="sm" c="dimmed">
              Loading the relations of {props.entity.metadata.name}…
            </Text>
          </Group>
        </Center>
      </Placeholder>
    );
  }

  if (query.isError && !query.data) {
    return (
      <QueryError
        compact
        title="Could not load the graph"
        error={query.error}
        context="Try again; if it keeps failing, the catalog server may be down."
        retrying={query.isFetching}
        retry={() => void query.refetch()}
      />
    );
  }

  const graph = query.data;
  const updating = query.isFetching;
  if (graph.edges.length === 0) {
    return (
      <Placeholder height={props.height}>
        <Center h="100%" p="lg">
          <Stack align="center" gap={6} maw={420} ta="center">
            <IconCircleDashed
              size={32}
              stroke={1.5}
              aria-hidden
              color="var(--mantine-color-dimmed)"
            />
            <Text fw={600}>{props.emptyMessage}</Text>
            <Text size="sm" c="dimmed">
              {updating
                ? 'Updating…'
                : 'Choose more relation types, or a larger depth, to see further.'}
            </Text>
          </Stack>
        </Center>
      </Placeholder>
    );
  }

  const missing = graph.nodes.filter(node => node.missing).length;
  return (
    <Stack gap="sm">
      <Group justify="space-between" gap="sm" wrap="wrap">
        <Text size="sm" c="dimmed" role="status">
          {graph.nodes.length} {graph.nodes.length === 1 ? 'entity' : 'entities'},{' '}
          {graph.edges.length} {graph.edges.length === 1 ? 'relation' : 'relations'}
          {missing > 0 ? `, ${missing} not in the catalog` : ''}
          {updating ? ' · updating…' : ''}
        </Text>
        <FindInGraph graph={graph} onFind={id => canvas.current?.focusNode(id)} />
      </Group>
      {query.isError ? (
        <Alert color="yellow" variant="light" role="alert" title="Showing the previous graph">
          Loading the new one failed: {query.error.message}
        </Alert>
      ) : null}
      {graph.truncated ? (
        <Alert
          color="yellow"
          variant="light"
          icon={<IconInfoCircle aria-hidden />}
          title={`Graph truncated at ${graph.maxNodes} nodes`}
        >
          More entities are related than one graph can show. Lower the depth or choose fewer
          relation types to see the whole neighbourhood.
        </Alert>
      ) : null}
      <GraphCanvas
        ref={canvas}
        graph={graph}
        height={props.height}
        label={props.label}
        onOpenNode={node => {
          if (!node.missing) void navigate(entityPagePath(node));
        }}
      />
      <GraphLegend graph={graph} />
      <GraphRelationList graph={graph} />
    </Stack>
  );
}

function Placeholder(props: { height: number | string; children: ReactNode }) {
  return (
    <Paper withBorder radius="md" h={props.height}>
      {props.children}
    </Paper>
  );
}
