import { describeForUser } from '@callboard/plugin-api/common';
import {
  loadAncestry,
  type ClaimedEntity,
  type ProcessedWrite,
} from '../database/refreshStateStore';
import { hashOf } from '../database/hash';
import type { Problem } from '../database/Problem';
import { processEntity, type ProcessingOutcome } from './processEntity';
import type { ProcessorDeps } from './processorDeps';

/** Processes one claimed entity; undefined when the side stopped meanwhile (nothing to write). */
export async function processClaimed(
  deps: ProcessorDeps,
  claimed: ClaimedEntity,
): Promise<ProcessedWrite | undefined> {
  const stopped = deps.stopSignal();
  let outcome: ProcessingOutcome;
  try {
    outcome = await processWithAncestry(deps, claimed, stopped);
  } catch (error) {
    if (stopped.aborted) return undefined;
    deps.logger.error({ err: error, entity: claimed.entityRef }, 'processing failed unexpectedly');
    outcome = { ok: false, relations: [], problems: [unexpectedFailure(error)] };
  }
  // What a read cut short by the stop found is not what the source holds.
  if (stopped.aborted) return undefined;
  return writeOf(claimed, outcome, deps.processingIntervalMs);
}

async function processWithAncestry(
  deps: ProcessorDeps,
  claimed: ClaimedEntity,
  stopped: AbortSignal,
): Promise<ProcessingOutcome> {
  const origin = await deps.originOf(claimed.unprocessedEntity);
  const ancestry =
    claimed.kind === 'location'
      ? await loadAncestry(deps.knex, claimed.entityRef)
      : new Set<string>();
  return processEntity(
    {
      entityRef: claimed.entityRef,
      unprocessedEntity: claimed.unprocessedEntity,
      depth: claimed.depth,
      ancestry,
      origin,
      urgent: claimed.priority === 0,
    },
    {
      ...deps.context,
      signal: AbortSignal.any([
        AbortSignal.timeout(Math.max(1_000, deps.leaseMs - 5_000)),
        stopped,
      ]),
    },
  );
}

function unexpectedFailure(error: unknown): Problem {
  return {
    type: 'location',
    level: 'error',
    name: (error as Error).name || 'Error',
    message: `Processing failed: ${describeForUser(error)}`,
  };
}

/** What is written for an outcome; its hash tells whether anything changed. */
function writeOf(
  claimed: ClaimedEntity,
  outcome: ProcessingOutcome,
  processingIntervalMs: number | false,
): ProcessedWrite {
  const children = outcome.children
    ? { emitted: outcome.children.emitted, keep: outcome.children.keep }
    : undefined;
  return {
    claimed,
    ok: outcome.ok,
    entity: outcome.ok ? outcome.entity : undefined,
    relations: outcome.ok ? outcome.relations : [],
    problems: outcome.problems,
    resultHash: hashOf({
      ok: outcome.ok,
      entity: outcome.ok ? outcome.entity : null,
      relations: outcome.relations,
      problems: outcome.problems,
      children: children && {
        keep: children.keep,
        emitted: children.emitted.map(child => [child.entityRef, child.hash, child.locationKey]),
      },
    }),
    nextUpdateAt: nextUpdateFor(claimed.kind, outcome, processingIntervalMs),
    children,
  };
}

/** Locations and entities with placeholders are read again periodically; others when asked. */
function nextUpdateFor(
  kind: string,
  outcome: ProcessingOutcome,
  processingIntervalMs: number | false,
): Date | 'infinity' {
  const periodic =
    kind === 'location' ||
    (outcome.entity !== undefined && JSON.stringify(outcome.entity).includes('"$'));
  if (!periodic || processingIntervalMs === false) return 'infinity';
  const jitter = 1 + Math.random() * 0.5;
  return new Date(Date.now() + processingIntervalMs * jitter);
}
