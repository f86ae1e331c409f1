import { stringifyEntityRef, type Entity } from '@callboard/catalog-model';
import { Anchor, Box, Table, Text, VisuallyHidden } from '@mantine/core';
import { entityNamespace, specString } from '../lib/entityFacts';
import { EntityRefLink } from '@callboard/ui';

export type EntityTableColumns = 'catalog' | 'user';

/**
 * A small table of entities linking to their pages: name, type, owner and description, or for
 * users, display name and email. Scrolls sideways on narrow screens.
 */
export function EntityTable(props: {
  entities: readonly Entity[];
  label: string;
  columns?: EntityTableColumns;
  showKind?: boolean;
}) {
  const users = props.columns === 'user';
  return (
    <Box
      role="region"
      aria-label={`Table of ${props.label.toLowerCase()}`}
      tabIndex={0}
      style={{ position: 'relative', overflowX: 'auto' }}
    >
      <Table verticalSpacing={6} highlightOnHover miw={users ? 480 : 640} fz="sm">
        <Table.Thead>
          <Table.Tr>
            {props.showKind ? <Table.Th scope="col">Kind</Table.Th> : null}
            <Table.Th scope="col">Name</Table.Th>
            {users ? (
              <>
                <Table.Th scope="col">Display name</Table.Th>
                <Table.Th scope="col">Email</Table.Th>
              </>
            ) : (
              <>
                <Table.Th scope="col">Type</Table.Th>
                <Table.Th scope="col">Owner</Table.Th>
                <Table.Th scope="col">Description</Table.Th>
              </>
            )}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {props.entities.map(entity => (
            <Table.Tr key={stringifyEntityRef(entity)}>
              {props.showKind ? <Table.Td>{entity.kind}</Table.Td> : null}
              <Table.Td>
                <EntityRefLink
                  entityRef={{
                    kind: entity.kind,
                    namespace: entityNamespace(entity),
                    name: entity.metadata.name,
                  }}
                  defaultKind={entity.kind}
                  label={entity.metadata.title || undefined}
                />
              </Table.Td>
              {users ? (
                <UserCells entity={entity} />
              ) : (
                <>
                  <Table.Td>{specString(entity, 'type') ?? <Missing label="no type" />}</Table.Td>
                  <Table.Td>
                    {specString(entity, 'owner') ? (
                      <EntityRefLink
                        entityRef={specString(entity, 'owner') ?? ''}
                        defaultKind="group"
                        defaultNamespace={entityNamespace(entity)}
                      />
                    ) : (
                      <Missing label="no owner" />
                    )}
                  </Table.Td>
                  <Table.Td maw={420}>
                    {entity.metadata.description ? (
                      <Text size="sm" lineClamp={2} title={entity.metadata.description}>
                        {entity.metadata.description}
                      </Text>
                    ) : (
                      <Missing label="no description" />
                    )}
                  </Table.Td>
                </>
              )}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Box>
  );
}

function UserCells(props: { entity: Entity }) {
  const profile = props.entity.spec?.profile as
    { displayName?: unknown; email?: unknown } | undefined;
  const displayName = typeof profile?.displayName === 'string' ? profile.displayName : undefined;
  const email = typeof profile?.email === 'string' ? profile.email : undefined;
  return (
    <>
      <Table.Td>{displayName ?? <Missing label="no display name" />}</Table.Td>
      <Table.Td>{email ? <EmailLink email={email} /> : <Missing label="no email" />}</Table.Td>
    </>
  );
}

/** A mailto link for something that looks like an address; anything else as text. */
export function EmailLink(props: { email: string }) {
  return /^[^\s@:/]+@[^\s@:/]+$/.test(props.email) ? (
    <Anchor href={`mailto:${props.email}`} size="sm">
      {props.email}
    </Anchor>
  ) : (
    <Text span size="sm">
      {props.email}
    </Text>
  );
}

function Missing(props: { label: string }) {
  return (
    <Text span c="dimmed" size="sm">
      <span aria-hidden>—</span>
      <VisuallyHidden>{props.label}</VisuallyHidden>
    </Text>
  );
}
