import { stringifyEntityRef, type Entity } from '@callboard/catalog-model';
import type { AnalyzeLocationResponse, IngestionProblem } from '../../common';

/** One entity the location would produce, as the review table shows it. */
export interface AnalyzedEntity {
  /** `component:default/payments` */
  entityRef: string;
  kind: string;
  namespace: string;
  name: string;
  title?: string;
  /** `spec.owner` as written, when the entity has one. */
  owner?: string;
  /** Already in the catalog (through this or another location). */
  isRegistered: boolean;
  /** The file it was read from: `https://…/blob/main/catalog-info.yaml`. */
  file: string;
}

/** Why nothing can be imported, worded for the person who typed the URL. */
export interface Blocker {
  title: string;
  message: string;
  hint: string;
}

export interface AnalysisSummary {
  entities: AnalyzedEntity[];
  /** Errors and warnings, errors first; every one is shown. */
  problems: IngestionProblem[];
  errorCount: number;
  newCount: number;
  /** Set when importing would add nothing; the Import button is then disabled. */
  blocker?: Blocker;
}

const noDescriptor = /There is no catalog-info\.yaml|no catalog file|not found in the repository/i;

/**
 * What an `analyze-location` answer means for the import form: the entities to list, every
 * problem, and whether importing makes sense. A location is only worth registering when it
 * yields at least one valid entity that is not in the catalog yet; broken documents beside
 * valid ones do not block it (they are listed, and stay problems until fixed).
 */
export function summarizeAnalysis(response: AnalyzeLocationResponse): AnalysisSummary {
  const entities = response.existingEntityFiles.map(({ entity, isRegistered, location }) => {
    const typed = entity as unknown as Entity;
    const spec = (typed.spec ?? {}) as Record<string, unknown>;
    return {
      entityRef: stringifyEntityRef(typed),
      kind: typed.kind,
      namespace: typed.metadata.namespace ?? 'default',
      name: typed.metadata.name,
      title: typed.metadata.title,
      owner: typeof spec.owner === 'string' ? spec.owner : undefined,
      isRegistered,
      file: location.target,
    };
  });
  const problems = [...response.problems].sort(
    (a, b) => Number(b.level === 'error') - Number(a.level === 'error'),
  );
  const errorCount = problems.filter(problem => problem.level === 'error').length;
  const newCount = entities.filter(entity => !entity.isRegistered).length;
  return { entities, problems, errorCount, newCount, blocker: blockerFor(entities, problems) };
}

function blockerFor(entities: AnalyzedEntity[], problems: IngestionProblem[]): Blocker | undefined {
  if (entities.length > 0) {
    if (entities.every(entity => entity.isRegistered)) {
      return {
        title: 'Everything here is already in the catalog',
        message: `All ${entities.length === 1 ? 'the entity' : `${entities.length} entities`} this URL describes ${entities.length === 1 ? 'is' : 'are'} already registered, through this URL or another one.`,
        hint: 'Open them from the table. To pick up changes, refresh the entity from its page instead of registering it again.',
      };
    }
    return undefined;
  }
  const readFailure = problems.find(problem => problem.type === 'read');
  if (readFailure && noDescriptor.test(readFailure.message)) {
    return {
      title: 'No catalog-info.yaml here',
      message: readFailure.message,
      hint: 'Add a catalog-info.yaml at the root of the repository (or the folder), or enter the URL of the descriptor file itself.',
    };
  }
  if (readFailure) {
    return {
      title: 'Could not read this URL',
      message: readFailure.message,
      hint: 'Check the URL for typos, that the repository exists, and that the portal can reach its host.',
    };
  }
  if (problems.length > 0) {
    return {
      title: 'No valid entity found',
      message: `The descriptor was read, but ${problems.length === 1 ? 'its problem leaves' : `its ${problems.length} problems leave`} nothing to import.`,
      hint: 'Fix the problems listed below in the repository, then analyze again.',
    };
  }
  return {
    title: 'No entities found',
    message: 'The descriptor was read but describes no entities.',
    hint: 'Add at least one entity (a Component, API, System…) to the catalog-info.yaml, then analyze again.',
  };
}
