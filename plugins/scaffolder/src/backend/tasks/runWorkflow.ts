import { formatZodError } from '@callboard/plugin-api/backend';
import { InputError } from '@callboard/plugin-api/common';
import type { TaskSpec, TaskStep } from '../../common';
import type { ActionContext, AnyActionDefinition } from '../actions/types';
import type { ScaffolderReader } from '../ScaffolderDeps';
import type { TemplateRenderer } from '../templating/TemplateRenderer';
import type { EventBody } from './taskStore';

export interface WorkflowOptions {
  taskId: string;
  spec: TaskSpec;
  secrets: Readonly<Record<string, string>>;
  environment: { parameters: Record<string, unknown>; secrets: Record<string, string> };
  actions: ReadonlyMap<string, AnyActionDefinition>;
  renderer: TemplateRenderer;
  reader: ScaffolderReader;
  workspacePath: string;
  createTemporaryDirectory(): Promise<string>;
  signal: AbortSignal;
  isDryRun: boolean;
  /** Receives every log line (already masked by the caller's sink) in order. */
  log(body: EventBody): void;
}

export interface WorkflowResult {
  output: Record<string, unknown>;
}

/** A step failed; the message names the step. */
export class StepFailedError extends Error {
  override name = 'StepFailedError';
  constructor(
    readonly stepId: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** The task was cancelled or its replica is stopping. */
export class TaskAbortedError extends Error {
  override name = 'TaskAbortedError';
}

/** Backstage's truthiness for `if`: false, null, undefined, '', 0, NaN and [] skip. */
function isTruthy(value: unknown): boolean {
  return Array.isArray(value) ? value.length > 0 : Boolean(value);
}

/**
 * Runs a task's steps in order in its workspace: renders each step's `if`, `each` and `input`
 * with the sandboxed renderer, validates the input with the action's schema, runs the action,
 * and keeps its outputs for later steps; then renders `spec.output`. Throws `StepFailedError`
 * on the first failing step, `TaskAbortedError` when aborted.
 */
export async function runWorkflow(options: WorkflowOptions): Promise<WorkflowResult> {
  const { spec, renderer, log } = options;
  const stepOutputs: Record<string, { output: Record<string, unknown> }> = {};
  const context = (extra: Record<string, unknown> = {}): Record<string, unknown> => ({
    parameters: spec.parameters,
    steps: stepOutputs,
    secrets: options.secrets,
    user: spec.user,
    environment: options.environment,
    context: { task: { id: options.taskId } },
    ...extra,
  });

  for (const step of spec.steps) {
    if (options.signal.aborted) throw new TaskAbortedError('The task was cancelled');
    const started = Date.now();
    log({ stepId: step.id, status: 'processing', message: `Beginning step ${step.name}` });
    try {
      if (step.if !== undefined && !isTruthy(render(renderer, step.if, context(), 'if'))) {
        log({
          stepId: step.id,
          status: 'skipped',
          message: `Skipping step ${step.id}: its condition is false`,
        });
        continue;
      }
      const action = options.actions.get(step.action);
      if (!action) {
        throw new InputError(
          `Template action with ID "${step.action}" is not registered. Installed actions: ${[...options.actions.keys()].sort().join(', ')}`,
        );
      }
      if (options.isDryRun && !action.supportsDryRun) {
        log({
          stepId: step.id,
          status: 'skipped',
          message: `Skipping step ${step.id}: ${action.id} does not run in a dry run`,
        });
        stepOutputs[step.id] = { output: {} };
        continue;
      }
      const output: Record<string, unknown> = {};
      const iterations = iterationsOf(renderer, step, context());
      for (const iteration of iterations) {
        const iterationContext = context(iteration ? { each: iteration } : {});
        const rendered = render(renderer, step.input ?? {}, iterationContext, 'input');
        const parsed = action.input.safeParse(rendered);
        if (!parsed.success) {
          throw new InputError(
            `Invalid input passed to action ${action.id}: ${formatZodError(parsed.error)}`,
          );
        }
        if (iteration) {
          log({
            stepId: step.id,
            message: `Running ${action.id} for ${JSON.stringify(iteration.key)}`,
          });
        }
        await action.handler(
          actionContext(options, step, parsed.data, (name, value) => {
            if (iteration) {
              const list = (output[name] ??= []) as unknown[];
              list.push(value);
            } else {
              output[name] = value;
            }
          }),
        );
      }
      stepOutputs[step.id] = { output };
      log({
        stepId: step.id,
        status: 'completed',
        message: `Finished step ${step.name} in ${formatMs(Date.now() - started)}`,
      });
    } catch (error) {
      if (options.signal.aborted) {
        log({ stepId: step.id, status: 'cancelled', message: `Step ${step.name} was cancelled` });
        throw new TaskAbortedError('The task was cancelled', { cause: error });
      }
      const message = error instanceof Error ? error.message : String(error);
      log({ stepId: step.id, status: 'failed', message: `Step ${step.name} failed: ${message}` });
      throw new StepFailedError(
        step.id,
        `Step "${step.name}" (${step.action}) failed: ${message}`,
        {
          cause: error,
        },
      );
    }
  }
  return { output: renderOutput(renderer, spec.output, context()) };
}

function actionContext(
  options: WorkflowOptions,
  step: TaskStep,
  input: unknown,
  output: (name: string, value: unknown) => void,
): ActionContext<unknown> {
  const line = (prefix: string) => (message: string) =>
    options.log({ stepId: step.id, message: `${prefix}${message}` });
  return {
    taskId: options.taskId,
    workspacePath: options.workspacePath,
    input,
    logger: { info: line(''), warn: line('warning: '), error: line('error: ') },
    output,
    signal: options.signal,
    templateInfo: options.spec.templateInfo,
    user: options.spec.user,
    secrets: options.secrets,
    isDryRun: options.isDryRun,
    createTemporaryDirectory: options.createTemporaryDirectory,
    renderer: options.renderer,
    reader: options.reader,
  };
}

/** One iteration per item of the rendered `each` (array items, or object entries); one pass without `each`. */
function iterationsOf(
  renderer: TemplateRenderer,
  step: TaskStep,
  context: Record<string, unknown>,
): Array<{ key: string | number; value: unknown } | undefined> {
  if (step.each === undefined) return [undefined];
  const items = render(renderer, step.each, context, 'each');
  if (Array.isArray(items)) return items.map((value, key) => ({ key, value }));
  if (items && typeof items === 'object') {
    return Object.entries(items).map(([key, value]) => ({ key, value }));
  }
  throw new InputError(
    `"each" must render to an array or an object, not ${items === null ? 'null' : typeof items}`,
  );
}

function render(
  renderer: TemplateRenderer,
  value: unknown,
  context: Record<string, unknown>,
  what: string,
): unknown {
  try {
    return renderer.renderValue(value, context);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new InputError(`Cannot render "${what}": ${message}`, { cause: error });
  }
}

/** `spec.output` rendered; links and texts whose `if` is false are left out. */
function renderOutput(
  renderer: TemplateRenderer,
  output: TaskSpec['output'],
  context: Record<string, unknown>,
): Record<string, unknown> {
  const rendered: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(output)) {
    if ((key === 'links' || key === 'text') && Array.isArray(value)) {
      rendered[key] = value
        .filter(item => {
          const condition = (item as { if?: unknown }).if;
          return condition === undefined || isTruthy(render(renderer, condition, context, 'if'));
        })
        .map(item => {
          const { if: _if, ...rest } = item as Record<string, unknown>;
          return render(renderer, rest, context, `output.${key}`);
        });
    } else {
      rendered[key] = render(renderer, value, context, `output.${key}`);
    }
  }
  return rendered;
}

function formatMs(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`;
}
