import { stringifyEntityRef, type Entity } from '@callboard/catalog-model';
import { Box, Skeleton, Table, UnstyledButton } from '@mantine/core';
import { IconArrowDown, IconArrowUp, IconArrowsSort } from '@tabler/icons-react';
import { EntityCell } from './EntityCells';
import { columns, type ColumnId } from './catalogViews';

export interface TableSort {
  column: ColumnId;
  direction: 'asc' | 'desc';
}

/**
 * Widths keep columns from jumping about as pages with longer or shorter values come in; the
 * description takes what is left.
 */
const columnWidths: Partial<Record<ColumnId, string>> = {
  name: '17%',
  kind: '10%',
  system: '11%',
  domain: '11%',
  owner: '12%',
  type: '9%',
  lifecycle: '12%',
  email: '20%',
  target: '30%',
  tags: '15%',
};

/**
 * The catalog table. Sorting is the server's (the header buttons change the URL); the table
 * draws what it is given. `busy` dims the rows while the next page loads over them.
 */
export function EntityTable(props: {
  label: string;
  columns: ColumnId[];
  sort: TableSort;
  onSort: (column: ColumnId) => void;
  entities?: Entity[];
  /** Rows of placeholders while the first page loads. */
  skeletonRows?: number;
  busy?: boolean;
}) {
  return (
    // Scrolls sideways on narrow screens; focusable and named so keyboard users can scroll it.
    <Box
      role="region"
      aria-label={props.label}
      tabIndex={0}
      style={{ position: 'relative', overflowX: 'auto', borderRadius: 'var(--mantine-radius-md)' }}
    >
      <Table
        verticalSpacing="sm"
        highlightOnHover
        withTableBorder
        miw={960}
        aria-busy={props.busy || props.entities === undefined}
        style={{
          tableLayout: 'fixed',
          opacity: props.busy ? 0.6 : 1,
          transition: 'opacity 150ms',
        }}
      >
        <Table.Thead style={{ whiteSpace: 'nowrap' }}>
          <Table.Tr>
            {props.columns.map(column => (
              <SortableHeader
                key={column}
                column={column}
                sort={props.sort}
                onSort={props.onSort}
              />
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {props.entities
            ? props.entities.map(entity => (
                <Table.Tr key={stringifyEntityRef(entity)}>
                  {props.columns.map(column => (
                    <Table.Td key={column} style={{ verticalAlign: 'top' }}>
                      <EntityCell column={column} entity={entity} />
                    </Table.Td>
                  ))}
                </Table.Tr>
              ))
            : Array.from({ length: props.skeletonRows ?? 10 }, (_, row) => (
                <Table.Tr key={row}>
                  {props.columns.map(column => (
                    <Table.Td key={column}>
                      <Skeleton height={12} my={4} width={column === 'name' ? '70%' : '55%'} />
                      {column === 'name' ? <Skeleton height={10} mt={8} width="45%" /> : null}
                    </Table.Td>
                  ))}
                </Table.Tr>
              ))}
        </Table.Tbody>
      </Table>
    </Box>
  );
}

function SortableHeader(props: {
  column: ColumnId;
  sort: TableSort;
  onSort: (column: ColumnId) => void;
}) {
  const active = props.sort.column === props.column;
  const label = columns[props.column].label;
  const Icon = !active
    ? IconArrowsSort
    : props.sort.direction === 'asc'
      ? IconArrowUp
      : IconArrowDown;
  return (
    <Table.Th
      scope="col"
      w={columnWidths[props.column]}
      aria-sort={active ? (props.sort.direction === 'asc' ? 'ascending' : 'descending') : 'none'}
    >
      <UnstyledButton
        onClick={() => props.onSort(props.column)}
        fw={700}
        fz="sm"
        style={{ display: 'inline-flex', alignItems: 'center', gap: 6, borderRadius: 4 }}
      >
        {label}
        <Icon
          size={14}
          stroke={2}
          aria-hidden
          style={{ opacity: active ? 1 : 0.45, flex: 'none' }}
        />
      </UnstyledButton>
    </Table.Th>
  );
}
