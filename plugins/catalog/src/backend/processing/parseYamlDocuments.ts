import { loadAll } from 'js-yaml';
import { Composer, LineCounter, parseAllDocuments, Parser, type CST, type Document } from 'yaml';
import { maxInputDepth } from '@callboard/plugin-api/backend';

export type ParsedDocument =
  | { ok: true; index: number; line: number; value: unknown }
  | { ok: false; index: number; line: number; message: string };

const options = { merge: false, uniqueKeys: true } as const;

/**
 * How deep a document may nest, the same limit as a request body's. Both YAML parsers and every
 * later step walk values recursively; past this, a document is refused with its line instead of
 * overflowing the stack.
 */
export const maxYamlDepth = maxInputDepth;

/**
 * Splits a file into its YAML documents. Empty documents (a trailing `---`) are skipped; a
 * document that does not parse is returned as a failure with its 1-based index and line, and the
 * other documents of the file are still returned. CRLF and a missing final newline are fine.
 * Merge keys stay off and aliases are bounded (a billion-laughs file fails, it does not explode).
 */
export function parseYamlDocuments(text: string): ParsedDocument[] {
  return Array.from(iterateYamlDocuments(text));
}

/**
 * The same, one document at a time: a file of a thousand entities is parsed as it is consumed,
 * so the caller can let other work run between documents instead of holding the event loop for
 * the whole file.
 */
export function* iterateYamlDocuments(text: string): Generator<ParsedDocument> {
  const simple = parsePlainFile(text);
  if (simple) {
    yield* simple;
    return;
  }
  yield* parseWithYaml(text);
}

/**
 * What can only be read with `yaml`'s own rules: directives and document-end markers (they
 * change where documents start), anchors, aliases and tags (alias limits, tag semantics),
 * complex keys, and null or empty keys (stringified differently). The patterns err on the safe
 * side: a `*` or ` : ` in prose only sends its file down the slower path.
 */
const needsYaml = [
  /^(?:%|\.\.\.(?:[ \t\r]|$))/m,
  /(?:^|[\s[{,])[&*!][^\s,\]}]/m,
  /^[ \t-]*\?(?:[ \t\r]|$)/m,
  /(?:^|[\s{,])(?:null|Null|NULL|~)?[ \t]*:(?:[ \t\r]|$)/m,
];

const documentMarker = /^---(?:[ \t\r]|$)/;
const blankOrComment = /^\s*(?:#.*)?$/;

/**
 * The fast path parses a whole file at once, holding the event loop meanwhile: about 10 ms for a
 * 400 KB file of 1,000 entities, 250–330 ms for 3 MB. Larger files go through `yaml` one
 * document at a time, which lets the reader yield between documents.
 */
export const maxPlainFileLength = 512 * 1024;

/**
 * The fast path, for the plain YAML that catalog files almost always are: js-yaml parses it
 * about ten times as fast as `yaml` (1,000 entities: 11 ms against 130 ms), and both read YAML
 * 1.2's core schema the same way (a test holds them equal on every real-world fixture). Anything
 * js-yaml refuses, or that `needsYaml` matches, goes through `yaml`, so every error is worded as
 * before and counted the same way. Undefined means: use `yaml`.
 */
export function parsePlainFile(text: string): ParsedDocument[] | undefined {
  if (text.length > maxPlainFileLength || needsYaml.some(pattern => pattern.test(text))) {
    return undefined;
  }
  let values: unknown[];
  try {
    values = loadAll(text, { maxAliases: 0 });
  } catch {
    return undefined;
  }
  // Where documents start, as `yaml` reports it: the `---` line, or the first line of content
  // of an implicit first document.
  const starts: number[] = [];
  const lines = text.split('\n');
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index]!;
    if (documentMarker.test(line)) starts.push(index + 1);
    else if (starts.length === 0 && !blankOrComment.test(line)) starts.push(index + 1);
  }
  if (starts.length !== values.length) return undefined;
  // Too deep for what follows: let `yaml`'s tokens say on which line.
  if (values.some(value => nestsDeeperThan(value, maxYamlDepth))) return undefined;
  const documents: ParsedDocument[] = [];
  values.forEach((value, position) => {
    if (value === null || value === undefined) return;
    documents.push({ ok: true, index: position + 1, line: starts[position]!, value });
  });
  return documents;
}

/** Every file, with `yaml`: the reference the fast path is held to. */
export function* parseWithYaml(text: string): Generator<ParsedDocument> {
  const lineCounter = new LineCounter();
  const composer = new Composer(options);
  let worded: Document[] | undefined;
  let position = 0;

  function* described(document: Document.Parsed): Generator<ParsedDocument> {
    const index = ++position;
    const line = lineCounter.linePos(document.range[0]).line;
    if (document.errors.length > 0) {
      // yaml words an error with its place and context only when parsing a whole file; errors
      // are rare, so such a file is parsed again for the message.
      worded ??= parseAllDocuments(text, {
        ...options,
        lineCounter: new LineCounter(),
        prettyErrors: true,
      }) as Document[];
      const error = worded[index - 1]?.errors[0] ?? document.errors[0]!;
      const at = error.linePos?.[0]?.line ?? line;
      yield { ok: false, index, line: at, message: firstLine(error.message) };
      return;
    }
    try {
      const value = document.toJS({ maxAliasCount: 100 }) as unknown;
      // An empty document (`---` with nothing after it) is null: nothing to ingest.
      if (value === null || value === undefined) return;
      yield { ok: true, index, line, value };
    } catch (caught) {
      yield { ok: false, index, line, message: firstLine((caught as Error).message) };
    }
  }

  // The tokens come from yaml's parser, which keeps its own stack; composing them into nodes
  // recurses, so a document nested too deep is refused from its tokens and never composed.
  for (const token of new Parser(lineCounter.addNewLine).parse(text)) {
    const tooDeep = token.type === 'document' ? offsetDeeperThan(token, maxYamlDepth) : undefined;
    if (tooDeep === undefined) {
      for (const document of composer.next(token)) yield* described(document);
      continue;
    }
    // The composer holds the previous document until the next one starts: let it go first.
    for (const document of composer.end()) yield* described(document);
    const line = lineCounter.linePos(tooDeep).line;
    const message = `nested deeper than ${maxYamlDepth} levels at line ${line}`;
    yield { ok: false, index: ++position, line, message };
  }
  for (const document of composer.end(false, text.length)) yield* described(document);
}

/** Whether a parsed value has more than `limit` levels of arrays and objects (no recursion). */
export function nestsDeeperThan(value: unknown, limit: number): boolean {
  const stack: Array<{ value: unknown; level: number }> = [{ value, level: 1 }];
  while (stack.length > 0) {
    const next = stack.pop()!;
    if (typeof next.value !== 'object' || next.value === null) continue;
    if (next.level > limit) return true;
    for (const child of Object.values(next.value))
      stack.push({ value: child, level: next.level + 1 });
  }
  return false;
}

/**
 * Where the first collection of a document past `limit` levels starts (a byte offset of the
 * text), walking yaml's tokens with an explicit stack; undefined when the document is shallower.
 */
function offsetDeeperThan(document: CST.Document, limit: number): number | undefined {
  const stack: Array<{ token: CST.Token | undefined; level: number }> = [
    { token: document.value, level: 0 },
  ];
  while (stack.length > 0) {
    const { token, level } = stack.pop()!;
    if (!token) continue;
    if (
      token.type !== 'block-map' &&
      token.type !== 'block-seq' &&
      token.type !== 'flow-collection'
    ) {
      continue;
    }
    if (level + 1 > limit) return token.offset;
    // Reversed, so that the first item is looked at first.
    for (const item of [...token.items].reverse()) {
      stack.push({ token: item.value, level: level + 1 });
      if ('key' in item) stack.push({ token: item.key ?? undefined, level: level + 1 });
    }
  }
  return undefined;
}

function firstLine(message: string): string {
  return message.split('\n')[0]?.trim() ?? message;
}
