import {
  RELATION_API_CONSUMED_BY,
  RELATION_API_PROVIDED_BY,
  type Entity,
} from '@callboard/catalog-model';
import {
  Badge,
  EmptyState,
  Group,
  SegmentedControl,
  SimpleGrid,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import { IconFileOff } from '@tabler/icons-react';
import { useId, useState } from 'react';
import { apiSpecOf, relationTargets } from './apiSpec';
import { definitionLanguage, languageLabels } from './definitionLanguage';
import { CodeBlock, CopyTextButton } from '@callboard/ui';
import { RelatedEntities } from './RelatedEntities';
import { RenderedDefinition } from './RenderedDefinition';

type View = 'rendered' | 'raw';

/**
 * The Definition tab of an API entity: who provides and consumes the API, then its definition
 * drawn for its type (an OpenAPI viewer, or highlighted text), with the raw text one click away.
 */
export function ApiDefinitionTab(props: { entity: Entity }) {
  const { type, definition } = apiSpecOf(props.entity);
  const [view, setView] = useState<View>('rendered');
  const headingId = useId();
  const language = definitionLanguage(type, definition ?? '');
  const isOpenApi = ['openapi', 'swagger'].includes(type.toLowerCase());

  return (
    <Stack gap="lg">
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
        <RelatedEntities
          title="Provided by"
          entityRefs={relationTargets(props.entity, RELATION_API_PROVIDED_BY)}
          emptyText="No component provides this API yet. A component lists it under spec.providesApis."
        />
        <RelatedEntities
          title="Consumed by"
          entityRefs={relationTargets(props.entity, RELATION_API_CONSUMED_BY)}
          emptyText="Nothing consumes this API yet. A component lists it under spec.consumesApis."
        />
      </SimpleGrid>

      <Stack component="section" aria-labelledby={headingId} gap="sm">
        <Group justify="space-between" gap="sm">
          <Group gap="xs">
            <Title order={2} size="h3" id={headingId}>
              Definition
            </Title>
            <Badge variant="light" radius="sm" tt="none">
              {type}
            </Badge>
            {definition !== undefined ? (
              <Text size="sm" c="dimmed">
                {languageLabels[language]}
              </Text>
            ) : null}
          </Group>
          {definition !== undefined ? (
            <Group gap="xs">
              <SegmentedControl
                size="xs"
                aria-label="How to show the definition"
                value={view}
                onChange={value => setView(value as View)}
                data={[
                  { value: 'rendered', label: isOpenApi ? 'Rendered' : 'Highlighted' },
                  { value: 'raw', label: 'Raw' },
                ]}
              />
              <CopyTextButton text={definition} label="Copy the definition" />
            </Group>
          ) : null}
        </Group>

        {definition === undefined ? (
          <EmptyState
            size="sm"
            align="left"
            icon={<IconFileOff size={24} stroke={1.5} aria-hidden />}
            title="No definition"
            description="This API has no spec.definition. Add the definition to its catalog-info.yaml, inline or with $text: ./openapi.yaml."
          />
        ) : view === 'raw' ? (
          <CodeBlock label="Raw definition" language="plaintext" text={definition} />
        ) : (
          <RenderedDefinition definition={definition} language={language} isOpenApi={isOpenApi} />
        )}
      </Stack>
    </Stack>
  );
}
