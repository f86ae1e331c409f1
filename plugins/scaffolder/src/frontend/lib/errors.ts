import { InputError } from '@callboard/plugin-api/common';

/** A message as a sentence: capitalised and ending in a full stop. */
export function sentence(message: string): string {
  const text = message.trim();
  if (!text) return text;
  const capitalised = text.charAt(0).toUpperCase() + text.slice(1);
  return /[.!?]$/.test(capitalised) ? capitalised : `${capitalised}.`;
}

/**
 * The values did not satisfy the template's parameters on the server: Backstage answers 400 with
 * `{errors: [...]}` (JSON Schema validation errors) instead of its usual error body. Keeps one
 * readable line per problem.
 */
export class TaskValidationError extends InputError {
  readonly statusCode: number;
  readonly problems: string[];

  constructor(statusCode: number, problems: string[], summary?: string) {
    super(
      summary ??
        (problems.length === 1
          ? `The template refused a value: ${problems[0]}`
          : `The template refused ${problems.length} values.`),
    );
    this.statusCode = statusCode;
    this.problems = problems;
  }

  /**
   * The error a body with an `errors` list describes (Backstage's bare `{errors}` or Callboard's
   * error body carrying `errors` beside `error`), or undefined for any other body.
   */
  static fromBody(statusCode: number, body: unknown): TaskValidationError | undefined {
    if (typeof body !== 'object' || body === null || !('errors' in body)) return undefined;
    const { errors } = body;
    if (!Array.isArray(errors) || errors.length === 0) return undefined;
    const summary =
      'error' in body &&
      typeof body.error === 'object' &&
      body.error !== null &&
      'message' in body.error &&
      typeof body.error.message === 'string'
        ? body.error.message
        : undefined;
    return new TaskValidationError(statusCode, errors.map(describeValidationProblem), summary);
  }
}

/**
 * One JSON Schema error as a sentence. Backstage's errors come from `jsonschema` (`property`,
 * `message`, `stack`), others from Ajv (`instancePath`, `message`); plain strings pass through.
 */
export function describeValidationProblem(problem: unknown): string {
  if (typeof problem === 'string') return problem;
  if (typeof problem !== 'object' || problem === null) return String(problem);
  const record = problem as Record<string, unknown>;
  const message = typeof record.message === 'string' ? record.message : undefined;
  const rawPath =
    typeof record.property === 'string'
      ? record.property
      : typeof record.instancePath === 'string'
        ? record.instancePath
        : undefined;
  // `instance.repoUrl` / `/repoUrl` → `repoUrl`; the whole object is "the values".
  const path = rawPath
    ?.replace(/^instance\.?/, '')
    .replace(/^\//, '')
    .replaceAll('/', '.');
  if (message) return path ? `${path}: ${message}` : message;
  if (typeof record.stack === 'string') return record.stack;
  return JSON.stringify(problem);
}
