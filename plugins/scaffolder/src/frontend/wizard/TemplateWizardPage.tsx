import { Anchor, Button, EmptyState, Group, Skeleton, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { IconArrowLeft, IconTemplateOff } from '@tabler/icons-react';
import { Link, useParams } from 'react-router-dom';
import { parameterSchemaQuery } from '../api/queries';
import { EntityRefLink, QueryError } from '@callboard/ui';
import { sentence } from '../lib/errors';
import { isNotFound, pageTitle } from '@callboard/plugin-api/frontend';
import { galleryPath } from '../lib/paths';
import { TemplateWizard } from './TemplateWizard';

/** `/create/templates/:namespace/:name`: the template's form, once its parameters are loaded. */
export function TemplateWizardPage() {
  const { namespace = '', name = '' } = useParams();
  const schema = useQuery(parameterSchemaQuery(namespace, name));
  const templateRef = `template:${namespace}/${name}`;

  const backLink = (
    <Anchor component={Link} to={galleryPath} size="sm" w="fit-content">
      <Group gap={4} component="span">
        <IconArrowLeft size={14} aria-hidden />
        All templates
      </Group>
    </Anchor>
  );

  if (schema.isError && !schema.data) {
    if (isNotFound(schema.error)) {
      return (
        <Stack gap="lg">
          <title>{pageTitle('Template not found')}</title>
          {backLink}
          <EmptyState icon={<IconTemplateOff size={24} stroke={1.5} aria-hidden />} py="xl">
            <EmptyState.Title order={1}>Template not found</EmptyState.Title>
            <EmptyState.Description>
              {sentence(schema.error.message)} It may have been renamed or removed, or the link is
              mistyped.
            </EmptyState.Description>
            <EmptyState.Actions>
              <Button component={Link} to={galleryPath}>
                Choose a template
              </Button>
            </EmptyState.Actions>
          </EmptyState>
        </Stack>
      );
    }
    return (
      <Stack gap="lg">
        <title>{pageTitle('Error')}</title>
        {backLink}
        <Title order={1}>{name}</Title>
        <QueryError
          title="Could not load this template’s form"
          error={schema.error}
          retrying={schema.isFetching}
          retry={() => void schema.refetch()}
        />
      </Stack>
    );
  }

  if (!schema.data) {
    return (
      <Stack gap="xl" maw={900}>
        <title>{pageTitle('Create')}</title>
        {backLink}
        <Text size="sm" c="dimmed" role="status">
          Loading the form…
        </Text>
        <Stack gap="xs" aria-hidden>
          <Skeleton h={34} w="50%" />
          <Skeleton h={14} w="70%" />
        </Stack>
        <Group gap="xl" aria-hidden>
          {[0, 1, 2].map(index => (
            <Group key={index} gap="xs">
              <Skeleton h={34} w={34} circle />
              <Skeleton h={14} w={90} />
            </Group>
          ))}
        </Group>
        <Stack gap="lg" aria-hidden>
          {[0, 1, 2].map(index => (
            <Stack key={index} gap={6}>
              <Skeleton h={14} w={120} />
              <Skeleton h={36} />
            </Stack>
          ))}
        </Stack>
      </Stack>
    );
  }

  return (
    <Stack gap="lg">
      <title>{pageTitle(schema.data.title, 'Create')}</title>
      {backLink}
      <Stack gap={4}>
        <Title order={1}>{schema.data.title}</Title>
        {schema.data.description ? (
          <Text c="dimmed" maw={760}>
            {schema.data.description}
          </Text>
        ) : null}
        <Text size="xs" c="dimmed">
          Template <EntityRefLink entityRef={templateRef} size="xs" />
        </Text>
      </Stack>
      <TemplateWizard namespace={namespace} name={name} response={schema.data} />
    </Stack>
  );
}
