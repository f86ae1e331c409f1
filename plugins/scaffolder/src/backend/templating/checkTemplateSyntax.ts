import nunjucks from 'nunjucks';
import { TemplateRefusal } from './sandbox';

/** The parts of nunjucks' parser and AST (src/parser.js, src/nodes.js, pinned 3.2.4) used here. */
interface NunjucksNode {
  typename: string;
  fields: string[];
  lineno: number;
  colno: number;
  [field: string]: unknown;
}
interface NunjucksSyntax {
  parser: { parse(source: string, extensions: unknown[], options: object): NunjucksNode };
  nodes: { Node: abstract new (...args: never[]) => unknown };
}

const syntax = nunjucks as unknown as NunjucksSyntax;

/** Tags that load other templates: there is nothing to load from, and the file system is off limits. */
const loadingTags: Record<string, string> = {
  Include: 'include',
  Import: 'import',
  FromImport: 'from … import',
  Extends: 'extends',
};

const nameSites: Record<string, string> = {
  Set: '{% set %}',
  For: '{% for %}',
  AsyncEach: '{% asyncEach %}',
  AsyncAll: '{% asyncAll %}',
  Macro: '{% macro %}',
  Caller: '{% call %}',
  Block: '{% block %}',
  Filter: 'A filter',
  FilterAsync: 'A filter',
  Is: '"is"',
};

/** A name nunjucks can paste into the JavaScript it generates without changing its meaning. */
const identifier = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** A refusal that carries the position of the node, as nunjucks' own errors do. */
export class TemplateSyntaxRefusal extends TemplateRefusal {
  constructor(
    message: string,
    readonly lineno: number,
    readonly colno: number,
  ) {
    super(message);
  }
}

function isNode(value: unknown): value is NunjucksNode {
  return value instanceof syntax.nodes.Node;
}

function* walk(node: NunjucksNode): Generator<NunjucksNode> {
  yield node;
  for (const field of node.fields) {
    const value = node[field];
    for (const item of Array.isArray(value) ? value : [value]) {
      if (isNode(item)) yield* walk(item);
    }
  }
}

const children = (node: unknown): unknown[] =>
  isNode(node) && Array.isArray(node.children) ? (node.children as unknown[]) : [];

const isSymbol = (node: unknown) => isNode(node) && node.typename === 'Symbol';

/**
 * Nodes whose names nunjucks pastes into generated JavaScript as text (variable, loop, macro and
 * test names). Its parser lets a string literal stand there, and a quote or backslash in it then
 * rewrites the generated code: `{% set "a\"…" = 1 %}` would run arbitrary JavaScript.
 */
function namesAreSymbols(node: NunjucksNode): boolean {
  switch (node.typename) {
    case 'Set':
      return (node.targets as unknown[]).every(isSymbol);
    case 'For':
    case 'AsyncEach':
    case 'AsyncAll':
      return isSymbol(node.name) || children(node.name).every(isSymbol);
    case 'Macro':
    case 'Caller': {
      const args = children(node.args);
      return (
        isSymbol(node.name) &&
        args.every(
          (arg, index) =>
            isSymbol(arg) ||
            (index === args.length - 1 &&
              children(arg).every(pair => isNode(pair) && isSymbol(pair.key))),
        )
      );
    }
    case 'Block':
    case 'Filter':
    case 'FilterAsync':
      return isSymbol(node.name);
    case 'Is':
      return (
        isSymbol(node.right) ||
        (isNode(node.right) && node.right.typename === 'FunCall' && isSymbol(node.right.name))
      );
    default:
      return true;
  }
}

/**
 * Parses a template and refuses what the sandbox does not offer, before anything runs (even in a
 * branch that would not be taken): tags that load other templates; names that are not plain
 * identifiers, or strings where nunjucks expects a name (both could inject code into the
 * JavaScript nunjucks generates); and regular expression literals (`r/…/`), whose backtracking
 * could run for minutes inside one call.
 */
export function checkTemplateSyntax(source: string, options: object): void {
  const root = syntax.parser.parse(source, [], options);
  for (const node of walk(root)) {
    const refuse = (message: string) =>
      new TemplateSyntaxRefusal(message, node.lineno + 1, node.colno + 1);
    const tag = loadingTags[node.typename];
    if (tag) {
      throw refuse(`{% ${tag} %} is not available: templates cannot load other templates or files`);
    }
    if (node.typename === 'Symbol' && !identifier.test(String(node.value))) {
      throw refuse(
        `${JSON.stringify(node.value)} is not a valid name: use letters, digits and _ only`,
      );
    }
    if (!namesAreSymbols(node)) {
      throw refuse(
        `${nameSites[node.typename] ?? node.typename} takes names, not strings or other values`,
      );
    }
    if (node.typename === 'Literal' && node.value instanceof RegExp) {
      throw refuse(
        'Regular expressions (r/…/) are not available in templates; use replace with a string',
      );
    }
  }
}
