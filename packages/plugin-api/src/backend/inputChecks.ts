import type { RequestHandler } from 'express';
import { InputError } from '../common/errors';
import { formatPath } from './errorHandler';

/**
 * How deep a request's JSON body or query may nest. Entities, templates and their parameters
 * stay far below it; past it, code that walks values recursively (validation, cloning, SQL
 * builders) would overflow the stack.
 */
export const maxInputDepth = 100;

/** Where a value came from, as a sentence names it. */
export type InputPlace = 'body' | 'query parameter' | 'path parameter';

/**
 * Refuses what no endpoint can use, before any plugin sees it: a NUL character or an unpaired
 * surrogate in a query parameter or a body string (PostgreSQL stores neither in text or jsonb,
 * and answers with an error that quotes the SQL), and JSON nested past `maxInputDepth`. Mount it
 * after the JSON body parser. Path parameters are matched later, per route: `parseParams` checks
 * them the same way.
 */
export function refuseUnusableInput(): RequestHandler {
  return (req, _res, next) => {
    const flaw =
      findUnusableInput(req.query, 'query parameter') ??
      (req.body === undefined ? undefined : findUnusableInput(req.body, 'body'));
    next(flaw ? new InputError(flaw) : undefined);
  };
}

/** Throws an `InputError` naming the first field that no endpoint can use. */
export function assertUsableInput(value: unknown, place: InputPlace): void {
  const flaw = findUnusableInput(value, place);
  if (flaw) {
    throw new InputError(flaw);
  }
}

interface Frame {
  value: unknown;
  depth: number;
  key: string | number | undefined;
  parent: Frame | undefined;
}

/**
 * The sentence naming the first unusable field of `value` in document order, or undefined. The
 * walk keeps its own stack, so a body nested 100,000 levels deep is answered, not overflowed.
 */
export function findUnusableInput(value: unknown, place: InputPlace): string | undefined {
  const stack: Frame[] = [{ value, depth: 0, key: undefined, parent: undefined }];
  while (stack.length > 0) {
    const frame = stack.pop()!;
    if (typeof frame.value === 'string') {
      const flaw = unusableCharacter(frame.value);
      if (flaw) return `${describePlace(place, pathOf(frame))} contains ${flaw}`;
      continue;
    }
    if (typeof frame.value !== 'object' || frame.value === null) continue;
    if (frame.depth >= maxInputDepth) {
      const topLevel = pathOf(frame).slice(0, 1);
      return `${describePlace(place, topLevel)} is nested deeper than ${maxInputDepth} levels`;
    }
    const entries = Array.isArray(frame.value)
      ? frame.value.map((item, index) => [index, item] as const)
      : Object.entries(frame.value);
    const children: Frame[] = [];
    for (const [key, item] of entries) {
      if (typeof key === 'string') {
        const flaw = unusableCharacter(key);
        if (flaw) {
          const owner = pathOf(frame);
          const where = owner.length > 0 ? describePlace(place, owner) : place;
          return `${where} has a key that contains ${flaw}`;
        }
      }
      children.push({ value: item, depth: frame.depth + 1, key, parent: frame });
    }
    // Reversed, so that the first field is looked at first.
    for (let index = children.length - 1; index >= 0; index--) stack.push(children[index]!);
  }
  return undefined;
}

const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** What makes a string unusable, as the sentence says it, or undefined. */
function unusableCharacter(text: string): string | undefined {
  if (text.includes('\u0000')) return 'a NUL character';
  const surrogate = loneSurrogate.exec(text);
  if (surrogate) {
    const code = surrogate[0].charCodeAt(0).toString(16).toUpperCase();
    return `an unpaired surrogate (U+${code})`;
  }
  return undefined;
}

function pathOf(frame: Frame): Array<string | number> {
  const path: Array<string | number> = [];
  for (let at: Frame | undefined = frame; at?.key !== undefined; at = at.parent) {
    path.unshift(at.key);
  }
  return path;
}

function describePlace(place: InputPlace, path: ReadonlyArray<string | number>): string {
  if (path.length === 0) return place;
  // A repeated query parameter is one parameter: `filter`, not `filter[1]`.
  const shown = place === 'body' ? path : path.slice(0, 1);
  return `${place === 'body' ? 'body field' : place} ${formatPath(shown)}`;
}
