import type { z } from 'zod';
import type { TemplateRenderer } from '../templating/TemplateRenderer';
import type { ScaffolderReader } from '../ScaffolderDeps';
import type { WorkspaceQuota } from '../workspace/workspaceQuota';

/** Where relative URLs in a template resolve, and who asked for the task. */
export interface TemplateInfo {
  /** `template:default/my-template` */
  entityRef: string;
  /** The template's folder: `url:https://…/` or `file:/abs/folder/` (absent: relative URLs fail). */
  baseUrl?: string;
}

/** Log lines an action writes; secrets are masked before they are stored or streamed. */
export interface ActionLogger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export interface ActionContext<TInput> {
  taskId: string;
  /** The task's workspace: every path an action touches must stay inside it. */
  workspacePath: string;
  /**
   * The disk space the run may use (ADR 0019): pass it to `writeWorkspaceFile`, which refuses a
   * write over it. Whatever is written otherwise is measured after the step.
   */
  workspaceQuota: WorkspaceQuota;
  /** Validated with the action's `input` schema. */
  input: TInput;
  logger: ActionLogger;
  /** Sets an output value, visible to later steps as `steps['<id>'].output.<name>`. */
  output(name: string, value: unknown): void;
  /** Aborted when the task is cancelled or the backend stops. */
  signal: AbortSignal;
  templateInfo: TemplateInfo;
  user: { ref?: string };
  secrets: Readonly<Record<string, string>>;
  /** True in `POST /v2/dry-run`: nothing may leave the workspace (no push, no registration). */
  isDryRun: boolean;
  /** A fresh folder outside the workspace, removed with it. */
  createTemporaryDirectory(): Promise<string>;
  /**
   * The same sandboxed `${{ }}` renderer the task uses, in worker threads (fetch:template renders
   * files with it); pass the context's `signal` so a cancelled task stops its render.
   */
  renderer: TemplateRenderer;
  /** Reads files from the template's own location (git repository, URL or config file). */
  reader: ScaffolderReader;
}

export interface ActionExample {
  description: string;
  /** YAML of a step using the action. */
  example: string;
}

/** An action a template step can call by `action: <id>`. */
export interface ActionDefinition<TInput = unknown, TOutput = unknown> {
  /** `fetch:template`, `publish:git`, … */
  id: string;
  description: string;
  /** Validates `input` after rendering; its JSON Schema is served by `GET /v2/actions`. */
  input: z.ZodType<TInput>;
  /** Documents the outputs (JSON Schema in `GET /v2/actions`); dry runs synthesise from it. */
  output?: z.ZodType<TOutput>;
  /**
   * Top-level input fields that may receive a secret, or a value computed from one (ADR 0019):
   * `environment.secrets.*` and the task's `secrets.*`. Any other field that would receive one
   * fails the step before the action runs. An action lists a field here only if it never logs,
   * outputs or writes the value into the workspace.
   */
  secretInputs?: readonly string[];
  /** Runs in dry runs too (only actions that touch nothing but the workspace). */
  supportsDryRun?: boolean;
  examples?: ActionExample[];
  handler(context: ActionContext<TInput>): Promise<void>;
}

/** Erases an action's input type, so a list can hold actions of different inputs. */
export type AnyActionDefinition = ActionDefinition<any, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Declares an action with its types inferred from the schemas. */
export function defineAction<TInput, TOutput = unknown>(
  action: ActionDefinition<TInput, TOutput>,
): ActionDefinition<TInput, TOutput> {
  return action;
}
