import { Badge, Button, Card, Group, Stack, Text, Title, UnstyledButton } from '@mantine/core';
import { IconArrowRight } from '@tabler/icons-react';
import { Link } from 'react-router-dom';
import { EntityRefLink } from '@callboard/ui';
import { templateFormPath } from '../lib/paths';
import type { TemplateSummary } from './templateGallery';

/**
 * One template: what it makes (type), its title and description, tags (each narrows the gallery
 * to it), the owner (a link to the owner's page) and the way in.
 */
export function TemplateCard(props: { template: TemplateSummary; onTag: (tag: string) => void }) {
  const { template } = props;
  const headingId = `template-${template.namespace}-${template.name}`;
  return (
    <Card withBorder radius="md" padding="lg" component="article" aria-labelledby={headingId}>
      <Stack gap="sm" h="100%">
        {template.type ? (
          <Badge variant="light" size="sm" w="fit-content">
            {template.type}
          </Badge>
        ) : null}
        <Title order={2} size="h4" id={headingId} style={{ overflowWrap: 'anywhere' }}>
          {template.title}
        </Title>
        <Text size="sm" c={template.description ? undefined : 'dimmed'} lineClamp={4}>
          {template.description ?? 'No description.'}
        </Text>
        {template.tags.length > 0 ? (
          <Group gap={6} aria-label="Tags">
            {template.tags.map(tag => (
              <UnstyledButton
                key={tag}
                onClick={() => props.onTag(tag)}
                aria-label={`Show templates tagged ${tag}`}
              >
                <Badge variant="outline" color="gray" size="sm" style={{ cursor: 'pointer' }}>
                  {tag}
                </Badge>
              </UnstyledButton>
            ))}
          </Group>
        ) : null}
        <Group justify="space-between" align="flex-end" mt="auto" pt="sm" wrap="nowrap" gap="sm">
          <Stack gap={0} miw={0}>
            <Text size="xs" c="dimmed">
              Owner
            </Text>
            {template.owner ? (
              <EntityRefLink entityRef={template.owner} defaultKind="group" />
            ) : (
              <Text size="sm" c="dimmed">
                Not set
              </Text>
            )}
          </Stack>
          <Button
            component={Link}
            to={templateFormPath(template.namespace, template.name)}
            rightSection={<IconArrowRight size={16} aria-hidden />}
            aria-label={`Choose ${template.title}`}
          >
            Choose
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}
