import { safeParseEntityRef } from '@callboard/catalog-model';
import { parseRepoUrlValue, type RepoUrlValue } from '../../common/repoUrl';
import {
  TemplateRefusal,
  activeLimits,
  checkPlannedLength,
  checkSize,
  plannedReplaceLength,
  safeMemberLookup,
  tick,
} from './sandbox';
import { unwrapSecret } from './secretTaint';
import { defaultTemplateLimits } from './templateLimits';

type Filter = (this: unknown, ...args: unknown[]) => unknown;

function repoUrl(value: unknown, filter: string): RepoUrlValue {
  if (typeof value !== 'string') {
    throw new TemplateRefusal(
      `${filter} expects a repository URL like "host?owner=o&repo=r", not ${value === undefined ? 'undefined' : JSON.stringify(value)}`,
    );
  }
  try {
    return parseRepoUrlValue(value);
  } catch (error) {
    throw new TemplateRefusal((error as Error).message);
  }
}

/** `host?owner=o&repo=r` → `{host, owner, repo, …}`. */
const parseRepoUrl: Filter = value => ({ ...repoUrl(value, 'parseRepoUrl') });

/** `kind:namespace/name` → `{kind, namespace, name}`, parts the ref leaves out from the context. */
const parseEntityRef: Filter = (value, context) => {
  const defaults: { defaultKind?: string; defaultNamespace?: string } = {};
  if (context !== undefined && context !== null) {
    for (const key of ['defaultKind', 'defaultNamespace'] as const) {
      const found = safeMemberLookup(context, key);
      if (typeof found === 'string') defaults[key] = found;
    }
  }
  const parsed = safeParseEntityRef(value, defaults);
  if (!parsed.ok) throw new TemplateRefusal(parsed.message);
  return { ...parsed.ref };
};

/** `pick('a.b')`: a (dotted) own property of an object. */
const pick: Filter = (value, path) => {
  if (typeof path !== 'string' || path === '') {
    throw new TemplateRefusal('pick expects the name of a property, e.g. pick("owner")');
  }
  let current = value;
  for (const part of path.split('.')) {
    if (current === undefined || current === null) return undefined;
    current = safeMemberLookup(current, part);
  }
  return current;
};

/** `host?owner=o&repo=r` → `o/r`. */
const projectSlug: Filter = value => {
  const parsed = repoUrl(value, 'projectSlug');
  const owner = parsed.owner ?? parsed.project ?? parsed.workspace ?? parsed.organization;
  if (!owner) {
    throw new TemplateRefusal(`projectSlug needs an owner= in the repository URL "${value}"`);
  }
  return `${owner}/${parsed.repo}`;
};

/** Filters every template has, on top of nunjucks' built-ins. */
export const customFilters: Record<string, Filter> = {
  parseRepoUrl,
  parseEntityRef,
  pick,
  projectSlug,
};

const numberArgument = (value: unknown) => (value === undefined ? 0 : Number(value));

/**
 * Checks, before a built-in filter runs, the arguments that decide how much it allocates
 * (`center(1e9)` would otherwise build a gigabyte of spaces before any result check).
 */
const builtinGuards: Record<string, (args: unknown[]) => void> = {
  center: ([, width]) => checkPlannedLength(numberArgument(width), 'center'),
  indent: ([text, width]) =>
    checkPlannedLength(
      String(text ?? '').length * (1 + numberArgument(width ?? 4)),
      `indent(${String(width)})`,
    ),
  batch: ([, count]) => checkListLength(numberArgument(count), 'batch'),
  slice: ([, count]) => checkListLength(numberArgument(count), 'slice'),
  replace: ([text, pattern, replacement, maxCount]) => {
    if (typeof text !== 'string') return;
    checkPlannedLength(
      plannedReplaceLength(
        text,
        pattern,
        replacement,
        maxCount === undefined ? Infinity : numberArgument(maxCount),
      ),
      'replace',
    );
  },
  join: ([list, separator]) => {
    if (!Array.isArray(list)) return;
    const each = String(separator ?? '').length;
    checkPlannedLength(
      list.reduce<number>(
        (total, item) => total + (typeof item === 'string' ? item.length : 24) + each,
        0,
      ),
      'join',
    );
  },
};

function checkListLength(length: number, what: string): void {
  const limit = activeLimits()?.maxArrayLength;
  if (limit !== undefined && length > limit) {
    throw new TemplateRefusal(
      `${what}(${length}) would build a list longer than the limit of ${limit}`,
    );
  }
}

/** Wraps a filter so that it counts as an operation and its result is size-checked. */
export function guardFilter(name: string, filter: Filter): Filter {
  const guard = builtinGuards[name];
  return function guarded(this: unknown, ...rawArgs: unknown[]) {
    tick();
    // A filter sees a secret's text, and the render is marked as having read it (ADR 0019).
    const args = rawArgs.map(unwrapSecret);
    guard?.(args);
    return checkSize(filter.apply(this, args));
  };
}

/** `range()` with the list length bounded (nunjucks' own builds any length asked for). */
export function boundedRange(start: unknown, stop?: unknown, step?: unknown): number[] {
  tick();
  let from = Number(start);
  let to = Number(stop);
  let by = step === undefined ? 1 : Number(step);
  if (stop === undefined) {
    to = from;
    from = 0;
  }
  if (!by) by = 1;
  if (![from, to, by].every(Number.isFinite)) {
    throw new TemplateRefusal('range() takes finite numbers');
  }
  const length = Math.max(0, Math.ceil((to - from) / by));
  const limit = (activeLimits() ?? defaultTemplateLimits).maxRangeLength;
  if (length > limit) {
    throw new TemplateRefusal(`range() of ${length} numbers is longer than the limit of ${limit}`);
  }
  return Array.from({ length }, (_, index) => from + index * by);
}
