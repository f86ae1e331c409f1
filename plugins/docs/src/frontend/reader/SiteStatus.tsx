import {
  Accordion,
  Alert,
  Button,
  Card,
  Group,
  List,
  Loader,
  Progress,
  Stack,
  Text,
} from '@mantine/core';
import { IconAlertTriangle, IconBook } from '@tabler/icons-react';
import { EmptyState } from '@callboard/ui';
import type { DocsSite } from '../../common';

/** The site is queued or being built: the page waits here and shows the site once it is ready. */
export function SiteBuilding(props: { site: DocsSite }) {
  const queued = props.site.status === 'pending';
  return (
    <Card withBorder padding="lg" role="status" aria-live="polite">
      <Stack gap="sm">
        <Group gap="sm" wrap="nowrap">
          <Loader size="sm" aria-hidden />
          <Text fw={500}>
            {queued ? 'These docs are about to be built…' : 'Building these docs…'}
          </Text>
        </Group>
        <Progress value={100} striped animated aria-hidden />
        <Text size="sm" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
          {props.site.source ? `Reading ${props.site.source}. ` : ''}
          This page shows them as soon as they are ready; there is no need to reload.
        </Text>
      </Stack>
    </Card>
  );
}

/** Nothing was ever built: the build's problems, for whoever owns the docs to fix. */
export function SiteFailed(props: { site: DocsSite; retry: () => void; retrying: boolean }) {
  return (
    <Alert
      color="red"
      variant="light"
      role="alert"
      title="These docs could not be built"
      icon={<IconAlertTriangle aria-hidden />}
      maw={760}
    >
      <ProblemList problems={props.site.problems} />
      <Text size="xs" c="dimmed" mt="sm" style={{ overflowWrap: 'anywhere' }}>
        {props.site.source ? `Read from ${props.site.source}. ` : ''}
        Fix these in the repository; the docs are built again on the next push.
      </Text>
      <Button size="xs" color="red" mt="md" loading={props.retrying} onClick={props.retry}>
        Build again
      </Button>
    </Alert>
  );
}

/** A site that is served but has problems: folded away, counted, one click to open. */
export function SiteProblems(props: { problems: readonly string[] }) {
  if (props.problems.length === 0) return null;
  const count = props.problems.length;
  return (
    <Accordion variant="contained" chevronPosition="left">
      <Accordion.Item value="problems">
        <Accordion.Control
          icon={<IconAlertTriangle size={18} color="var(--mantine-color-yellow-7)" aria-hidden />}
        >
          <Text size="sm" fw={500}>
            {count === 1 ? '1 problem in these docs' : `${count} problems in these docs`}
          </Text>
        </Accordion.Control>
        <Accordion.Panel>
          <ProblemList problems={props.problems} />
        </Accordion.Panel>
      </Accordion.Item>
    </Accordion>
  );
}

function ProblemList(props: { problems: readonly string[] }) {
  if (props.problems.length === 0) {
    return (
      <Text size="sm">The build stopped without saying why; the server&apos;s log says more.</Text>
    );
  }
  return (
    <List size="sm" spacing={4}>
      {props.problems.map((problem, index) => (
        <List.Item key={index}>
          <Text span size="sm" style={{ overflowWrap: 'anywhere' }}>
            {problem}
          </Text>
        </List.Item>
      ))}
    </List>
  );
}

/** The entity has no docs annotation (or lost it). */
export function NoDocs() {
  return (
    <EmptyState icon={<IconBook size={20} stroke={1.5} />}>
      This entity has no docs. Add a <code>backstage.io/techdocs-ref</code> annotation (for example{' '}
      <code>dir:.</code>, with a <code>docs/</code> folder next to <code>catalog-info.yaml</code>)
      and they appear here.
    </EmptyState>
  );
}
