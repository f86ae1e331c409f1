import { formatZodError } from '@callboard/plugin-api/backend';
import { describeForUser, InputError } from '@callboard/plugin-api/common';
import type { TaskSpec, TaskStep } from '../../common';
import type { ActionContext, AnyActionDefinition } from '../actions/types';
import type { ScaffolderReader } from '../ScaffolderDeps';
import type { WorkspaceQuota } from '../workspace/workspaceQuota';
import type { RevealedSecret } from '../templating/TemplateEngine';
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
  workspaceQuota: WorkspaceQuota;
  createTemporaryDirectory(): Promise<string>;
  signal: AbortSignal;
  isDryRun: boolean;
  /** Receives every log line (already masked by the caller's sink) in order. */
  log(body: EventBody): void;
}

/** Where a template's context holds secrets: the task's own, and the configured ones. */
const secretPaths = [['secrets'], ['environment', 'secrets']] as const;

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
      const rendering = { renderer, signal: options.signal, stepId: step.id };
      if (
        step.if !== undefined &&
        !isTruthy(await renderPublic(rendering, step.if, context(), 'condition'))
      ) {
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
      const iterations = await iterationsOf(rendering, step, context());
      for (const iteration of iterations) {
        const iterationContext = context(iteration ? { each: iteration } : {});
        const { value: rendered, revealed } = await render(
          rendering,
          step.input ?? {},
          iterationContext,
          'input',
        );
        // Checked before the action runs: only fields it declares may receive a secret.
        const accepted = new Set(action.secretInputs ?? []);
        for (const leak of revealed) {
          const field = leak.path[0];
          if (typeof field === 'string' && accepted.has(field)) continue;
          throw new SecretRevealError(
            `step ${step.id} input ${formatPath(leak.path)} would reveal a secret (${leak.secrets.join(', ')})`,
          );
        }
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
      await options.workspaceQuota.measure();
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
      // Seen by whoever can list tasks: what failed, never SQL, a stack or a server path.
      const message = describeForUser(error);
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
  const rendering = { renderer, signal: options.signal, stepId: undefined };
  return { output: await renderOutput(rendering, spec.output, context()) };
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
    workspaceQuota: options.workspaceQuota,
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

/** A template would put a secret (or a value computed from one) where it could be seen. */
export class SecretRevealError extends InputError {
  override name = 'SecretRevealError';
}

interface Rendering {
  renderer: TemplateRenderer;
  signal: AbortSignal;
  /** The step being rendered; undefined for the task's output. */
  stepId: string | undefined;
}

/** `["links", 0, "url"]` → `links[0].url` */
function formatPath(path: Array<string | number>): string {
  return path
    .map((part, index) =>
      typeof part === 'number' ? `[${part}]` : index === 0 ? part : `.${part}`,
    )
    .join('');
}

/** One iteration per item of the rendered `each` (array items, or object entries); one pass without `each`. */
async function iterationsOf(
  rendering: Rendering,
  step: TaskStep,
  context: Record<string, unknown>,
): Promise<Array<{ key: string | number; value: unknown } | undefined>> {
  if (step.each === undefined) return [undefined];
  const items = await renderPublic(rendering, step.each, context, 'each');
  if (Array.isArray(items)) return items.map((value, key) => ({ key, value }));
  if (items && typeof items === 'object') {
    return Object.entries(items).map(([key, value]) => ({ key, value }));
  }
  throw new InputError(
    `"each" must render to an array or an object, not ${items === null ? 'null' : typeof items}`,
  );
}

/** Renders a value in one worker round trip, listing the strings that read a secret. */
async function render(
  rendering: Rendering,
  value: unknown,
  context: Record<string, unknown>,
  what: string,
): Promise<{ value: unknown; revealed: RevealedSecret[] }> {
  try {
    return await rendering.renderer.renderValue(value, context, {
      secretPaths,
      signal: rendering.signal,
    });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new InputError(`Cannot render "${what}": ${message}`, { cause: error });
  }
}

/**
 * Renders a value that is seen (a condition, `each`, the output): one that read a secret is
 * refused, whatever was done to the secret (ADR 0019).
 */
async function renderPublic(
  rendering: Rendering,
  value: unknown,
  context: Record<string, unknown>,
  what: string,
): Promise<unknown> {
  const { value: rendered, revealed } = await render(rendering, value, context, what);
  const leak = revealed[0];
  if (leak) {
    const place = leak.path.length > 0 ? `${what} ${formatPath(leak.path)}` : what;
    const where = rendering.stepId === undefined ? place : `step ${rendering.stepId} ${place}`;
    throw new SecretRevealError(`${where} would reveal a secret (${leak.secrets.join(', ')})`);
  }
  return rendered;
}

/** `spec.output` rendered; links and texts whose `if` is false are left out. */
async function renderOutput(
  rendering: Rendering,
  output: TaskSpec['output'],
  context: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  // Conditions first, in one round trip; then everything kept, in another.
  const conditions: Record<string, unknown[]> = {};
  for (const key of ['links', 'text'] as const) {
    const items = output[key];
    if (Array.isArray(items)) {
      conditions[key] = items.map(item => (item as { if?: unknown }).if ?? true);
    }
  }
  const decided = (await renderPublic(rendering, conditions, context, 'output')) as Record<
    string,
    unknown[]
  >;
  const kept: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(output)) {
    const keep = decided[key];
    kept[key] =
      keep && Array.isArray(value)
        ? value
            .filter((_, index) => isTruthy(keep[index]))
            .map(item => {
              const { if: _if, ...rest } = item as Record<string, unknown>;
              return rest;
            })
        : value;
  }
  return (await renderPublic(rendering, kept, context, 'output')) as Record<string, unknown>;
}

function formatMs(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`;
}
