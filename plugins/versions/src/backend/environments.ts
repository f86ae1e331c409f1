import type { Entity } from '@callboard/catalog-model';
import type { Knex } from 'knex';
import {
  environmentTierSchema,
  environmentTiers,
  type Environment,
  type EnvironmentTier,
} from '../common';
import type { ConfiguredEnvironment } from './config';

/** The annotation giving a Resource environment its tier. */
export const environmentTierAnnotation = 'callboard.dev/environment-tier';

interface CatalogEnvironmentRow {
  entity_ref: string;
  name: string;
  title: string;
  tier: string;
}

/** A Resource with `spec.type: environment`, as stored; undefined for any other entity. */
export function environmentOfEntity(
  entityRef: string,
  entity: Entity,
): CatalogEnvironmentRow | undefined {
  const spec = entity.spec as { type?: unknown } | undefined;
  if (entity.kind.toLowerCase() !== 'resource' || spec?.type !== 'environment') return undefined;
  const annotated = environmentTierSchema.safeParse(
    entity.metadata.annotations?.[environmentTierAnnotation],
  );
  return {
    entity_ref: entityRef,
    name: entity.metadata.name,
    title: entity.metadata.title ?? entity.metadata.name,
    // Without a valid annotation an environment is taken as the least critical tier.
    tier: annotated.success ? annotated.data : 'development',
  };
}

/**
 * The environments, config first (it wins on a name both define), then Resource entities;
 * ordered by explicit `order`, then tier (development → production), then name.
 */
export async function listEnvironments(
  knex: Knex,
  configured: readonly ConfiguredEnvironment[],
): Promise<Environment[]> {
  const rows = (await knex('versions_catalog_environments').select()) as CatalogEnvironmentRow[];
  const byName = new Map<string, Environment & { order?: number }>();
  for (const environment of configured) {
    byName.set(environment.name, {
      name: environment.name,
      title: environment.title ?? environment.name,
      tier: environment.tier,
      source: 'app-config',
      order: environment.order,
    });
  }
  for (const row of rows) {
    if (byName.has(row.name)) continue;
    byName.set(row.name, {
      name: row.name,
      title: row.title,
      tier: row.tier as EnvironmentTier,
      source: row.entity_ref,
    });
  }
  const rank = (environment: { tier: EnvironmentTier; order?: number }) =>
    environment.order ?? environmentTiers.indexOf(environment.tier) * 1000;
  return [...byName.values()]
    .sort((a, b) => rank(a) - rank(b) || a.name.localeCompare(b.name))
    .map(({ order: _order, ...environment }) => environment);
}
