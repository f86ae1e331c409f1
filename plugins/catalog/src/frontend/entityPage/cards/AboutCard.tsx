import {
  ANNOTATION_EDIT_URL,
  ANNOTATION_LOCATION,
  ANNOTATION_ORIGIN_LOCATION,
  ANNOTATION_SOURCE_LOCATION,
  ANNOTATION_VIEW_URL,
  safeHttpUrl,
  type Entity,
} from '@callboard/catalog-model';
import {
  Badge,
  Button,
  Code,
  DataList,
  Group,
  List,
  Stack,
  Text,
  VisuallyHidden,
} from '@mantine/core';
import { IconCode, IconEye, IconPencil } from '@tabler/icons-react';
import { Fragment, type ReactNode } from 'react';
import { EntityCard } from '../components/EntityCard';
import { EntityRefLink, ExternalLink } from '@callboard/ui';
import { entityNamespace, specString } from '../lib/entityFacts';
import { linkIcon } from '../lib/linkIcon';
import { locationRefTarget } from '../lib/locationRefTarget';

/** Which spec field points at the entity's parent, and what kind that parent is by default. */
const parentFields: ReadonlyArray<{ field: string; defaultKind: string; label: string }> = [
  { field: 'subcomponentOf', defaultKind: 'component', label: 'Subcomponent of' },
  { field: 'parent', defaultKind: 'group', label: 'Parent' },
  { field: 'subdomainOf', defaultKind: 'domain', label: 'Subdomain of' },
];

/** What the entity is, who owns it, where it belongs, its links, and where it was read from. */
export function AboutCard(props: { entity: Entity }) {
  const { entity } = props;
  const namespace = entityNamespace(entity);
  const annotations = entity.metadata.annotations ?? {};
  const refFact = (label: string, value: string | undefined, defaultKind: string) =>
    value ? (
      <Fact label={label}>
        <EntityRefLink entityRef={value} defaultKind={defaultKind} defaultNamespace={namespace} />
      </Fact>
    ) : null;
  const tags = entity.metadata.tags ?? [];
  const links = entity.metadata.links ?? [];

  return (
    <EntityCard title="About">
      <Stack gap="md">
        {entity.metadata.description ? (
          <Text size="sm" style={{ whiteSpace: 'pre-line', overflowWrap: 'anywhere' }}>
            {entity.metadata.description}
          </Text>
        ) : (
          <Text size="sm" c="dimmed">
            No description. Add <Code>metadata.description</Code> to the entity’s YAML.
          </Text>
        )}
        <SourceButtons annotations={annotations} />
        <DataList size="sm" labelWidth={130} gap="xs">
          {refFact('Owner', specString(entity, 'owner'), 'group')}
          {refFact('System', specString(entity, 'system'), 'system')}
          {refFact('Domain', specString(entity, 'domain'), 'domain')}
          {parentFields.map(parent => (
            <Fragment key={parent.field}>
              {refFact(parent.label, specString(entity, parent.field), parent.defaultKind)}
            </Fragment>
          ))}
          {specString(entity, 'type') ? (
            <Fact label="Type">{specString(entity, 'type')}</Fact>
          ) : null}
          {specString(entity, 'lifecycle') ? (
            <Fact label="Lifecycle">{specString(entity, 'lifecycle')}</Fact>
          ) : null}
          {tags.length > 0 ? (
            <Fact label="Tags">
              <Group gap={4} component="ul" m={0} p={0} style={{ listStyle: 'none' }}>
                {tags.map(tag => (
                  <li key={tag}>
                    <Badge variant="outline" color="gray" radius="sm" tt="none" fw={500}>
                      {tag}
                    </Badge>
                  </li>
                ))}
              </Group>
            </Fact>
          ) : null}
          {links.length > 0 ? (
            <Fact label="Links">
              <List size="sm" spacing={4} listStyleType="none" p={0} m={0}>
                {links.map((link, index) => {
                  const LinkIcon = linkIcon(link);
                  return (
                    <List.Item key={`${index}-${link.url}`}>
                      <Group gap={6} wrap="nowrap" align="flex-start">
                        <LinkIcon size={16} aria-hidden style={{ flex: 'none', marginTop: 2 }} />
                        <ExternalLink href={link.url}>{link.title || link.url}</ExternalLink>
                      </Group>
                    </List.Item>
                  );
                })}
              </List>
            </Fact>
          ) : null}
          <LocationFact label="Read from" value={annotations[ANNOTATION_LOCATION]} />
          <LocationFact
            label="Registered as"
            value={annotations[ANNOTATION_ORIGIN_LOCATION]}
            hideIfSameAs={annotations[ANNOTATION_LOCATION]}
          />
        </DataList>
      </Stack>
    </EntityCard>
  );
}

function Fact(props: { label: string; children: ReactNode }) {
  return (
    <DataList.Item>
      <DataList.ItemLabel c="dimmed">{props.label}</DataList.ItemLabel>
      <DataList.ItemValue style={{ minWidth: 0, overflowWrap: 'anywhere' }}>
        {props.children}
      </DataList.ItemValue>
    </DataList.Item>
  );
}

/** A location ref: `url:` targets as links (when http(s)), others (`file:`) as text. */
function LocationFact(props: { label: string; value: string | undefined; hideIfSameAs?: string }) {
  if (!props.value || props.value === props.hideIfSameAs) return null;
  const { type, target } = locationRefTarget(props.value);
  return (
    <Fact label={props.label}>
      {type === 'url' || type === undefined ? (
        <ExternalLink href={target} />
      ) : (
        <Text span size="sm">
          <Code style={{ overflowWrap: 'anywhere' }}>{props.value}</Code>
        </Text>
      )}
    </Fact>
  );
}

/** "View source", "View file", "Edit file" from the catalog's annotations, when they are web links. */
function SourceButtons(props: { annotations: Record<string, string> }) {
  // The catalog sets a view URL only where the file's host serves pages (a forge, Callboard's own
  // git server); a plain git host has a source location for tools but no page to open for it.
  const sourceAnnotation = props.annotations[ANNOTATION_SOURCE_LOCATION];
  const source =
    sourceAnnotation && (props.annotations[ANNOTATION_VIEW_URL] || !/^url:/.test(sourceAnnotation))
      ? sourceAnnotation
      : undefined;
  const buttons = [
    {
      label: 'Source',
      description: 'the folder with the entity’s source',
      value: source ? locationRefTarget(source).target : undefined,
      Icon: IconCode,
    },
    {
      label: 'View file',
      description: 'the entity’s catalog-info.yaml',
      value: props.annotations[ANNOTATION_VIEW_URL],
      Icon: IconEye,
    },
    {
      label: 'Edit file',
      description: 'the entity’s catalog-info.yaml in its repository',
      value: props.annotations[ANNOTATION_EDIT_URL],
      Icon: IconPencil,
    },
  ].filter(button => button.value);
  if (buttons.length === 0) return null;
  return (
    <Group gap="xs">
      {buttons.map(button => {
        const href = safeHttpUrl(button.value);
        if (!href) {
          // Not a web address (or a hostile one): show it, never link it.
          return (
            <Text key={button.label} size="xs" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
              {button.label}: <Code>{button.value}</Code>
            </Text>
          );
        }
        return (
          <Button
            key={button.label}
            component="a"
            href={href}
            target="_blank"
            rel="noopener noreferrer"
            variant="default"
            size="xs"
            title={`Open ${button.description} in a new tab`}
            leftSection={<button.Icon size={14} aria-hidden />}
          >
            {button.label}
            <VisuallyHidden> (opens in a new tab)</VisuallyHidden>
          </Button>
        );
      })}
    </Group>
  );
}
