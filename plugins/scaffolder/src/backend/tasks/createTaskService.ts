import {
  parseEntityRef,
  stringifyEntityRef,
  validateEntity,
  type Entity,
} from '@callboard/catalog-model';
import { findUnstorableValue, InputError, NotFoundError } from '@callboard/plugin-api/common';
import type { ParameterSchemaResponse, TaskSpec, TaskStep } from '../../common';
import type { ScaffolderCatalog } from '../ScaffolderDeps';
import { createParameterValidator, parameterPages } from './templateParameters';
import type { TaskStore } from './taskStore';

const templateApiVersion = 'scaffolder.backstage.io/v1beta3';
const sourceLocationAnnotation = 'backstage.io/source-location';
const managedByLocationAnnotation = 'backstage.io/managed-by-location';

interface TemplateSpecShape {
  parameters?: unknown;
  steps?: Array<Record<string, unknown>>;
  output?: Record<string, unknown>;
  presentation?: ParameterSchemaResponse['presentation'];
  secrets?: { schema?: Record<string, unknown> };
  EXPERIMENTAL_recovery?: TaskSpec['EXPERIMENTAL_recovery'];
}

/** The template's folder, where `./skeleton` resolves: `url:<…>/` or `file:<…>/`. */
export function templateBaseUrl(entity: Entity): string | undefined {
  const annotations = entity.metadata.annotations ?? {};
  const source = annotations[sourceLocationAnnotation];
  if (source) return source;
  const managed = annotations[managedByLocationAnnotation];
  if (!managed) return undefined;
  // `url:https://…/template.yaml` → its folder.
  return managed.replace(/[^/]*$/, '');
}

/** Steps with Backstage's defaults: id `step-<n>` (1-based), name = action id. */
export function normalizeSteps(steps: Array<Record<string, unknown>>): TaskStep[] {
  return steps.map((step, index) => ({
    ...step,
    id: typeof step.id === 'string' && step.id ? step.id : `step-${index + 1}`,
    name: typeof step.name === 'string' && step.name ? step.name : String(step.action),
    action: String(step.action),
  })) as TaskStep[];
}

/**
 * Turns templates into tasks: finds the template in the catalog, serves its form pages, checks
 * values (and secrets) against its schemas, and stores the task spec (without secrets).
 */
export function createTaskService(options: { store: TaskStore; catalog: ScaffolderCatalog }) {
  const { store, catalog } = options;
  const validator = createParameterValidator();

  const getTemplate = async (ref: string): Promise<Entity> => {
    let parsed;
    try {
      parsed = parseEntityRef(ref, { defaultKind: 'template', defaultNamespace: 'default' });
    } catch (error) {
      throw new InputError(`Invalid template ref "${ref}": ${(error as Error).message}`);
    }
    if (parsed.kind.toLowerCase() !== 'template') {
      throw new InputError(`"${ref}" is not a template ref: its kind is ${parsed.kind}`);
    }
    const entityRef = stringifyEntityRef(parsed);
    const entity = await catalog.getEntityByRef(entityRef);
    if (!entity) throw new NotFoundError(`No template ${entityRef} in the catalog`);
    if (entity.apiVersion !== templateApiVersion) {
      throw new InputError(
        `${entityRef} is a ${entity.apiVersion} template; only ${templateApiVersion} templates can run`,
      );
    }
    return entity;
  };

  const specOf = (entity: Entity) => (entity.spec ?? {}) as TemplateSpecShape;

  const buildSpec = (
    entity: Entity,
    values: Record<string, unknown>,
    baseUrl: string | undefined,
    user: { ref?: string },
  ): TaskSpec => {
    const spec = specOf(entity);
    return {
      apiVersion: entity.apiVersion,
      steps: normalizeSteps(spec.steps ?? []),
      output: spec.output ?? {},
      parameters: values,
      user,
      templateInfo: {
        entityRef: stringifyEntityRef(entity),
        ...(baseUrl ? { baseUrl } : {}),
        entity: {
          metadata: {
            name: entity.metadata.name,
            ...(entity.metadata.title ? { title: entity.metadata.title } : {}),
          },
        },
      },
      ...(spec.EXPERIMENTAL_recovery ? { EXPERIMENTAL_recovery: spec.EXPERIMENTAL_recovery } : {}),
    };
  };

  const checkInput = (
    entity: Entity,
    values: Record<string, unknown>,
    secrets: Record<string, string> | undefined,
  ) => {
    const spec = specOf(entity);
    validator.validate(parameterPages(spec.parameters), values);
    if (spec.secrets?.schema) validator.validate([spec.secrets.schema], secrets ?? {}, 'secrets');
    // What the database cannot store (a NUL, a lone surrogate) is refused here, naming the field,
    // rather than by the insert (ADR 0018).
    const unstorable =
      findUnstorableValue(values, ['values']) ?? findUnstorableValue(secrets, ['secrets']);
    if (unstorable) throw new InputError(unstorable.message);
  };

  return {
    getTemplate,

    async getParameterSchema(namespace: string, kind: string, name: string) {
      const entity = await getTemplate(`${kind}:${namespace}/${name}`);
      const spec = specOf(entity);
      const response: ParameterSchemaResponse = {
        title: entity.metadata.title ?? entity.metadata.name,
        ...(entity.metadata.description ? { description: entity.metadata.description } : {}),
        ...(spec.presentation ? { presentation: spec.presentation } : {}),
        steps: parameterPages(spec.parameters).map(page => ({
          title:
            typeof page.title === 'string' ? page.title : 'Please enter the following information',
          ...(typeof page.description === 'string' ? { description: page.description } : {}),
          schema: page,
        })),
      };
      return response;
    },

    async createTask(request: {
      templateRef: string;
      values: Record<string, unknown>;
      secrets?: Record<string, string>;
      createdBy?: string;
    }) {
      const entity = await getTemplate(request.templateRef);
      checkInput(entity, request.values, request.secrets);
      const spec = buildSpec(entity, request.values, templateBaseUrl(entity), {
        ...(request.createdBy ? { ref: request.createdBy } : {}),
      });
      return store.createTask({
        spec,
        ...(request.secrets ? { secrets: request.secrets } : {}),
        ...(request.createdBy ? { createdBy: request.createdBy } : {}),
      });
    },

    /** For dry runs: a template entity given in the request, checked like an ingested one. */
    prepareDryRun(
      template: Entity,
      values: Record<string, unknown>,
      secrets: Record<string, string> | undefined,
      baseUrl: string,
    ): TaskSpec {
      if (
        template.apiVersion !== templateApiVersion ||
        template.kind.toLowerCase() !== 'template'
      ) {
        throw new InputError(`A dry run needs a ${templateApiVersion} Template entity`);
      }
      const validation = validateEntity(template);
      if (!validation.ok) {
        throw new InputError(
          `The template is not valid: ${validation.problems.map(problem => `${problem.field}: ${problem.message}`).join('; ')}`,
        );
      }
      checkInput(template, values, secrets);
      return buildSpec(template, values, baseUrl, {});
    },
  };
}

export type TaskService = ReturnType<typeof createTaskService>;
