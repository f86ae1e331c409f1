import { InputError } from '@callboard/plugin-api/common';
import type { Knex } from 'knex';
import type { SearchQuery, SearchResultSet } from '../common';

export const highlightTags = { preTag: '<mark>', postTag: '</mark>' } as const;

/** The keyset position after a page's last row: its score and id. */
interface Cursor {
  score: number;
  key: string;
  page: number;
}

function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify(cursor)).toString('base64url');
}

function decodeCursor(text: string): Cursor {
  try {
    const value = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as Cursor;
    if (
      typeof value.score === 'number' &&
      typeof value.key === 'string' &&
      Number.isInteger(value.page)
    ) {
      return value;
    }
  } catch {
    // Answered below.
  }
  throw new InputError('pageCursor is not a cursor this server gave');
}

/**
 * The word being typed, for prefix matching as you type: only letters and digits, so that
 * appending `:*` builds a tsquery that cannot be malformed. Undefined after a space or a quote.
 */
export function lastWordPrefix(term: string): { head: string; prefix: string } | undefined {
  const match = /(?:^|\s)([\p{L}\p{N}]+)$/u.exec(term);
  if (!match?.[1]) return undefined;
  return { head: term.slice(0, term.length - match[1].length), prefix: match[1] };
}

/** A piece of SQL and the values of its `?`, in order. Terms only ever travel as values. */
interface Sql {
  text: string;
  values: unknown[];
}

/**
 * The term as a tsquery: the search page's syntax (quoted phrases, `-exclusion`, `or`) through
 * `websearch_to_tsquery`, which never fails on user input, or-ed with the same query whose last
 * word matches as a prefix (as you type). The prefix word is letters and digits only, so
 * appending `:*` cannot make a malformed tsquery.
 */
function tsqueryOf(term: string, analyzer: string): Sql {
  const prefix = lastWordPrefix(term);
  if (!prefix) return { text: 'websearch_to_tsquery(?::regconfig, ?)', values: [analyzer, term] };
  return {
    text: `(websearch_to_tsquery(?::regconfig, ?)
      || (websearch_to_tsquery(?::regconfig, ?) && to_tsquery(?::regconfig, ?)))`,
    values: [analyzer, term, analyzer, prefix.head, analyzer, `${prefix.prefix}:*`],
  };
}

const filterColumns = {
  kind: 'kind',
  lifecycle: 'lifecycle',
  owner: 'owner',
  type: 'spec_type',
  namespace: 'namespace',
} as const;

const headline = (analyzer: string, column: string, options: string): Sql => ({
  text: `ts_headline(?::regconfig, ${column}, q, 'StartSel=${highlightTags.preTag}, StopSel=${highlightTags.postTag}, ${options}')`,
  values: [analyzer],
});

export function createSearchQuery(options: {
  readKnex: Knex;
  analyzer: string;
  trigram: () => boolean;
}) {
  const { readKnex, analyzer } = options;

  return async function search(query: SearchQuery): Promise<SearchResultSet> {
    const term = query.term.trim();
    const lowerTerm = term.toLowerCase();
    const conditions: Sql[] = [];
    // An empty term lists by recency.
    let score: Sql = { text: 'extract(epoch from d.updated_at)::float8', values: [] };
    let from: Sql = { text: 'search_documents d', values: [] };
    let titleHighlight: Sql = { text: 'm.title', values: [] };
    let textHighlight: Sql = { text: 'left(m.text, 300)', values: [] };
    let outerFrom: Sql = { text: 'matched m', values: [] };

    if (term !== '') {
      const tsquery = tsqueryOf(term, analyzer);
      from = {
        text: `search_documents d, (select ${tsquery.text} as q) query`,
        values: tsquery.values,
      };
      outerFrom = {
        text: `matched m, (select ${tsquery.text} as q) query`,
        values: tsquery.values,
      };
      // Typo tolerance for plain words only: it must not undo a phrase or an exclusion.
      const trigram = options.trigram() && /^[\p{L}\p{N}\s]+$/u.test(term);
      conditions.push(
        trigram
          ? { text: '(d.body @@ q or word_similarity(?, d.title) >= 0.4)', values: [lowerTerm] }
          : { text: 'd.body @@ q', values: [] },
      );
      // Weights D, C, B, A; an exact name or title beats any mention in a description.
      score = {
        text: `(ts_rank_cd('{0.1, 0.2, 0.4, 1.0}', d.body, q)
          + case when lower(d.name) = ? or lower(d.title) = ? then 10 else 0 end
          ${trigram ? '+ case when d.body @@ q then 0 else word_similarity(?, d.title) * 0.05 end' : ''})::float8`,
        values: trigram ? [lowerTerm, lowerTerm, lowerTerm] : [lowerTerm, lowerTerm],
      };
      titleHighlight = headline(analyzer, 'm.title', 'HighlightAll=true');
      textHighlight = headline(analyzer, 'm.text', 'MaxFragments=2, MaxWords=30, MinWords=10');
    }
    if (query.types.length > 0) {
      conditions.push({
        text: `d.type in (${query.types.map(() => '?').join(', ')})`,
        values: query.types,
      });
    }
    for (const [field, values] of Object.entries(query.filters)) {
      if (!values || values.length === 0) continue;
      const column = filterColumns[field as keyof typeof filterColumns];
      conditions.push({
        text: `lower(d.${column}) in (${values.map(() => '?').join(', ')})`,
        values: values.map(value => value.toLowerCase()),
      });
    }
    const cursor = query.pageCursor ? decodeCursor(query.pageCursor) : undefined;
    const after: Sql = cursor
      ? {
          text: 'where (m.score < ? or (m.score = ? and m.key > ?))',
          values: [cursor.score, cursor.score, cursor.key],
        }
      : { text: '', values: [] };
    const where = conditions.length > 0 ? `where ${conditions.map(c => c.text).join(' and ')}` : '';
    // Keyset paging on (score, key): a page starts strictly after the last row of the one before.
    const sql = `with matched as (
        select d.*, ${score.text} as score, d.type || ':' || d.id as key
        from ${from.text} ${where})
      select m.*, ${titleHighlight.text} as hl_title, ${textHighlight.text} as hl_text,
        (select count(*) from matched) as total
      from ${outerFrom.text}
      ${after.text}
      order by m.score desc, m.key asc
      limit ?`;
    const values = [
      ...score.values,
      ...from.values,
      ...conditions.flatMap(c => c.values),
      ...titleHighlight.values,
      ...textHighlight.values,
      ...outerFrom.values,
      ...after.values,
      query.pageLimit + 1,
    ];
    const result = await readKnex.raw(sql, values as Knex.RawBinding[]);
    const rows = (result as { rows: Row[] }).rows;
    const page = rows.slice(0, query.pageLimit);
    const last = page.at(-1);
    const pageNumber = cursor?.page ?? 0;
    return {
      results: page.map((row, index) => ({
        type: row.type,
        document: {
          title: row.title,
          text: row.text,
          location: row.location,
          ...(row.kind ? { kind: row.kind } : {}),
          ...(row.namespace ? { namespace: row.namespace } : {}),
          ...(row.name ? { name: row.name } : {}),
          ...(row.lifecycle ? { lifecycle: row.lifecycle } : {}),
          ...(row.owner ? { owner: row.owner } : {}),
          ...(row.spec_type ? { type: row.spec_type } : {}),
          ...row.extra,
        },
        highlight: { ...highlightTags, fields: { title: row.hl_title, text: row.hl_text } },
        rank: pageNumber * query.pageLimit + index + 1,
      })),
      nextPageCursor:
        rows.length > query.pageLimit && last
          ? encodeCursor({ score: Number(last.score), key: last.key, page: pageNumber + 1 })
          : undefined,
      // Keyset paging runs forwards; going back is the client's own list of cursors.
      previousPageCursor: undefined,
      numberOfResults: Number(rows[0]?.total ?? 0),
    };
  };
}

interface Row {
  type: 'software-catalog' | 'techdocs' | 'templates';
  title: string;
  text: string;
  location: string;
  kind: string | null;
  namespace: string | null;
  name: string | null;
  lifecycle: string | null;
  owner: string | null;
  spec_type: string | null;
  extra: Record<string, unknown>;
  score: number | string;
  key: string;
  hl_title: string;
  hl_text: string;
  total: string | number;
}
