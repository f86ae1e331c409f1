/**
 * What the catalog table shows for each kind: its columns (and the entity field each sorts by)
 * and the filters that make sense for it. A User has no lifecycle, a Location no owner; showing
 * such columns would fill the table with dashes.
 */

export type ColumnId =
  | 'name'
  | 'kind'
  | 'system'
  | 'domain'
  | 'owner'
  | 'type'
  | 'lifecycle'
  | 'email'
  | 'target'
  | 'description'
  | 'tags';

export interface ColumnDefinition {
  id: ColumnId;
  label: string;
  /** The `orderField` the server sorts by. */
  sortField: string;
  /** The entity fields the cell needs (`fields=` of the request). */
  fields: string[];
  /** How a missing value is worded ("without a system") when sorting leaves entities out. */
  missing: string;
}

export const columns: Record<ColumnId, ColumnDefinition> = {
  name: {
    id: 'name',
    label: 'Name',
    sortField: 'metadata.name',
    fields: ['metadata.title', 'spec.profile.displayName'],
    missing: 'without a name',
  },
  kind: { id: 'kind', label: 'Kind', sortField: 'kind', fields: [], missing: 'without a kind' },
  system: {
    id: 'system',
    label: 'System',
    sortField: 'spec.system',
    fields: ['spec.system'],
    missing: 'without a system',
  },
  domain: {
    id: 'domain',
    label: 'Domain',
    sortField: 'spec.domain',
    fields: ['spec.domain'],
    missing: 'without a domain',
  },
  owner: {
    id: 'owner',
    label: 'Owner',
    // The relation holds the full ref whatever shorthand the YAML used, so it sorts consistently.
    sortField: 'relations.ownedBy',
    fields: ['spec.owner'],
    missing: 'without an owner',
  },
  type: {
    id: 'type',
    label: 'Type',
    sortField: 'spec.type',
    fields: ['spec.type'],
    missing: 'without a type',
  },
  lifecycle: {
    id: 'lifecycle',
    label: 'Lifecycle',
    sortField: 'spec.lifecycle',
    fields: ['spec.lifecycle'],
    missing: 'without a lifecycle',
  },
  email: {
    id: 'email',
    label: 'Email',
    sortField: 'spec.profile.email',
    fields: ['spec.profile.email'],
    missing: 'without an email',
  },
  target: {
    id: 'target',
    label: 'Target',
    sortField: 'spec.target',
    fields: ['spec.target', 'spec.targets'],
    missing: 'without a single target',
  },
  description: {
    id: 'description',
    label: 'Description',
    sortField: 'metadata.description',
    fields: ['metadata.description'],
    // The catalog indexes values up to 200 characters; longer descriptions cannot be sorted.
    missing: 'without a short description',
  },
  tags: {
    id: 'tags',
    label: 'Tags',
    sortField: 'metadata.tags',
    fields: ['metadata.tags'],
    missing: 'without tags',
  },
};

/** Fields every entity has a value for: sorting by them leaves nothing out. */
export const alwaysPresentSortFields = new Set(['metadata.name', 'kind']);

export type FilterId = 'type' | 'owner' | 'lifecycle' | 'system' | 'tag' | 'namespace';

export interface FilterDefinition {
  id: FilterId;
  label: string;
  /** The facet that lists the values and the field the filter matches. */
  field: string;
  /** `owner` values are full refs; they read better short. */
  format?: 'entityRef';
}

export const filters: Record<FilterId, FilterDefinition> = {
  type: { id: 'type', label: 'Type', field: 'spec.type' },
  // `spec.owner` may be written `team-a`, `group:team-a` or `group:default/team-a` for the same
  // owner; the relation is always the full ref, so one owner is one value.
  owner: { id: 'owner', label: 'Owner', field: 'relations.ownedBy', format: 'entityRef' },
  lifecycle: { id: 'lifecycle', label: 'Lifecycle', field: 'spec.lifecycle' },
  system: { id: 'system', label: 'System', field: 'spec.system' },
  tag: { id: 'tag', label: 'Tags', field: 'metadata.tags' },
  namespace: { id: 'namespace', label: 'Namespace', field: 'metadata.namespace' },
};

export const filterIds = Object.keys(filters) as FilterId[];

export interface KindView {
  /** Lower-case kind, or `all`. */
  value: string;
  /** As the catalog writes it: `Component`, `API`. */
  label: string;
  /** For sentences: "No components match these filters", "1 component". */
  plural: string;
  singular: string;
  columns: ColumnId[];
  filters: FilterId[];
}

/** `?kind=all`: every kind in one table. */
export const allKinds = 'all';

export const defaultKind = 'component';

const ownedColumns: ColumnId[] = ['name', 'system', 'owner', 'type', 'lifecycle', 'description'];
const ownedFilters: FilterId[] = ['type', 'owner', 'lifecycle', 'system', 'tag', 'namespace'];

const knownKinds: KindView[] = [
  {
    value: 'component',
    label: 'Component',
    plural: 'components',
    singular: 'component',
    columns: [...ownedColumns, 'tags'],
    filters: ownedFilters,
  },
  {
    value: 'api',
    label: 'API',
    plural: 'APIs',
    singular: 'API',
    columns: [...ownedColumns, 'tags'],
    filters: ownedFilters,
  },
  {
    value: 'system',
    label: 'System',
    plural: 'systems',
    singular: 'system',
    columns: ['name', 'domain', 'owner', 'type', 'description', 'tags'],
    filters: ['type', 'owner', 'tag', 'namespace'],
  },
  {
    value: 'domain',
    label: 'Domain',
    plural: 'domains',
    singular: 'domain',
    columns: ['name', 'owner', 'type', 'description', 'tags'],
    filters: ['type', 'owner', 'tag', 'namespace'],
  },
  {
    value: 'resource',
    label: 'Resource',
    plural: 'resources',
    singular: 'resource',
    columns: ['name', 'system', 'owner', 'type', 'description', 'tags'],
    filters: ['type', 'owner', 'system', 'tag', 'namespace'],
  },
  {
    value: 'group',
    label: 'Group',
    plural: 'groups',
    singular: 'group',
    columns: ['name', 'type', 'email', 'description', 'tags'],
    filters: ['type', 'tag', 'namespace'],
  },
  {
    value: 'user',
    label: 'User',
    plural: 'users',
    singular: 'user',
    columns: ['name', 'email', 'description', 'tags'],
    filters: ['tag', 'namespace'],
  },
  {
    value: 'template',
    label: 'Template',
    plural: 'templates',
    singular: 'template',
    columns: ['name', 'owner', 'type', 'description', 'tags'],
    filters: ['type', 'owner', 'tag', 'namespace'],
  },
  {
    value: 'location',
    label: 'Location',
    plural: 'locations',
    singular: 'location',
    columns: ['name', 'type', 'target', 'description'],
    filters: ['type', 'namespace'],
  },
];

const allKindsView: KindView = {
  value: allKinds,
  label: 'All kinds',
  plural: 'entities',
  singular: 'entity',
  columns: ['name', 'kind', 'owner', 'type', 'description', 'tags'],
  filters: ['type', 'owner', 'tag', 'namespace'],
};

/** The kinds offered first, in this order; others found in the catalog follow. */
export const knownKindViews: readonly KindView[] = knownKinds;

/**
 * The view for a kind. Kinds we do not know (a company's own `kind: Pipeline`) get the generic
 * columns of the all-kinds table.
 */
export function kindView(kind: string, label?: string): KindView {
  const value = kind.toLowerCase();
  if (value === allKinds) return allKindsView;
  const known = knownKinds.find(view => view.value === value);
  if (known) return known;
  const name = label ?? kind;
  return {
    value,
    label: name,
    plural: `${name} entities`,
    singular: `${name} entity`,
    columns: allKindsView.columns.filter(column => column !== 'kind'),
    filters: allKindsView.filters,
  };
}

/** The entity fields a table of this kind asks for: only what its cells show, and the ref. */
export function fieldsFor(view: KindView): string[] {
  const needed = new Set(['kind', 'metadata.name', 'metadata.namespace']);
  for (const column of view.columns) {
    for (const field of columns[column].fields) needed.add(field);
  }
  return [...needed];
}
