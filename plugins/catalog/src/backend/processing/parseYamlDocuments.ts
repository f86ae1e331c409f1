import { LineCounter, parseAllDocuments } from 'yaml';

export type ParsedDocument =
  | { ok: true; index: number; line: number; value: unknown }
  | { ok: false; index: number; line: number; message: string };

/**
 * Splits a file into its YAML documents. Empty documents (a trailing `---`) are skipped; a
 * document that does not parse is returned as a failure with its 1-based index and line, and the
 * other documents of the file are still returned. CRLF and a missing final newline are fine.
 * Merge keys stay off and aliases are bounded (a billion-laughs file fails, it does not explode).
 */
export function parseYamlDocuments(text: string): ParsedDocument[] {
  const lineCounter = new LineCounter();
  const documents = parseAllDocuments(text, {
    lineCounter,
    merge: false,
    // Needed for error positions; only the first line of the message is kept.
    prettyErrors: true,
    uniqueKeys: true,
  });
  const list = Array.isArray(documents) ? documents : [];
  const out: ParsedDocument[] = [];
  list.forEach((document, position) => {
    const index = position + 1;
    const line = lineCounter.linePos(document.range[0]).line;
    const [error] = document.errors;
    if (error) {
      const at = error.linePos?.[0]?.line ?? line;
      out.push({ ok: false, index, line: at, message: firstLine(error.message) });
      return;
    }
    try {
      const value = document.toJS({ maxAliasCount: 100 }) as unknown;
      // An empty document (`---` with nothing after it) is null: nothing to ingest.
      if (value === null || value === undefined) return;
      out.push({ ok: true, index, line, value });
    } catch (caught) {
      out.push({ ok: false, index, line, message: firstLine((caught as Error).message) });
    }
  });
  return out;
}

function firstLine(message: string): string {
  return message.split('\n')[0]?.trim() ?? message;
}
