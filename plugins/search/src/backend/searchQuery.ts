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

export function createSearchQuery(options: {
  readKnex: Knex;
  analyzer: string;
  trigram: () => boolean;
}) {
  const { readKnex, analyzer } = options;

  return async function search(query: SearchQuery): Promise<SearchResultSet> {
    const term = query.term.trim();
    const bindings: unknown[] = [];
    const where: string[] = [];
    let scoreSql = `extract(epoch from d.updated_at)::float8`;
    let highlightTitle = 'd.title';
    let highlightText = 'left(d.text, 300)';
    let fromSql = 'search_documents d';

    if (term !== '') {
      const prefix = lastWordPrefix(term);
      // websearch_to_tsquery never fails on user input; the prefix word is letters and digits.
      const tsquery = prefix
        ? `(websearch_to_tsquery(?::regconfig, ?) || (websearch_to_tsquery(?::regconfig, ?) && to_tsquery(?::regconfig, ?)))`
        : `websearch_to_tsquery(?::regconfig, ?)`;
      const tsqueryBindings = prefix
        ? [analyzer, term, analyzer, prefix.head, analyzer, `${prefix.prefix}:*`]
        : [analyzer, term];
      fromSql = `search_documents d, (select ${tsquery} as q) query`;
      bindings.push(...tsqueryBindings);
      // Typo tolerance for plain words only: it must not undo a phrase or an exclusion.
      const trigram = options.trigram() && /^[\p{L}\p{N}\s]+$/u.test(term);
      where.push(trigram ? `(d.body @@ q or word_similarity(?, d.title) >= 0.4)` : `d.body @@ q`);
      if (trigram) bindings.push(term.toLowerCase());
      // Weights D, C, B, A; an exact name or title beats any mention in a description.
      scoreSql = `(ts_rank_cd('{0.1, 0.2, 0.4, 1.0}', d.body, q)
        + case when lower(d.name) = ? or lower(d.title) = ? then 10 else 0 end
        ${trigram ? '+ case when d.body @@ q then 0 else word_similarity(?, d.title) * 0.05 end' : ''}
      )::float8`;
      highlightTitle = `ts_headline(?::regconfig, d.title, q, 'StartSel=${highlightTags.preTag}, StopSel=${highlightTags.postTag}, HighlightAll=true')`;
      highlightText = `ts_headline(?::regconfig, d.text, q, 'StartSel=${highlightTags.preTag}, StopSel=${highlightTags.postTag}, MaxFragments=2, MaxWords=30, MinWords=10')`;
    }
    const scoreBindings =
      term === ''
        ? []
        : [
            term.toLowerCase(),
            term.toLowerCase(),
            ...(options.trigram() && /^[\p{L}\p{N}\s]+$/u.test(term) ? [term.toLowerCase()] : []),
          ];

    if (query.types.length > 0) {
      where.push(`d.type in (${query.types.map(() => '?').join(', ')})`);
      bindings.push(...query.types);
    }
    const columns = {
      kind: 'kind',
      lifecycle: 'lifecycle',
      owner: 'owner',
      type: 'spec_type',
      namespace: 'namespace',
    } as const;
    for (const [field, values] of Object.entries(query.filters)) {
      if (!values || values.length === 0) continue;
      const column = columns[field as keyof typeof columns];
      where.push(`lower(d.${column}) in (${values.map(() => '?').join(', ')})`);
      bindings.push(...values.map(value => value.toLowerCase()));
    }
    const whereSql = where.length > 0 ? `where ${where.join(' and ')}` : '';
    const cursor = query.pageCursor ? decodeCursor(query.pageCursor) : undefined;
    const keyed = `select d.*, ${scoreSql} as score, d.type || ':' || d.id as key
      from ${fromSql} ${whereSql}`;
    // Bindings in the order their `?` appear: the score, the tsquery, then the conditions.
    const keyedBindings = [...scoreBindings, ...bindings];
    const pageSql = `with matched as (${keyed})
      select m.*, ${highlightTitle.replaceAll('d.', 'm.')} as hl_title,
        ${highlightText.replaceAll('d.', 'm.')} as hl_text,
        (select count(*) from matched) as total
      from matched m ${term === '' ? '' : `, (select ${tsqueryOf(term)} as q) query`}
      ${cursor ? 'where (m.score < ? or (m.score = ? and m.key > ?))' : ''}
      order by m.score desc, m.key asc
      limit ?`;
    const pageBindings = [
      ...keyedBindings,
      ...(term === '' ? [] : [analyzer, analyzer]),
      ...(term === '' ? [] : tsqueryBindingsOf(term, analyzer)),
      ...(cursor ? [cursor.score, cursor.score, cursor.key] : []),
      query.pageLimit + 1,
    ];
    const result = await readKnex.raw(pageSql, pageBindings as Knex.RawBinding[]);
    const rows = (result as { rows: Row[] }).rows;
    const page = rows.slice(0, query.pageLimit);
    const last = page.at(-1);
    const pageNumber = cursor?.page ?? 0;
    return {
      results: page.map(row => ({
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
        rank: pageNumber * query.pageLimit + page.indexOf(row) + 1,
      })),
      nextPageCursor:
        rows.length > query.pageLimit && last
          ? encodeCursor({ score: Number(last.score), key: last.key, page: pageNumber + 1 })
          : undefined,
      // Keyset paging runs forwards; going back is the client's history of cursors.
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

function tsqueryOf(term: string): string {
  return lastWordPrefix(term)
    ? `(websearch_to_tsquery(?::regconfig, ?) || (websearch_to_tsquery(?::regconfig, ?) && to_tsquery(?::regconfig, ?)))`
    : `websearch_to_tsquery(?::regconfig, ?)`;
}
function tsqueryBindingsOf(term: string, analyzer: string): unknown[] {
  const prefix = lastWordPrefix(term);
  return prefix
    ? [analyzer, term, analyzer, prefix.head, analyzer, `${prefix.prefix}:*`]
    : [analyzer, term];
}
