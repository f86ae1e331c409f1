import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parse } from 'yaml';
import { ConfigError } from './ConfigError';

export interface SubstitutionContext {
  env: Readonly<Record<string, string | undefined>>;
  /** The folder of the file being read; `$file` and `$include` resolve against it. */
  dir: string;
  /** For messages: which file the value came from. */
  file: string;
}

const variablePattern = /(\$?)\$\{([^{}]*)\}/g;

/**
 * Applies Backstage's substitution rules to one parsed config file:
 * `${VAR}` and `${VAR:-fallback}` inside strings (a missing variable makes the whole value
 * undefined, so lower-priority files or schema defaults apply), `$${...}` as an escape, and the
 * include objects `{$env: VAR}`, `{$file: ./path}` and `{$include: ./file.yaml#a.b}`.
 */
export function substitute(
  value: unknown,
  context: SubstitutionContext,
  path: string[] = [],
): unknown {
  if (typeof value === 'string') {
    return substituteString(value, context);
  }
  if (Array.isArray(value)) {
    return value
      .map((item, index) => substitute(item, context, [...path, String(index)]))
      .filter(item => item !== undefined);
  }
  if (isPlainObject(value)) {
    const include = includeDirective(value, context, path);
    if (include.matched) {
      return include.value;
    }
    const out: Record<string, unknown> = {};
    for (const [key, child] of Object.entries(value)) {
      const substituted = substitute(child, context, [...path, key]);
      if (substituted !== undefined) {
        out[key] = substituted;
      }
    }
    return out;
  }
  return value;
}

function substituteString(value: string, context: SubstitutionContext): string | undefined {
  let missing = false;
  const result = value.replace(
    variablePattern,
    (match: string, escape: string, expression: string) => {
      if (escape) {
        return match.slice(1);
      }
      const [name = '', fallback] = splitFallback(expression);
      const resolved = context.env[name.trim()];
      if (resolved !== undefined && resolved !== '') {
        return resolved;
      }
      if (fallback !== undefined) {
        return fallback;
      }
      missing = true;
      return '';
    },
  );
  return missing ? undefined : result;
}

function splitFallback(expression: string): [string, string | undefined] {
  const index = expression.indexOf(':-');
  return index === -1
    ? [expression, undefined]
    : [expression.slice(0, index), expression.slice(index + 2)];
}

function includeDirective(
  value: Record<string, unknown>,
  context: SubstitutionContext,
  path: string[],
): { matched: false } | { matched: true; value: unknown } {
  const keys = Object.keys(value);
  if (keys.length !== 1) {
    return { matched: false };
  }
  const [key] = keys as [string];
  const argument = value[key];
  const where = `${context.file}: ${path.join('.') || '(root)'}`;
  switch (key) {
    case '$env':
      if (typeof argument !== 'string')
        throw new ConfigError(`${where}: $env takes a variable name`);
      return { matched: true, value: context.env[argument] };
    case '$file': {
      if (typeof argument !== 'string') throw new ConfigError(`${where}: $file takes a path`);
      return { matched: true, value: readIncluded(resolve(context.dir, argument), where) };
    }
    case '$include': {
      if (typeof argument !== 'string') throw new ConfigError(`${where}: $include takes a path`);
      const [file = '', fragment] = argument.split('#', 2);
      const fullPath = resolve(context.dir, file);
      const text = readIncluded(fullPath, where);
      let parsed: unknown;
      try {
        parsed = parse(text) as unknown;
      } catch (error) {
        throw new ConfigError(`${where}: cannot parse ${fullPath}: ${(error as Error).message}`);
      }
      const picked = fragment ? pick(parsed, fragment.split('.')) : parsed;
      return {
        matched: true,
        value: substitute(picked, { ...context, dir: dirname(fullPath), file: fullPath }, path),
      };
    }
    default:
      return { matched: false };
  }
}

function readIncluded(fullPath: string, where: string): string {
  try {
    return readFileSync(fullPath, 'utf8');
  } catch (error) {
    throw new ConfigError(
      `${where}: cannot read ${fullPath}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
    );
  }
}

function pick(value: unknown, path: string[]): unknown {
  let current = value;
  for (const key of path) {
    current = isPlainObject(current) ? current[key] : undefined;
  }
  return current;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
