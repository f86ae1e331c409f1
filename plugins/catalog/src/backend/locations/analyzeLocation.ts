import type { Knex } from 'knex';
import { ANNOTATION_LOCATION, stringifyEntityRef } from '@callboard/catalog-model';
import type { RepositoryReader } from '@callboard/plugin-api/backend';
import type { AnalyzeLocationResponse } from '../../common/locations';
import { servedRefsAmong } from '../database/catalogOverviewStore';
import type { ProcessingContext } from '../processing/processEntity';
import { assertLocationReads, checkLocationSpec } from './checkLocationSpec';
import { dryRunLocation } from './dryRunLocation';

/** What importing a location would bring: its entity files, and which are in the catalog already. */
export async function analyzeLocation(
  deps: { knex: Knex; reader: RepositoryReader; processing: ProcessingContext },
  spec: { type: string; target: string },
  catalogFilename?: string,
): Promise<AnalyzeLocationResponse> {
  await checkLocationSpec(deps.reader, spec);
  const target =
    catalogFilename && catalogFilename !== 'catalog-info.yaml'
      ? withFilename(spec.target, catalogFilename)
      : spec.target;
  await assertLocationReads(deps.reader, target, { descriptorOptional: true });
  const run = await dryRunLocation({ type: 'url', target, source: 'api' }, deps.processing);
  const children = run.entities.filter(
    entity =>
      entity.metadata.annotations?.[ANNOTATION_LOCATION] !== `url:${target}` ||
      entity.kind !== 'Location',
  );
  const refs = children.map(entity => stringifyEntityRef(entity));
  const registered = new Set(await servedRefsAmong(deps.knex, refs));
  return {
    existingEntityFiles: children.map(entity => {
      const file = entity.metadata.annotations?.[ANNOTATION_LOCATION] ?? `url:${target}`;
      const colon = file.indexOf(':');
      return {
        entity: entity as unknown as Record<string, unknown>,
        isRegistered: registered.has(stringifyEntityRef(entity)),
        location: { type: file.slice(0, colon), target: file.slice(colon + 1) },
      };
    }),
    generateEntities: [],
    problems: run.problems,
  };
}

/** A repository or folder URL plus a catalog file name (analyze-location's `catalogFilename`). */
function withFilename(target: string, filename: string): string {
  return /\.ya?ml$/i.test(target) ? target : `${target.replace(/\/+$/, '')}/${filename}`;
}
