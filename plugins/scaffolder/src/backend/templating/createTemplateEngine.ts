import nunjucks from 'nunjucks';
import { InputError } from '@callboard/plugin-api/common';
import { checkTemplateSyntax } from './checkTemplateSyntax';
import { boundedRange, customFilters, guardFilter } from './filters';
import { isPlainObject, toPlainJson } from './plainJson';
import { TemplateRefusal, installSandbox, withRenderBudget } from './sandbox';
import { trackSecrets, wrapSecrets } from './secretTaint';
import { defaultTemplateLimits, type TemplateLimits } from './templateLimits';
import type {
  RenderStringOptions,
  RevealedSecret,
  TemplateEngine,
  TrackedValue,
} from './TemplateEngine';

export interface TemplateEngineOptions {
  /** Tighter (or looser) bounds than `defaultTemplateLimits`. */
  limits?: Partial<TemplateLimits>;
}

type Filter = (this: unknown, ...args: unknown[]) => unknown;

/** The parts of a nunjucks Environment (src/environment.js, pinned 3.2.4) that are replaced. */
interface EnvironmentInternals {
  opts: object;
  filters: Record<string, Filter>;
  tests: Record<string, unknown>;
  getFilter(name: string): unknown;
  getTest(name: string): unknown;
  getTemplate(...args: unknown[]): unknown;
}

interface Environment {
  env: nunjucks.Environment;
  opts: object;
  /** Compiled templates by source, least recently used first. */
  compiled: Map<string, nunjucks.Template>;
}

/** Receives the value of a single-expression string (see `singleExpression`). */
const captureFilterName = '__callboardValue';
const maxCompiled = 500;
const maxValueDepth = 100;

/**
 * The expression of a string that is exactly one `${{ … }}` (surrounding whitespace allowed), or
 * undefined. Such strings keep the expression's type instead of becoming text.
 */
function singleExpression(text: string): string | undefined {
  const match = /^\s*\$\{\{-?([\s\S]*?)-?\}\}\s*$/.exec(text);
  const inner = match?.[1];
  if (inner === undefined || inner.trim() === '') return undefined;
  if (/\}\}|\$\{\{|\{%|\{#/.test(inner)) return undefined;
  return inner;
}

function truncate(text: string, length = 160): string {
  return text.length > length ? `${text.slice(0, length - 1)}…` : text;
}

/** Names the template (or the line of a longer one) in an error message. */
function describeSource(source: string, line: number | undefined): string {
  const lines = source.split('\n');
  if (lines.length === 1) return JSON.stringify(truncate(source));
  const text = line === undefined ? undefined : lines[line - 1];
  return text === undefined
    ? 'the template'
    : `line ${line} ${JSON.stringify(truncate(text.trim()))}`;
}

interface ErrorParts {
  message?: string;
  cause?: unknown;
  lineno?: number;
  colno?: number;
}

/**
 * The reason and line of a nunjucks error. Errors while rendering wrap the original as `cause`
 * with a 0-based position; parse errors are 1-based, and their message starts with
 * "(path) [Line …]\n  ".
 */
function explain(error: unknown): { reason: string; line?: number } {
  if (!(error instanceof Error)) return { reason: String(error) };
  const parts = error as ErrorParts;
  if (parts.cause instanceof Error) {
    const line = typeof parts.lineno === 'number' ? parts.lineno + 1 : undefined;
    return { reason: parts.cause.message, ...(line ? { line } : {}) };
  }
  const reason = (parts.message ?? '').replace(
    /^\([^)\n]*\)(?: \[Line \d+(?:, Column \d+)?\])?\n\s*/,
    '',
  );
  const line = typeof parts.lineno === 'number' && parts.lineno > 0 ? parts.lineno : undefined;
  return { reason, ...(line ? { line } : {}) };
}

function toInputError(error: unknown, source: string): InputError {
  if (error instanceof InputError) return error;
  const { reason, line } = explain(error);
  return new InputError(`Cannot render ${describeSource(source, line)}: ${reason}`);
}

/** Builds the context a template sees: a plain JSON copy, `cookiecutter` for compat mode. */
function prepareContext(
  context: Readonly<Record<string, unknown>>,
  cookiecutterCompat: boolean,
): Record<string, unknown> {
  const plain = toPlainJson(context);
  const prepared: Record<string, unknown> = {};
  if (isPlainObject(plain)) {
    for (const [key, value] of Object.entries(plain)) {
      // nunjucks copies the context with plain assignment, which would set the prototype.
      if (key !== '__proto__') prepared[key] = value;
    }
  }
  if (cookiecutterCompat) prepared.cookiecutter = prepared.values ?? {};
  return prepared;
}

/**
 * The scaffolder's `${{ }}` renderer on nunjucks, sandboxed (ADR 0011): no loaders, hardened
 * member lookup, bounded ranges, strings, lists, operations and time.
 */
export function createTemplateEngine(options: TemplateEngineOptions = {}): TemplateEngine {
  installSandbox();
  const limits: TemplateLimits = { ...defaultTemplateLimits, ...options.limits };
  const environments = new Map<string, Environment>();
  let capture: { value: unknown } | undefined;

  const createEnvironment = (opts: RenderStringOptions): Environment => {
    const compat = opts.cookiecutterCompat ?? false;
    // An empty loader list: `null` would give nunjucks' default file system loader.
    const env = new nunjucks.Environment([], {
      autoescape: false,
      throwOnUndefined: false,
      trimBlocks: opts.trimBlocks ?? false,
      lstripBlocks: opts.lstripBlocks ?? false,
      // Keeps the original error as `cause`, so messages are the sandbox's own.
      dev: true,
      ...(compat ? {} : { tags: { variableStart: '${{', variableEnd: '}}' } }),
    });
    const internals = env as unknown as EnvironmentInternals;
    for (const [name, filter] of Object.entries(internals.filters)) {
      internals.filters[name] = guardFilter(name, filter);
    }
    for (const [name, filter] of Object.entries(customFilters)) {
      env.addFilter(name, guardFilter(name, filter));
    }
    if (compat) env.addFilter('jsonify', internals.filters.dump as Filter);
    env.addFilter(captureFilterName, (value: unknown) => {
      if (capture) capture.value = value;
      return '';
    });
    env.addGlobal('range', boundedRange);
    // nunjucks finds filters and tests with `obj[name]`: `x | constructor` would call `Object`.
    internals.getFilter = name => {
      if (!Object.hasOwn(internals.filters, name)) {
        throw new TemplateRefusal(`There is no filter "${name}"`);
      }
      return internals.filters[name];
    };
    internals.getTest = name => {
      if (!Object.hasOwn(internals.tests, name)) {
        throw new TemplateRefusal(`There is no test "${name}"`);
      }
      return internals.tests[name];
    };
    internals.getTemplate = () => {
      throw new TemplateRefusal('Templates cannot load other templates or files');
    };
    return { env, opts: internals.opts, compiled: new Map() };
  };

  const environment = (opts: RenderStringOptions = {}): Environment => {
    const key = `${opts.cookiecutterCompat ?? false}|${opts.trimBlocks ?? false}|${opts.lstripBlocks ?? false}`;
    let found = environments.get(key);
    if (!found) {
      found = createEnvironment(opts);
      environments.set(key, found);
    }
    return found;
  };

  const compile = (environment: Environment, source: string): nunjucks.Template => {
    const cached = environment.compiled.get(source);
    if (cached) {
      environment.compiled.delete(source);
      environment.compiled.set(source, cached);
      return cached;
    }
    checkTemplateSyntax(source, environment.opts);
    const template = new nunjucks.Template(source, environment.env, undefined, true);
    environment.compiled.set(source, template);
    if (environment.compiled.size > maxCompiled) {
      const oldest = environment.compiled.keys().next().value;
      if (oldest !== undefined) environment.compiled.delete(oldest);
    }
    return template;
  };

  /** Renders `source`; errors name `display` (what the author wrote). */
  const render = (
    environment: Environment,
    source: string,
    context: Record<string, unknown>,
    display: string,
  ): string => {
    try {
      const template = compile(environment, source);
      const output = withRenderBudget(limits, () => template.render(context));
      if (output.length > limits.maxStringLength) {
        throw new TemplateRefusal(
          `The output is ${output.length} characters, over the limit of ${limits.maxStringLength}`,
        );
      }
      return output;
    } catch (error) {
      throw toInputError(error, display);
    }
  };

  const renderText = (text: string, context: Record<string, unknown>): unknown => {
    if (!/\$\{\{|\{%|\{#/.test(text)) return text;
    const env = environment();
    const expression = singleExpression(text);
    if (expression === undefined) return render(env, text, context, text);
    const wrapped = `\${{ (${expression}) | ${captureFilterName} }}`;
    if (!env.compiled.has(wrapped)) {
      // Syntax errors are reported against what the author wrote, not the wrapped expression.
      try {
        checkTemplateSyntax(text, env.opts);
      } catch (error) {
        throw toInputError(error, text);
      }
    }
    const slot: { value: unknown } = { value: undefined };
    capture = slot;
    try {
      render(env, wrapped, context, text);
    } finally {
      capture = undefined;
    }
    if (typeof slot.value === 'function') {
      throw new InputError(
        `Cannot render ${describeSource(text, 1)}: it is a function, not a value`,
      );
    }
    return toPlainJson(slot.value);
  };

  /** Receives the secrets each rendered string read, by its place in the value. */
  type OnRendered = (path: Array<string | number>, secrets: string[]) => void;

  const renderLeaf = (
    text: string,
    context: Record<string, unknown>,
    path: Array<string | number>,
    onRendered: OnRendered | undefined,
  ): unknown => {
    if (!onRendered) return renderText(text, context);
    const result = trackSecrets(() => renderText(text, context));
    if (result.secrets.length > 0) onRendered(path, result.secrets);
    if (result.ok) return result.value;
    if (result.secrets.length === 0) throw result.error;
    // The message of a failure after reading a secret could contain it (`| parseRepoUrl` quotes
    // its argument): only what the author wrote is shown.
    throw new InputError(
      `Cannot render ${describeSource(text, undefined)}: it failed after reading a secret (${result.secrets.join(', ')}); the error is not shown, as it could contain the secret`,
    );
  };

  const renderValue = (
    value: unknown,
    context: Record<string, unknown>,
    path: Array<string | number>,
    onRendered: OnRendered | undefined,
  ): unknown => {
    if (path.length > maxValueDepth) {
      throw new InputError(`Template values are nested deeper than ${maxValueDepth} levels`);
    }
    if (typeof value === 'string') return renderLeaf(value, context, path, onRendered);
    if (Array.isArray(value)) {
      return value.map((item, index) => renderValue(item, context, [...path, index], onRendered));
    }
    if (isPlainObject(value)) {
      const result: Record<string, unknown> = {};
      for (const [key, item] of Object.entries(value)) {
        Object.defineProperty(result, key, {
          value: renderValue(item, context, [...path, key], onRendered),
          enumerable: true,
          writable: true,
          configurable: true,
        });
      }
      return result;
    }
    return value;
  };

  return {
    renderValue(value, context) {
      return renderValue(value, prepareContext(context, false), [], undefined);
    },
    renderTracked(value, context, secretPaths): TrackedValue {
      const prepared = wrapSecrets(prepareContext(context, false), secretPaths);
      const revealed: RevealedSecret[] = [];
      const rendered = renderValue(value, prepared, [], (path, secrets) =>
        revealed.push({ path, secrets }),
      );
      return { value: rendered, revealed };
    },
    renderString(template, context, opts = {}) {
      const compat = opts.cookiecutterCompat ?? false;
      return render(environment(opts), template, prepareContext(context, compat), template);
    },
  };
}
