import { Alert, Anchor, Badge, Button, Group, Loader, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { IconCircleCheck, IconPlus } from '@tabler/icons-react';
import { useEffect, useRef } from 'react';
import { Link } from 'react-router-dom';
import { entityPagePath, humanizeEntityRef } from '../../common';
import { arrivedEntitiesQuery } from './importQueries';
import type { AnalyzedEntity } from './summarizeAnalysis';

/**
 * Step three: the URL is registered. Links to each new entity page, with whether the catalog
 * serves it yet (ingestion runs in the background), and a way to register another URL.
 */
export function ImportSuccess(props: {
  target: string;
  entities: AnalyzedEntity[];
  importedAt: number;
  onRegisterAnother: () => void;
}) {
  const headingRef = useRef<HTMLHeadingElement>(null);
  const refs = props.entities.map(entity => entity.entityRef);
  const arrived = useQuery(arrivedEntitiesQuery(refs, props.importedAt));

  // The form is gone: move focus to the outcome so keyboard and screen reader users land on it.
  useEffect(() => headingRef.current?.focus(), []);

  return (
    <Stack gap="lg">
      <Alert
        color="green"
        variant="light"
        icon={<IconCircleCheck aria-hidden />}
        maw={860}
        title={
          // The text colour, not Mantine's light green, which falls below 4.5:1 on this alert.
          <Title
            order={2}
            size="h4"
            c="var(--mantine-color-text)"
            ref={headingRef}
            tabIndex={-1}
            style={{ outline: 'none' }}
          >
            Registered
          </Title>
        }
      >
        <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
          {props.target} is in the catalog. The catalog reads it in the background and again
          periodically, so later changes to its catalog-info.yaml arrive on their own.
        </Text>
      </Alert>

      <Stack gap="xs">
        <Text fw={500}>
          {props.entities.length === 1 ? 'Its entity' : `Its ${props.entities.length} entities`}
        </Text>
        <Stack component="ul" gap={6} m={0} p={0} style={{ listStyle: 'none' }}>
          {props.entities.map((entity, index) => {
            const ready = arrived.data?.[index];
            return (
              <Group component="li" key={entity.entityRef} gap="xs">
                <Anchor component={Link} to={entityPagePath(entity)} fw={500}>
                  {entity.title ?? humanizeEntityRef(entity)}
                </Anchor>
                <Text span size="sm" c="dimmed">
                  {entity.kind}
                </Text>
                {ready ? (
                  <Badge variant="light" color="blue" radius="sm" tt="none">
                    Ready
                  </Badge>
                ) : arrived.isError ? null : (
                  <Group gap={4} wrap="nowrap">
                    <Loader size={12} aria-hidden />
                    <Text span size="xs" c="dimmed">
                      Being read…
                    </Text>
                  </Group>
                )}
              </Group>
            );
          })}
        </Stack>
        {arrived.isError ? (
          <Text size="sm" c="dimmed" role="status">
            Could not check whether they have arrived yet ({arrived.error.message}); the links work
            once the catalog has read them.
          </Text>
        ) : null}
      </Stack>

      <Group gap="sm">
        <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={props.onRegisterAnother}>
          Register another
        </Button>
        <Button component={Link} to="/catalog" variant="default">
          Go to the catalog
        </Button>
      </Group>
    </Stack>
  );
}
