import nunjucks from 'nunjucks';
import { unwrapSecret } from './secretTaint';
import type { TemplateLimits } from './templateLimits';

/**
 * Hardens nunjucks' runtime so that templates reach only data (ADR 0011).
 *
 * Nunjucks compiles `a.b` and `a["b"]` to `runtime.memberLookup(a, "b")`, a call `f(x)` to
 * `runtime.callWrap(f, "f", context, [x])`, a free name `x` to
 * `runtime.contextOrFrameLookup(context, frame, "x")`, every `{{ }}` output to
 * `runtime.suppressValue(…)` and every variable write (`{% set %}`, loop variables) to
 * `frame.set(…)`. The compiled code looks these up on the shared runtime object at call time, so
 * replacing them here covers every template. The stock versions hand out anything JavaScript
 * reaches — `range.constructor` is `Function`, and `Function("return process")()` is the process.
 * The replacements:
 * - refuse `constructor`, `__proto__`, `prototype` and the legacy accessor helpers anywhere;
 * - read only own data properties of objects, so nothing inherited is reachable;
 * - refuse members of functions (there is nothing legitimate to read on one);
 * - allow a fixed list of string, array and number methods, with size guards;
 * - count operations and check sizes against the active render's limits.
 *
 * The runtime is a process-wide singleton: installing this affects every nunjucks user in the
 * process. The scaffolder's renderer is the only one, and the hardened functions behave like the
 * originals for every template that only reads data.
 */

/** A template tried something the sandbox does not allow; the renderer reports the message. */
export class TemplateRefusal extends Error {
  override name = 'TemplateRefusal';
}

/** Names that lead from a value to its prototype or constructor, refused everywhere. */
const deniedNames = new Set([
  'constructor',
  '__proto__',
  'prototype',
  '__defineGetter__',
  '__defineSetter__',
  '__lookupGetter__',
  '__lookupSetter__',
]);

/** String methods templates may call (tests apply every one of them to a secret). */
export const stringMethods: ReadonlySet<string> = new Set([
  'at',
  'charAt',
  'charCodeAt',
  'codePointAt',
  'concat',
  'endsWith',
  'includes',
  'indexOf',
  'lastIndexOf',
  'localeCompare',
  'normalize',
  'padEnd',
  'padStart',
  'repeat',
  'replace',
  'replaceAll',
  'slice',
  'split',
  'startsWith',
  'substr',
  'substring',
  'toLocaleLowerCase',
  'toLocaleUpperCase',
  'toLowerCase',
  'toString',
  'toUpperCase',
  'trim',
  'trimEnd',
  'trimStart',
  'valueOf',
]);

const arrayMethods = new Set([
  'at',
  'concat',
  'every',
  'filter',
  'find',
  'findIndex',
  'findLast',
  'findLastIndex',
  'flat',
  'flatMap',
  'includes',
  'indexOf',
  'join',
  'lastIndexOf',
  'map',
  'pop',
  'push',
  'reduce',
  'reduceRight',
  'reverse',
  'shift',
  'slice',
  'some',
  'sort',
  'splice',
  'toString',
  'unshift',
]);

const numberMethods = new Set(['toFixed', 'toPrecision', 'toString', 'valueOf']);

/* eslint-disable @typescript-eslint/no-unsafe-function-type -- identities of intrinsics */
const intrinsicConstructors: Function[] = [
  (async () => {}).constructor as Function,
  function* () {}.constructor as Function,
  async function* () {}.constructor as Function,
];
/** Functions that must never be called from a template, however they were reached. */
const forbiddenFunctions = new Set<unknown>([
  Function,
  Object,
  eval,
  Proxy,
  ...intrinsicConstructors,
  ...Object.values(Object.getOwnPropertyDescriptors(Reflect)).map(d => d.value as unknown),
  Object.defineProperty,
  Object.defineProperties,
  Object.setPrototypeOf,
  Object.getPrototypeOf,
  Object.getOwnPropertyDescriptor,
  Object.getOwnPropertyDescriptors,
  Object.assign,
  Function.prototype.call,
  Function.prototype.apply,
  Function.prototype.bind,
  setTimeout,
  setInterval,
  setImmediate,
  queueMicrotask,
]);
/* eslint-enable @typescript-eslint/no-unsafe-function-type */

type AnyFunction = (this: unknown, ...args: unknown[]) => unknown;

interface NunjucksFrame {
  lookup(name: string): unknown;
  set(name: string, value: unknown, resolveUp?: boolean): void;
}

interface NunjucksContext {
  ctx: Record<string, unknown>;
  env: { globals: Record<string, unknown> };
}

/** The parts of nunjucks' runtime (src/runtime.js, pinned 3.2.4) that are replaced. */
interface NunjucksRuntime {
  memberLookup(target: unknown, key: unknown): unknown;
  callWrap(fn: unknown, name: string, context: unknown, args: unknown[]): unknown;
  contextOrFrameLookup(context: NunjucksContext, frame: NunjucksFrame, name: string): unknown;
  inOperator(key: unknown, value: unknown): boolean;
  suppressValue(value: unknown, autoescape: boolean): unknown;
  SafeString: new (value: string) => { val: string; length: number };
  Frame: { prototype: NunjucksFrame };
}

const runtime = nunjucks.runtime as unknown as NunjucksRuntime;
const SafeString = runtime.SafeString;

interface RenderBudget {
  limits: TemplateLimits;
  operations: number;
  deadline: number;
}

/** The render in progress. Renders are synchronous, so at most one runs at a time. */
let active: RenderBudget | undefined;

/** Runs one synchronous render under `limits`. */
export function withRenderBudget<T>(limits: TemplateLimits, render: () => T): T {
  const previous = active;
  active = { limits, operations: 0, deadline: Date.now() + limits.maxRenderMs };
  try {
    return render();
  } finally {
    active = previous;
  }
}

/** Counts one operation of the active render; throws when a limit is passed. */
export function tick(): void {
  const budget = active;
  if (!budget) return;
  budget.operations++;
  if (budget.operations > budget.limits.maxOperations) {
    throw new TemplateRefusal(
      `The template did more than ${budget.limits.maxOperations} operations (loops, lookups, calls) and was stopped`,
    );
  }
  // Date.now() is cheap, but not free: every 64 operations is often enough.
  if ((budget.operations & 63) === 0 && Date.now() > budget.deadline) {
    throw new TemplateRefusal(
      `The template ran longer than ${budget.limits.maxRenderMs} ms and was stopped`,
    );
  }
}

/** The limits of the active render, if any. */
export function activeLimits(): TemplateLimits | undefined {
  return active?.limits;
}

/** Refuses strings and lists over the active render's limits; returns the value otherwise. */
export function checkSize<T>(value: T): T {
  const limits = active?.limits;
  if (!limits) return value;
  if (typeof value === 'string' && value.length > limits.maxStringLength) {
    throw new TemplateRefusal(
      `A string of ${value.length} characters is longer than the limit of ${limits.maxStringLength}`,
    );
  }
  if (Array.isArray(value) && value.length > limits.maxArrayLength) {
    throw new TemplateRefusal(
      `A list of ${value.length} items is longer than the limit of ${limits.maxArrayLength}`,
    );
  }
  return value;
}

/** Refuses a string of `length` characters before it is built. */
export function checkPlannedLength(length: number, what: string): void {
  const limits = active?.limits;
  if (limits && length > limits.maxStringLength) {
    throw new TemplateRefusal(
      `${what} would build a string of ${length} characters, longer than the limit of ${limits.maxStringLength}`,
    );
  }
}

export function checkName(name: string): void {
  if (deniedNames.has(name)) {
    throw new TemplateRefusal(`"${name}" is not accessible in templates`);
  }
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  return `a ${typeof value}`;
}

function memberName(key: unknown): string | undefined {
  if (typeof key === 'string') return key;
  if (typeof key === 'number' || typeof key === 'boolean') return String(key);
  if (key === undefined || key === null) return undefined;
  // `a[["constructor"]]` would otherwise reach `a.constructor` through string conversion.
  throw new TemplateRefusal(`A member name must be a string or a number, not ${describe(key)}`);
}

const isIndex = (name: string) => /^(?:0|[1-9]\d{0,15})$/.test(name);

/** Estimates (from above) the length of `text.replace(pattern, replacement)` done `count` times. */
export function plannedReplaceLength(
  text: string,
  pattern: unknown,
  replacement: unknown,
  maxCount = Infinity,
): number {
  if (typeof replacement !== 'string' || replacement.length === 0) return text.length;
  const needle = String(pattern);
  let matches = 0;
  if (needle === '') {
    matches = text.length + 1;
  } else {
    for (let at = text.indexOf(needle); at !== -1 && matches < maxCount;) {
      matches++;
      at = text.indexOf(needle, at + needle.length);
    }
  }
  matches = Math.min(matches, maxCount);
  // `$&` in a replacement repeats the match, so one replacement can be as long as
  // replacement.length × needle.length.
  return text.length + matches * replacement.length * Math.max(1, needle.length);
}

/** Checks arguments that decide how much a method allocates, before it runs. */
function guardMethodArguments(target: string | unknown[], name: string, args: unknown[]): void {
  if (typeof target === 'string') {
    if (name === 'repeat') {
      checkPlannedLength(target.length * Number(args[0] ?? 0), `repeat(${String(args[0])})`);
    } else if (name === 'padStart' || name === 'padEnd') {
      checkPlannedLength(Number(args[0] ?? 0), `${name}(${String(args[0])})`);
    } else if (name === 'replace' || name === 'replaceAll') {
      const planned = plannedReplaceLength(
        target,
        args[0],
        args[1],
        name === 'replace' ? 1 : Infinity,
      );
      checkPlannedLength(planned, name);
    }
    return;
  }
  if (name === 'join') {
    const separator = args[0] === undefined ? 1 : String(args[0]).length;
    let total = 0;
    for (const item of target) {
      total += (typeof item === 'string' ? item.length : 24) + separator;
    }
    checkPlannedLength(total, 'join');
  }
}

/** A method of an allowed built-in prototype, bound to its target and size-checked. */
function boundMethod(target: string | number | boolean | unknown[], name: string): AnyFunction {
  const method = (Object(target) as Record<string, unknown>)[name] as AnyFunction;
  return (...args: unknown[]) => {
    tick();
    if (typeof target === 'string' || Array.isArray(target)) {
      guardMethodArguments(target, name, args);
    }
    if (typeof target === 'string' && name === 'split') {
      // Never build a list longer than the limit, even for a moment.
      const limit = activeLimits()?.maxArrayLength;
      if (limit !== undefined) {
        const requested = args[1] === undefined ? Infinity : Number(args[1]);
        args = [args[0], Math.min(requested, limit + 1)];
      }
    }
    const result = checkSize(method.apply(target, args));
    if (Array.isArray(target)) checkSize(target);
    return result;
  };
}

/** A function value found in data (a macro in a dict, `cycler().next`), called on its owner. */
function boundValue(owner: unknown, fn: AnyFunction): AnyFunction {
  if (forbiddenFunctions.has(fn)) {
    throw new TemplateRefusal('This function is not available in templates');
  }
  return (...args: unknown[]) => {
    tick();
    return checkSize(fn.apply(owner, args));
  };
}

/** Reads an own data property; accessors are refused (plain data has none). */
function ownValue(target: object, name: string): unknown {
  const descriptor = Object.getOwnPropertyDescriptor(target, name);
  if (!descriptor) return undefined;
  if (!('value' in descriptor)) {
    throw new TemplateRefusal(`"${name}" is an accessor, which templates cannot read`);
  }
  return descriptor.value;
}

/**
 * `target[key]` as a template may see it: own data of objects and lists, allowed methods of
 * strings, lists and numbers, nothing of functions.
 */
export function safeMemberLookup(target: unknown, key: unknown): unknown {
  tick();
  const name = memberName(key);
  if (name === undefined) return undefined;
  // Refused even on a missing value, so that a template fails the same way with any input.
  checkName(name);
  if (target === undefined || target === null) return undefined;
  const plain = unwrapSecret(target);
  let value: unknown = plain instanceof SafeString ? plain.val : plain;
  switch (typeof value) {
    case 'string': {
      if (name === 'length' || isIndex(name)) return value[name as keyof string];
      if (stringMethods.has(name)) return boundMethod(value, name);
      if (name in String.prototype) {
        throw new TemplateRefusal(`The string method "${name}" is not available in templates`);
      }
      return undefined;
    }
    case 'number':
    case 'boolean':
      return numberMethods.has(name) ? boundMethod(value, name) : undefined;
    case 'function':
      throw new TemplateRefusal(
        `Functions have no members templates can read (tried to read "${name}")`,
      );
    case 'object': {
      const owner: object = value as object;
      if (Array.isArray(owner)) {
        if (name === 'length') return owner.length;
        if (!isIndex(name)) {
          if (arrayMethods.has(name)) return boundMethod(owner, name);
          if (name in Array.prototype) {
            throw new TemplateRefusal(`The list method "${name}" is not available in templates`);
          }
        }
      }
      // Reading a secret marks the render (ADR 0019), whatever is done with it next.
      value = unwrapSecret(ownValue(owner, name));
      return typeof value === 'function' ? boundValue(owner, value as AnyFunction) : value;
    }
    default:
      return undefined;
  }
}

function safeCallWrap(fn: unknown, name: string, context: unknown, args: unknown[]): unknown {
  tick();
  if (!fn) throw new Error(`Unable to call \`${name}\`, which is undefined or falsey`);
  if (typeof fn !== 'function')
    throw new Error(`Unable to call \`${name}\`, which is not a function`);
  if (forbiddenFunctions.has(fn)) {
    throw new TemplateRefusal(`\`${name}\` is not available in templates`);
  }
  return checkSize((fn as AnyFunction).apply(context, args.map(unwrapSecret)));
}

function safeContextOrFrameLookup(
  context: NunjucksContext,
  frame: NunjucksFrame,
  name: string,
): unknown {
  tick();
  checkName(name);
  // Frames keep variables in prototype-less objects: only what the template set.
  const fromFrame = unwrapSecret(frame.lookup(name));
  if (fromFrame !== undefined) return fromFrame;
  if (Object.hasOwn(context.ctx, name)) return context.ctx[name];
  if (Object.hasOwn(context.env.globals, name)) return context.env.globals[name];
  return undefined;
}

function safeInOperator(key: unknown, value: unknown): boolean {
  tick();
  key = unwrapSecret(key);
  const plain = unwrapSecret(value);
  const target = plain instanceof SafeString ? plain.val : plain;
  if (typeof target === 'string' || Array.isArray(target)) {
    return (target as unknown[]).indexOf(key) !== -1;
  }
  if (target !== null && typeof target === 'object') {
    return typeof key === 'string' && Object.hasOwn(target, key);
  }
  throw new Error(`Cannot use "in" operator to search for "${String(key)}" in unexpected types.`);
}

interface CompilerNode {
  lineno: number;
  colno: number;
}
type CompileMethod = (this: CompilerInternals, node: CompilerNode, frame: unknown) => void;
/** nunjucks' code generator (src/compiler.js, pinned 3.2.4). */
interface CompilerInternals {
  _emit(code: string): void;
  _getNodeName(node: CompilerNode): string;
  compileLookupVal: CompileMethod;
  compileSymbol: CompileMethod;
  compileFilter: CompileMethod;
}

/**
 * Two changes to the code generator:
 * - a call's name (`a["b"]`, for "Unable to call …" messages) is pasted into the generated
 *   JavaScript with only its double quotes escaped, so a backslash in a string literal there
 *   (`'\\"+(code)+…'()`) runs arbitrary code. The name is made harmless text.
 * - nunjucks records the position of the running code only at calls, so an error in `a.b` would
 *   carry the position of some earlier call. Lookups, names and filters record theirs too (as
 *   the comma expression nunjucks itself emits for calls), for error messages.
 */
function patchCompiler(): void {
  const compiler = (
    nunjucks as unknown as { compiler: { Compiler: { prototype: CompilerInternals } } }
  ).compiler.Compiler.prototype;
  const getNodeName = compiler._getNodeName;
  compiler._getNodeName = function safeNodeName(node) {
    return getNodeName.call(this, node).replace(/[^\x20-\x7e]|\\/g, '?');
  };
  for (const method of ['compileLookupVal', 'compileSymbol', 'compileFilter'] as const) {
    const original = compiler[method];
    compiler[method] = function tracked(node, frame) {
      this._emit(`(lineno = ${Number(node.lineno)}, colno = ${Number(node.colno)}, `);
      original.call(this, node, frame);
      this._emit(')');
    };
  }
}

let installed = false;

/**
 * Replaces nunjucks' runtime lookups with the hardened ones and patches its code generator
 * (once per process).
 */
export function installSandbox(): void {
  if (installed) return;
  installed = true;
  patchCompiler();
  const originalSuppress = runtime.suppressValue;
  const frame = runtime.Frame.prototype;
  const originalSet = frame.set;
  runtime.memberLookup = safeMemberLookup;
  runtime.callWrap = safeCallWrap;
  runtime.contextOrFrameLookup = safeContextOrFrameLookup;
  runtime.inOperator = safeInOperator;
  runtime.suppressValue = (value, autoescape) => {
    tick();
    return checkSize(originalSuppress(unwrapSecret(value), autoescape));
  };
  // Every `{% set %}`, macro argument and loop iteration writes through here (the compiler also
  // declares names here, outside any render), so it bounds loops as well as names.
  frame.set = function set(this: NunjucksFrame, name, value, resolveUp) {
    tick();
    for (const part of name.split('.')) checkName(part);
    originalSet.call(this, name, checkSize(value), resolveUp);
  };
}
