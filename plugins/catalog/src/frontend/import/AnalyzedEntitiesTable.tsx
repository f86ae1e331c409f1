import { safeParseEntityRef } from '@callboard/catalog-model';
import { Anchor, Badge, Box, Table, Text } from '@mantine/core';
import { Link } from 'react-router-dom';
import { entityPagePath, humanizeEntityRef } from '../../common';
import { shortFileName } from './describeProblem';
import type { AnalyzedEntity } from './summarizeAnalysis';

/** The entities a URL would bring in: kind, name, owner, and whether each is in the catalog already. */
export function AnalyzedEntitiesTable(props: { entities: AnalyzedEntity[] }) {
  const files = new Set(props.entities.map(entity => entity.file));
  const showFile = files.size > 1;
  return (
    // Scrolls sideways on narrow screens; focusable and named so keyboard users can scroll it.
    <Box
      role="region"
      aria-label="Entities found"
      tabIndex={0}
      style={{ overflowX: 'auto', borderRadius: 'var(--mantine-radius-md)' }}
    >
      <Table verticalSpacing="xs" withTableBorder highlightOnHover miw={560}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">Kind</Table.Th>
            <Table.Th scope="col">Name</Table.Th>
            <Table.Th scope="col">Owner</Table.Th>
            {showFile ? <Table.Th scope="col">File</Table.Th> : null}
            <Table.Th scope="col">Status</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {props.entities.map(entity => (
            <Table.Tr key={entity.entityRef}>
              <Table.Td>{entity.kind}</Table.Td>
              <Table.Th scope="row" fw={500}>
                {entity.isRegistered ? (
                  <Anchor component={Link} to={entityPagePath(entity)} size="sm">
                    {displayName(entity)}
                  </Anchor>
                ) : (
                  <Text span size="sm" fw={500}>
                    {displayName(entity)}
                  </Text>
                )}
                {entity.title ? (
                  <Text size="xs" c="dimmed">
                    {humanizeEntityRef(entity)}
                  </Text>
                ) : null}
              </Table.Th>
              <Table.Td>
                {entity.owner ? (
                  humanizeOwner(entity.owner)
                ) : (
                  <Text span size="sm" c="dimmed">
                    none
                  </Text>
                )}
              </Table.Td>
              {showFile ? (
                <Table.Td style={{ overflowWrap: 'anywhere' }}>
                  {shortFileName(entity.file)}
                </Table.Td>
              ) : null}
              <Table.Td>
                {entity.isRegistered ? (
                  <Badge variant="light" color="gray" radius="sm" tt="none">
                    Already in the catalog
                  </Badge>
                ) : (
                  // Blue, not green: Mantine's light green badge text falls below 4.5:1.
                  <Badge variant="light" color="blue" radius="sm" tt="none">
                    New
                  </Badge>
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Box>
  );
}

function displayName(entity: AnalyzedEntity): string {
  if (entity.title) return entity.title;
  return entity.namespace === 'default' ? entity.name : `${entity.namespace}/${entity.name}`;
}

function humanizeOwner(owner: string): string {
  const parsed = safeParseEntityRef(owner, { defaultKind: 'group' });
  return parsed.ok ? humanizeEntityRef(parsed.ref, { defaultKind: 'group' }) : owner;
}
