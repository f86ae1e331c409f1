import {
  ANNOTATION_LOCATION,
  ANNOTATION_ORIGIN_LOCATION,
  type Entity,
  parseLocationRef,
  stringifyEntityRef,
} from '@callboard/catalog-model';
import { InputError } from '@callboard/plugin-api/common';
import { processEntity, type ProcessingContext } from '../processing/processEntity';

/** Runs the processing pipeline on an entity as if read from `location`; returns the problems. */
export async function validateEntity(
  processing: ProcessingContext,
  entity: unknown,
  location: string,
): Promise<Array<{ name: string; message: string }>> {
  let locationRef;
  try {
    locationRef = parseLocationRef(location);
  } catch (error) {
    throw new InputError((error as Error).message);
  }
  if (locationRef.type !== 'url') {
    throw new InputError(
      `Invalid location ref ${location}, only 'url:<target>' is supported, e.g. url:https://host/path`,
    );
  }
  if (!entity || typeof entity !== 'object' || Array.isArray(entity)) {
    return [{ name: 'InputError', message: 'The entity must be an object' }];
  }
  const candidate = structuredClone(entity) as Entity;
  candidate.metadata = {
    ...(candidate.metadata ?? {}),
    annotations: {
      ...((candidate.metadata ?? {}) as Entity['metadata']).annotations,
      [ANNOTATION_LOCATION]: location,
      [ANNOTATION_ORIGIN_LOCATION]: location,
    },
  } as Entity['metadata'];
  let ref = 'unknown';
  try {
    ref = stringifyEntityRef(candidate);
  } catch {
    // Validation below says what is wrong with the name.
  }
  const outcome = await processEntity(
    {
      entityRef: ref,
      unprocessedEntity: candidate,
      depth: 0,
      ancestry: new Set(),
      origin: { type: locationRef.type, target: locationRef.target, source: 'api' },
      urgent: true,
      // Validation only: a Location's targets are not read here.
      readChildren: false,
    },
    processing,
  );
  return outcome.problems
    .filter(
      problem =>
        problem.level === 'error' && problem.type !== 'read' && problem.type !== 'location',
    )
    .map(problem => ({ name: problem.name, message: problem.message }));
}
