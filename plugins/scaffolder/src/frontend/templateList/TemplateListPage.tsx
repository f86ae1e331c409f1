import {
  Button,
  Card,
  EmptyState,
  Group,
  SimpleGrid,
  Skeleton,
  Stack,
  Text,
  VisuallyHidden,
} from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { IconFileImport, IconFilterOff, IconListDetails, IconTemplate } from '@tabler/icons-react';
import { useCallback, useMemo, type ReactNode } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { templatesQuery } from '../api/queries';
import { PageHeader, QueryError } from '@callboard/ui';
import { TemplateCard } from './TemplateCard';
import { TemplateFilters } from './TemplateFilters';
import {
  filterTemplates,
  galleryChoices,
  hasGalleryFilters,
  readGalleryState,
  summarizeTemplate,
  writeGalleryState,
  type GalleryState,
} from './templateGallery';

const gridCols = { base: 1, sm: 2, lg: 3 };

/**
 * `/create`: the templates in the catalog, as cards, filterable by text, tag and owner (all in
 * the URL). Choosing one opens its form.
 */
export function TemplateListPage() {
  const [params, setParams] = useSearchParams();
  const state = useMemo(() => readGalleryState(params), [params]);
  const update = useCallback(
    (next: GalleryState, options?: { replace?: boolean }) =>
      setParams(writeGalleryState(next), { replace: options?.replace }),
    [setParams],
  );
  const templates = useQuery(templatesQuery());
  const summaries = useMemo(() => (templates.data ?? []).map(summarizeTemplate), [templates.data]);
  const choices = useMemo(() => galleryChoices(summaries), [summaries]);
  const shown = useMemo(() => filterTemplates(summaries, state), [summaries, state]);
  const addTag = (tag: string) =>
    update({ ...state, tags: state.tags.includes(tag) ? state.tags : [...state.tags, tag] });
  const clear = () => update({ text: '', tags: [] });

  let results: ReactNode;
  if (templates.isError && !templates.data) {
    results = (
      <QueryError
        title="Could not load the templates"
        error={templates.error}
        retrying={templates.isFetching}
        retry={() => void templates.refetch()}
      />
    );
  } else if (!templates.data) {
    results = (
      <>
        <Text size="sm" c="dimmed" role="status">
          Loading templates…
        </Text>
        <SimpleGrid cols={gridCols} spacing="md" aria-hidden>
          {Array.from({ length: 6 }, (_, index) => (
            <Card key={index} withBorder radius="md" padding="lg">
              <Stack gap="sm">
                <Skeleton h={18} w={70} radius="xl" />
                <Skeleton h={22} w="70%" />
                <Skeleton h={12} />
                <Skeleton h={12} w="85%" />
                <Group justify="space-between" mt="md">
                  <Skeleton h={28} w={90} />
                  <Skeleton h={36} w={100} />
                </Group>
              </Stack>
            </Card>
          ))}
        </SimpleGrid>
      </>
    );
  } else if (summaries.length === 0) {
    results = (
      <NoTemplates
        title="No templates in the catalog yet"
        description="Templates are catalog entities of kind Template. Register a repository that describes one, and it appears here."
        action={
          <Button
            component={Link}
            to="/catalog-import"
            leftSection={<IconFileImport size={16} aria-hidden />}
          >
            Register a repository
          </Button>
        }
      />
    );
  } else if (shown.length === 0) {
    results = (
      <>
        <VisuallyHidden role="status">No templates match these filters</VisuallyHidden>
        <NoTemplates
          title="No templates match these filters"
          description="Remove a filter or change the text to see more."
          action={
            <Button
              variant="default"
              leftSection={<IconFilterOff size={16} aria-hidden />}
              onClick={clear}
            >
              Clear filters
            </Button>
          }
        />
      </>
    );
  } else {
    results = (
      <>
        <Group justify="space-between" gap="sm" mih={28}>
          <Text size="sm" role="status" aria-live="polite">
            {shown.length === summaries.length ? (
              <>
                <b>{summaries.length}</b> {summaries.length === 1 ? 'template' : 'templates'}
              </>
            ) : (
              <>
                Showing <b>{shown.length}</b> of <b>{summaries.length}</b> templates
              </>
            )}
          </Text>
          {hasGalleryFilters(state) ? (
            <Button
              variant="subtle"
              size="compact-sm"
              leftSection={<IconFilterOff size={14} aria-hidden />}
              onClick={clear}
            >
              Clear filters
            </Button>
          ) : null}
        </Group>
        <SimpleGrid cols={gridCols} spacing="md">
          {shown.map(template => (
            <TemplateCard key={template.ref} template={template} onTag={addTag} />
          ))}
        </SimpleGrid>
      </>
    );
  }

  return (
    <Stack gap="lg">
      <PageHeader
        title="Create something new"
        documentTitle={['Create']}
        description="Start a service, a website or a library from a template. Fill in a form, and Callboard creates the repository and registers it in the catalog."
        actions={
          <Button
            component={Link}
            to="/create/tasks"
            variant="default"
            leftSection={<IconListDetails size={16} aria-hidden />}
          >
            Tasks
          </Button>
        }
      />
      <TemplateFilters
        state={state}
        tags={choices.tags}
        owners={choices.owners}
        onChange={update}
      />
      {results}
    </Stack>
  );
}

function NoTemplates(props: { title: string; description: string; action: ReactNode }) {
  return (
    <EmptyState icon={<IconTemplate size={24} stroke={1.5} aria-hidden />} py="xl">
      <EmptyState.Title order={2}>{props.title}</EmptyState.Title>
      <EmptyState.Description>{props.description}</EmptyState.Description>
      <EmptyState.Actions>{props.action}</EmptyState.Actions>
    </EmptyState>
  );
}
