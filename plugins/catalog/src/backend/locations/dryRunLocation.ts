import { ANNOTATION_LOCATION, type Entity } from '@callboard/catalog-model';
import type { IngestionProblem } from '../../common/problems';
import { processEntity, type ProcessingContext } from '../processing/processEntity';
import { rootLocationEntity } from '../database/rootLocationEntity';

export interface DryRunResult {
  /** Every entity the location would produce, processed (the root Location first). */
  entities: Entity[];
  problems: IngestionProblem[];
}

/**
 * Processes a location's whole tree in memory, writing nothing: what registering it would
 * produce, with every problem found on the way. Used by `dryRun=true` and `analyze-location`.
 */
export async function dryRunLocation(
  location: { type: 'url' | 'file'; target: string; source: 'api' | 'config' },
  context: ProcessingContext,
  options: { maxEntities?: number } = {},
): Promise<DryRunResult> {
  const maxEntities = options.maxEntities ?? 10_000;
  const root = rootLocationEntity(location.type, location.target);
  const origin = { type: location.type, target: location.target, source: location.source };
  const queue: Array<{ entity: unknown; ref: string; depth: number; ancestry: Set<string> }> = [
    { entity: root.entity, ref: root.entityRef, depth: 0, ancestry: new Set() },
  ];
  const seen = new Set([root.entityRef]);
  const result: DryRunResult = { entities: [], problems: [] };

  while (queue.length > 0) {
    const item = queue.shift()!;
    const outcome = await processEntity(
      {
        entityRef: item.ref,
        unprocessedEntity: item.entity,
        depth: item.depth,
        ancestry: item.ancestry,
        origin,
        urgent: true,
      },
      context,
    );
    const file = (item.entity as Entity).metadata?.annotations?.[ANNOTATION_LOCATION];
    for (const problem of outcome.problems) {
      result.problems.push({
        type: problem.type,
        level: problem.level,
        message: problem.message,
        location: root.locationKey,
        entityRef: item.ref === root.entityRef ? undefined : item.ref,
        file: problem.file ?? (item.ref === root.entityRef ? undefined : file),
        ...(problem.document ? { document: problem.document } : {}),
        ...(problem.line ? { line: problem.line } : {}),
        ...(problem.field ? { field: problem.field } : {}),
      });
    }
    if (outcome.ok && outcome.entity) result.entities.push(outcome.entity);
    for (const child of outcome.children?.emitted ?? []) {
      if (seen.has(child.entityRef)) {
        result.problems.push({
          type: 'location',
          level: 'error',
          message: `Duplicate nested entity: ${child.entityRef}`,
          location: root.locationKey,
          entityRef: child.entityRef,
          file: child.source.file,
          document: child.source.document,
          line: child.source.line,
        });
        continue;
      }
      if (seen.size >= maxEntities) {
        result.problems.push({
          type: 'location',
          level: 'error',
          message: `The location produces more than ${maxEntities} entities; the preview stops there`,
          location: root.locationKey,
        });
        return result;
      }
      seen.add(child.entityRef);
      queue.push({
        entity: child.entity,
        ref: child.entityRef,
        depth: item.depth + 1,
        ancestry: new Set([...item.ancestry, item.ref]),
      });
    }
  }
  return result;
}
