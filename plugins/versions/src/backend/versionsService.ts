import type { Knex } from 'knex';
import semver from 'semver';
import {
  RELATION_OWNED_BY,
  RELATION_PART_OF,
  safeParseEntityRef,
  stringifyEntityRef,
  type Entity,
} from '@callboard/catalog-model';
import { InputError, NotFoundError } from '@callboard/plugin-api/common';
import type {
  Deployment,
  DeploymentRequest,
  DeploymentsPage,
  DeploymentsQuery,
  Environment,
  EntityVersions,
  ImpactQuery,
  ImpactResponse,
  OverviewQuery,
  OverviewResponse,
  Release,
  ReleaseRequest,
  RunningVersion,
} from '../common';
import type { ConfiguredEnvironment } from './config';
import { contactsOf } from './contacts';
import {
  currentDeployments,
  listDeployments,
  recordDeployment,
  toDeployment,
  type DeploymentRow,
} from './deploymentStore';
import { describeDrift } from './drift';
import { listEnvironments } from './environments';
import { listReleases, listReleasesByEntity, recordReportedRelease } from './releaseStore';
import type { VersionsCatalog } from './versionsCatalog';

export interface VersionsService {
  environments(): Promise<Environment[]>;
  entityVersions(entityRef: string): Promise<EntityVersions>;
  deployments(query: DeploymentsQuery): Promise<DeploymentsPage>;
  reportDeployment(
    request: DeploymentRequest,
    reportedBy: string,
  ): Promise<{ deployment: Deployment; created: boolean }>;
  reportRelease(request: ReleaseRequest): Promise<Release>;
  impact(query: ImpactQuery): Promise<ImpactResponse>;
  overview(query: OverviewQuery): Promise<OverviewResponse>;
}

export function createVersionsService(options: {
  knex: Knex;
  readKnex: Knex;
  catalog: VersionsCatalog;
  configuredEnvironments: readonly ConfiguredEnvironment[];
}): VersionsService {
  const { knex, readKnex, catalog, configuredEnvironments } = options;
  const environments = () => listEnvironments(readKnex, configuredEnvironments);

  /** The canonical ref of an entity the catalog serves; 404 naming it otherwise. */
  async function servedEntity(ref: string, field: string): Promise<Entity> {
    const parsed = safeParseEntityRef(ref, { defaultKind: 'component' });
    if (!parsed.ok) {
      throw new InputError(`${field} "${ref}" is not an entity ref: ${parsed.message}`);
    }
    const canonical = stringifyEntityRef(parsed.ref);
    const entity = await catalog.getEntityByRef(canonical);
    if (!entity) throw new NotFoundError(`No entity "${canonical}" in the catalog`);
    return entity;
  }

  async function knownEnvironment(name: string, field: string): Promise<Environment> {
    const all = await environments();
    const found = all.find(environment => environment.name === name);
    if (!found) {
      const known = all.map(environment => environment.name).join(', ') || 'none configured';
      throw new InputError(`${field}: unknown environment "${name}"; known: ${known}`);
    }
    return found;
  }

  return {
    environments,

    async entityVersions(entityRef) {
      const entity = await servedEntity(entityRef, 'entity');
      const ref = stringifyEntityRef(entity);
      const [all, places, releases, source] = await Promise.all([
        environments(),
        currentDeployments(readKnex, [ref]),
        listReleases(readKnex, ref),
        readKnex('versions_sources').where({ entity_ref: ref }).first('problem') as Promise<
          { problem: string | null } | undefined
        >,
      ]);
      const rows = environmentRows(all, places);
      const deployedTo = withDeployedTo(releases, rows);
      return {
        entityRef: ref,
        environments: rows,
        releases: deployedTo,
        drift: describeDrift(rows, deployedTo),
        releasesProblem: source?.problem ?? null,
      };
    },

    async deployments(query) {
      const entityRef = query.entityRef
        ? stringifyEntityRef(await servedEntity(query.entityRef, 'entityRef'))
        : undefined;
      return listDeployments(readKnex, { ...query, entityRef });
    },

    async reportDeployment(request, reportedBy) {
      const entity = await servedEntity(request.entityRef, 'entityRef');
      await knownEnvironment(request.environment, 'environment');
      const { deployment, created } = await recordDeployment(knex, {
        ...request,
        entityRef: stringifyEntityRef(entity),
        reportedBy,
      });
      return { deployment: toDeployment(deployment), created };
    },

    async reportRelease(request) {
      const entity = await servedEntity(request.entityRef, 'entityRef');
      return recordReportedRelease(knex, { ...request, entityRef: stringifyEntityRef(entity) });
    },

    async impact(query) {
      const range = parseRange(query.range);
      const entity = await servedEntity(query.entityRef, 'entityRef');
      const ref = stringifyEntityRef(entity);
      const all = await environments();
      const wanted = query.environment
        ? [await knownEnvironment(query.environment, 'environment')]
        : all;
      const places = await currentDeployments(readKnex, [ref]);
      const ownerRef = entity.relations?.find(
        relation => relation.type === RELATION_OWNED_BY,
      )?.targetRef;
      const contacts = ownerRef ? await contactsOf(catalog, ownerRef) : [];
      const items: ImpactResponse['items'] = [];
      const unknown: ImpactResponse['unknown'] = [];
      for (const environment of wanted) {
        const here = places.filter(place => place.environment === environment.name);
        if (!here.some(place => place.current)) {
          unknown.push({
            environment: environment.name,
            target: null,
            version: null,
            reason: 'no succeeded deployment reported',
          });
          continue;
        }
        for (const place of here) {
          if (!place.current) continue;
          const target = place.target === '' ? null : place.target;
          const version = semver.valid(place.current.version);
          if (!version) {
            unknown.push({
              environment: environment.name,
              target,
              version: place.current.version,
              reason: 'the version is not semver',
            });
            continue;
          }
          if (!semver.satisfies(version, range, { includePrerelease: true })) continue;
          items.push({
            entityRef: ref,
            environment: environment.name,
            tier: environment.tier,
            target,
            version: place.current.version,
            deployedAt: new Date(place.current.event_at).toISOString(),
            owner: ownerRef ?? null,
            contacts,
          });
        }
      }
      return { items, unknown };
    },

    async overview(query) {
      const all = await environments();
      const shown = query.tier ? all.filter(environment => environment.tier === query.tier) : all;
      // Only components something was reported for: the overview is of what runs, not the catalog.
      const refs = (
        (await readKnex('versions_current')
          .whereNotNull('current_id')
          .distinct('entity_ref')
          .orderBy('entity_ref')) as Array<{ entity_ref: string }>
      ).map(row => row.entity_ref);
      const [entities, places, releases] = await Promise.all([
        catalog.getEntitiesByRefs(refs),
        currentDeployments(readKnex, refs),
        listReleasesByEntity(readKnex, refs),
      ]);
      const components: OverviewResponse['components'] = [];
      refs.forEach((ref, index) => {
        // An entity gone from the catalog keeps its history but leaves the overview.
        const entity = entities[index];
        if (!entity) return;
        const owner = relationTarget(entity, RELATION_OWNED_BY);
        const system = relationTarget(entity, RELATION_PART_OF, 'system:');
        if (query.owner && owner !== query.owner) return;
        if (query.system && system !== query.system) return;
        const own = places.filter(place => place.entityRef === ref);
        // Drift compares every environment, whatever the tier filter shows.
        const rows = environmentRows(all, own);
        const shownPlaces = rows
          .filter(row => shown.some(environment => environment.name === row.name))
          .flatMap(row =>
            row.targets.flatMap(target =>
              target.current
                ? [{ environment: row.name, target: target.target, current: target.current }]
                : [],
            ),
          );
        if (shownPlaces.length === 0) return;
        components.push({
          entityRef: ref,
          title: entity.metadata.title ?? null,
          owner,
          system,
          places: shownPlaces,
          drift: describeDrift(rows, withDeployedTo(releases.get(ref) ?? [], rows)),
        });
      });
      return { environments: shown, components };
    },
  };
}

function relationTarget(entity: Entity, type: string, prefix = ''): string | null {
  return (
    entity.relations?.find(
      relation => relation.type === type && relation.targetRef.startsWith(prefix),
    )?.targetRef ?? null
  );
}

/** A semver range, or a 400 saying why not. */
function parseRange(range: string): string {
  const valid = semver.validRange(range);
  if (!valid) {
    throw new InputError(
      `range "${range}" is not a semver range: write a version (2.3.0), a comparison (<2.3.1, >=1.0.0 <1.4.2), a wildcard (2.x) or a caret/tilde range (^2.3.0)`,
    );
  }
  return valid;
}

function running(row: DeploymentRow | undefined): RunningVersion | null {
  return row
    ? {
        version: row.version,
        commit: row.commit,
        status: row.status,
        deployedAt: new Date(row.event_at).toISOString(),
        url: row.url,
      }
    : null;
}

type Place = Awaited<ReturnType<typeof currentDeployments>>[number];

/** One entity's rows of the environment × version matrix, in the environments' order. */
function environmentRows(all: readonly Environment[], places: readonly Place[]) {
  return all.map(environment => {
    const targets = places
      .filter(place => place.environment === environment.name)
      .sort((a, b) => a.target.localeCompare(b.target))
      .map(place => ({
        target: place.target === '' ? null : place.target,
        current: running(place.current),
        previous: running(place.previous),
      }));
    // The environment as a whole, else its most recently deployed target.
    const whole =
      targets.find(target => target.target === null) ??
      [...targets].sort((a, b) =>
        (b.current?.deployedAt ?? '').localeCompare(a.current?.deployedAt ?? ''),
      )[0];
    return {
      name: environment.name,
      tier: environment.tier,
      current: whole?.current ?? null,
      previous: whole?.previous ?? null,
      targets,
    };
  });
}

/** The releases with the environments running each: the input of drift in words. */
function withDeployedTo(releases: readonly Release[], rows: ReturnType<typeof environmentRows>) {
  return releases.map(release => ({
    ...release,
    deployedTo: rows
      .filter(row =>
        row.targets.some(target => sameVersion(target.current?.version, release.version)),
      )
      .map(row => row.name),
  }));
}

function sameVersion(a: string | undefined, b: string): boolean {
  if (a === undefined) return false;
  if (a === b) return true;
  const left = semver.valid(a);
  return left !== null && left === semver.valid(b);
}
