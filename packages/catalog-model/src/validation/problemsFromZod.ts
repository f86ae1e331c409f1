import type { z } from 'zod';
import { describeExpectedType, describeValue } from './describeValue';
import { problemAt, type ValidationProblem } from './ValidationProblem';

export interface IssueContext {
  /** The whole document, to tell a missing key from one that is present but empty. */
  root: unknown;
  /** Prepended to each issue's path (the schema validated this part of the document). */
  basePath: (string | number)[];
  /** The entity's kind, for "spec.owner is required for kind Component". */
  kind?: string;
}

function lookup(root: unknown, path: readonly PropertyKey[]): { present: boolean; value: unknown } {
  let current: unknown = root;
  for (const segment of path) {
    if (current === null || typeof current !== 'object' || !(segment in current)) {
      return { present: false, value: undefined };
    }
    current = (current as Record<PropertyKey, unknown>)[segment];
  }
  return { present: current !== undefined, value: current };
}

function quoteAll(values: readonly unknown[]): string {
  const shown = values.map(v => JSON.stringify(v));
  return shown.length <= 1 ? (shown[0] ?? '') : `one of ${shown.join(', ')}`;
}

/**
 * Turns zod's issues into problems a YAML author understands. Generic issue codes get generated
 * wording; `custom` issues (and unions with an explicit error) carry their own complete message,
 * in which `{field}` stands for the formatted path.
 */
export function problemsFromZod(
  issues: readonly z.core.$ZodIssue[],
  context: IssueContext,
): ValidationProblem[] {
  // zod still runs length checks on a value of the wrong type (an array has a length too); the
  // type problem says all there is to say about that value.
  const wrongType = new Set(
    issues.filter(i => i.code === 'invalid_type').map(i => JSON.stringify(i.path)),
  );
  const relevant = issues.filter(
    i => i.code === 'invalid_type' || !wrongType.has(JSON.stringify(i.path)),
  );
  return relevant.map(issue => {
    const path = [...context.basePath, ...(issue.path as (string | number)[])];
    const { present, value } = lookup(context.root, path);
    switch (issue.code) {
      case 'invalid_type': {
        if (!present) {
          const forKind = context.kind && path[0] === 'spec' ? ` for kind ${context.kind}` : '';
          return problemAt(path, `{field} is required${forKind}`);
        }
        // YAML reads `version: 1.10` or `enabled: yes`-style values as numbers and booleans.
        const quote =
          issue.expected === 'string' && (typeof value === 'number' || typeof value === 'boolean')
            ? ' (put the value in quotes to make it a string)'
            : '';
        return problemAt(
          path,
          `{field} must be ${describeExpectedType(issue.expected)}, but found ${describeValue(value)}${quote}`,
        );
      }
      case 'too_small': {
        if (issue.origin === 'string') {
          return problemAt(
            path,
            Number(issue.minimum) <= 1
              ? '{field} must not be empty'
              : `{field} must be at least ${issue.minimum} characters long`,
          );
        }
        if (issue.origin === 'array') {
          return problemAt(path, `{field} must list at least ${issue.minimum} item(s)`);
        }
        return problemAt(path, `{field} must be at least ${issue.minimum}`);
      }
      case 'too_big':
        return problemAt(
          path,
          issue.origin === 'string'
            ? `{field} must be at most ${issue.maximum} characters long`
            : `{field} must be at most ${issue.maximum}`,
        );
      case 'invalid_value':
        return problemAt(
          path,
          `{field} must be ${quoteAll(issue.values)}, but found ${describeValue(value)}`,
        );
      case 'unrecognized_keys':
        return problemAt(path, `{field} has unknown key(s): ${issue.keys.join(', ')}`);
      case 'custom':
        // Our own checks word the whole message; `{field}` marks where the path goes, if anywhere.
        return problemAt(path, issue.message);
      default:
        return problemAt(
          path,
          issue.message.includes('{field}') ? issue.message : `{field}: ${issue.message}`,
        );
    }
  });
}
