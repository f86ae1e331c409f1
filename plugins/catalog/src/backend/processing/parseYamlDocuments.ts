import { Composer, LineCounter, parseAllDocuments, Parser, type Document } from 'yaml';

export type ParsedDocument =
  | { ok: true; index: number; line: number; value: unknown }
  | { ok: false; index: number; line: number; message: string };

const options = { merge: false, uniqueKeys: true } as const;

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
  const lineCounter = new LineCounter();
  const composer = new Composer(options);
  let worded: Document[] | undefined;
  let position = 0;
  for (const document of composer.compose(new Parser(lineCounter.addNewLine).parse(text))) {
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
      continue;
    }
    try {
      const value = document.toJS({ maxAliasCount: 100 }) as unknown;
      // An empty document (`---` with nothing after it) is null: nothing to ingest.
      if (value === null || value === undefined) continue;
      yield { ok: true, index, line, value };
    } catch (caught) {
      yield { ok: false, index, line, message: firstLine((caught as Error).message) };
    }
  }
}

function firstLine(message: string): string {
  return message.split('\n')[0]?.trim() ?? message;
}
