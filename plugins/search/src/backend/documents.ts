import type { Entity } from '@callboard/catalog-model';
import type { DocsSearchDocument, SearchDocumentType } from '../common';

/** A row of `search_documents` before its tsvector is computed. */
export interface IndexDocument {
  type: SearchDocumentType;
  id: string;
  entityRef: string;
  title: string;
  text: string;
  location: string;
  kind?: string;
  namespace?: string;
  name?: string;
  lifecycle?: string;
  owner?: string;
  specType?: string;
  tags: string[];
  /** Weighted B: the name, headings, parameter titles. */
  secondary: string;
  extra: Record<string, unknown>;
}

const asString = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== '' ? value : undefined;

const record = (value: unknown): Record<string, unknown> =>
  value && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};

export function entityRefOf(entity: Entity): string {
  const namespace = entity.metadata.namespace ?? 'default';
  return `${entity.kind}:${namespace}/${entity.metadata.name}`.toLowerCase();
}

/** Parameter titles of a Template (`spec.parameters` is one step or a list of steps). */
function templateParameterTitles(spec: Record<string, unknown>): string[] {
  const steps = Array.isArray(spec.parameters) ? spec.parameters : [spec.parameters];
  const titles: string[] = [];
  for (const step of steps.map(record)) {
    const title = asString(step.title);
    if (title) titles.push(title);
    for (const property of Object.values(record(step.properties)).map(record)) {
      const propertyTitle = asString(property.title);
      if (propertyTitle) titles.push(propertyTitle);
    }
  }
  return titles;
}

/**
 * The documents of one entity: a `software-catalog` document for every entity, and a
 * `templates` one for a Template too (the template picker's search).
 */
export function entityDocuments(entity: Entity): IndexDocument[] {
  const spec = record(entity.spec);
  const profile = record(spec.profile);
  const namespace = entity.metadata.namespace ?? 'default';
  const name = entity.metadata.name;
  const entityRef = entityRefOf(entity);
  const displayName = asString(profile.displayName);
  const email = asString(profile.email);
  const title = asString(entity.metadata.title) ?? displayName ?? name;
  const text = [asString(entity.metadata.description), displayName, email]
    .filter((part): part is string => part !== undefined)
    .join(' : ');
  const tags = Array.isArray(entity.metadata.tags)
    ? entity.metadata.tags.filter((tag): tag is string => typeof tag === 'string')
    : [];
  const system = asString(spec.system);
  const base = {
    entityRef,
    title,
    text,
    location: `/catalog/${encodeURIComponent(namespace)}/${encodeURIComponent(
      entity.kind.toLowerCase(),
    )}/${encodeURIComponent(name)}`,
    kind: entity.kind,
    namespace,
    name,
    lifecycle: asString(spec.lifecycle),
    owner: asString(spec.owner),
    specType: asString(spec.type) ?? 'other',
    tags,
  };
  const catalogSecondary = [name, ...tags, system].filter(Boolean).join(' ');
  const documents: IndexDocument[] = [
    {
      ...base,
      type: 'software-catalog',
      id: entityRef,
      secondary: catalogSecondary,
      extra: { system, tags, componentType: base.specType },
    },
  ];
  if (entity.kind.toLowerCase() === 'template') {
    const parameterTitles = templateParameterTitles(spec);
    documents.push({
      ...base,
      location: `/create/templates/${encodeURIComponent(namespace)}/${encodeURIComponent(name)}`,
      type: 'templates',
      id: entityRef,
      secondary: [name, ...tags, ...parameterTitles].join(' '),
      extra: { tags, parameterTitles },
    });
  }
  return documents;
}

/** What the entity's own document says about it, copied onto its doc pages. */
export interface DocsEntityFacts {
  kind?: string;
  namespace?: string;
  name?: string;
  lifecycle?: string;
  owner?: string;
}

export function factsOf(entity: Entity | undefined, entityRef: string): DocsEntityFacts {
  const match = /^([^:]+):([^/]+)\/(.+)$/.exec(entityRef);
  const spec = record(entity?.spec);
  return {
    kind: entity?.kind ?? match?.[1],
    namespace: entity?.metadata.namespace ?? match?.[2],
    name: entity?.metadata.name ?? match?.[3],
    lifecycle: asString(spec.lifecycle),
    owner: asString(spec.owner),
  };
}

/** A `techdocs` document per page section handed over by the docs plugin. */
export function docsDocument(doc: DocsSearchDocument, facts: DocsEntityFacts): IndexDocument {
  const entityRef = doc.entityRef.toLowerCase();
  const pageTitle = doc.sectionTitle ? `${doc.pageTitle} › ${doc.sectionTitle}` : doc.pageTitle;
  return {
    type: 'techdocs',
    id: `${entityRef}/${doc.urlPath}#${doc.anchor}`,
    entityRef,
    title: pageTitle,
    text: doc.text,
    location: doc.location,
    ...facts,
    tags: [],
    secondary: [doc.siteTitle, doc.sectionTitle].join(' '),
    extra: { siteTitle: doc.siteTitle, path: doc.urlPath, anchor: doc.anchor },
  };
}
