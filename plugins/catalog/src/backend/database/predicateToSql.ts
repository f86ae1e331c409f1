import type {
  FilterPredicate,
  FilterPredicatePrimitive,
  FilterPredicateValue,
} from '../../common/entities';

/** A piece of SQL with `?` placeholders and their values, in order. */
export interface SqlFragment {
  sql: string;
  bindings: unknown[];
}

const TRUE: SqlFragment = { sql: 'true', bindings: [] };
const FALSE: SqlFragment = { sql: 'false', bindings: [] };

/** Lower-cased string form used for every comparison (numbers and booleans as strings). */
export function normalizeValue(value: FilterPredicatePrimitive): string {
  return String(value).toLowerCase();
}

/** Escapes `%`, `_` and the escape character itself for `like … escape '!'`. */
export function escapeLike(text: string): string {
  return text.replace(/[!%_]/g, char => `!${char}`);
}

function isPrimitive(value: unknown): value is FilterPredicatePrimitive {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `exists (a search row of this entity with this key [and condition])`. */
function searchRow(entityId: string, key: string, condition?: SqlFragment): SqlFragment {
  return {
    sql:
      `exists (select 1 from catalog_search ps where ps.entity_id = ${entityId} and ps.key = ?` +
      (condition ? ` and ${condition.sql})` : ')'),
    bindings: [key.toLowerCase(), ...(condition?.bindings ?? [])],
  };
}

function join(parts: SqlFragment[], operator: 'and' | 'or'): SqlFragment {
  if (parts.length === 0) return operator === 'and' ? TRUE : FALSE;
  if (parts.length === 1) return parts[0] as SqlFragment;
  return {
    sql: `(${parts.map(part => part.sql).join(` ${operator} `)})`,
    bindings: parts.flatMap(part => part.bindings),
  };
}

function not(part: SqlFragment): SqlFragment {
  if (part === TRUE) return FALSE;
  if (part === FALSE) return TRUE;
  return { sql: `not ${part.sql}`, bindings: part.bindings };
}

/**
 * Compiles a validated predicate (backstage-spec §2.3) into a condition on `entityId`, a trusted
 * column expression such as `e.entity_id` (of any alias but `ps`, which the subqueries use).
 * Each path condition is an EXISTS on `catalog_search` by (entity_id, key, value), so `$not` is
 * an exact complement; `metadata.namespace=default` matches entities without a namespace because
 * that row is always indexed. Unknown operators compile to `false`.
 *
 * `$contains` runs on the flattened rows, where the elements of an array are no longer separate:
 * `{"p": {"$contains": "x"}}` matches an item `x`, and `{"p": {"$contains": {"a": 1, "b": 2}}}`
 * matches when some element has `a` = 1 and some element has `b` = 2 (not necessarily the same
 * one). `{"relations": {"$contains": {"type": "ownedBy", "targetRef": "group:default/a"}}}` is
 * answered from the `relations.<type>` rows.
 */
export function predicateToSql(predicate: FilterPredicate, entityId: string): SqlFragment {
  return compilePredicate(predicate, '', entityId);
}

function compilePredicate(node: FilterPredicate, prefix: string, entityId: string): SqlFragment {
  if ('$all' in node && Array.isArray(node.$all)) {
    return join(
      (node.$all as FilterPredicate[]).map(item => compilePredicate(item, prefix, entityId)),
      'and',
    );
  }
  if ('$any' in node && Array.isArray(node.$any)) {
    return join(
      (node.$any as FilterPredicate[]).map(item => compilePredicate(item, prefix, entityId)),
      'or',
    );
  }
  if ('$not' in node && isObject(node.$not)) {
    return not(compilePredicate(node.$not as FilterPredicate, prefix, entityId));
  }
  const parts: SqlFragment[] = [];
  for (const [key, value] of Object.entries(node)) {
    if (key.startsWith('$')) return FALSE;
    parts.push(compileValue(`${prefix}${key}`, value as FilterPredicateValue, entityId));
  }
  return join(parts, 'and');
}

function compileValue(path: string, value: FilterPredicateValue, entityId: string): SqlFragment {
  if (isPrimitive(value)) {
    return searchRow(entityId, path, { sql: `ps.value = ?`, bindings: [normalizeValue(value)] });
  }
  const [operator] = Object.keys(value);
  const operand = (value as Record<string, unknown>)[operator ?? ''];
  switch (operator) {
    case '$exists': {
      const exists = searchRow(entityId, path);
      return operand === true ? exists : not(exists);
    }
    case '$in': {
      const values = [...new Set((operand as FilterPredicatePrimitive[]).map(normalizeValue))];
      if (values.length === 0) return FALSE;
      return searchRow(entityId, path, {
        sql: `ps.value in (${values.map(() => '?').join(', ')})`,
        bindings: values,
      });
    }
    case '$hasPrefix':
      return searchRow(entityId, path, {
        sql: `ps.value like ? escape '!'`,
        bindings: [`${escapeLike(normalizeValue(operand as string))}%`],
      });
    case '$contains':
      return compileContains(path, operand as FilterPredicate | FilterPredicatePrimitive, entityId);
    default:
      return FALSE;
  }
}

function compileContains(
  path: string,
  operand: FilterPredicate | FilterPredicatePrimitive,
  entityId: string,
): SqlFragment {
  if (isPrimitive(operand)) return compileValue(path, operand, entityId);
  if (path.toLowerCase() === 'relations') {
    const relation = compileRelationMatch(operand, entityId);
    if (relation) return relation;
  }
  return compilePredicate(operand, `${path}.`, entityId);
}

/** `{type, targetRef}` (either or both, primitive values) against the `relations.<type>` rows. */
function compileRelationMatch(operand: FilterPredicate, entityId: string): SqlFragment | undefined {
  let type: string | undefined;
  let targetRef: string | undefined;
  for (const [key, value] of Object.entries(operand)) {
    if (!isPrimitive(value)) return undefined;
    const name = key.toLowerCase();
    if (name === 'type') type = normalizeValue(value);
    else if (name === 'targetref') targetRef = normalizeValue(value);
    else return undefined;
  }
  if (type !== undefined) {
    return searchRow(
      entityId,
      `relations.${type}`,
      targetRef === undefined ? undefined : { sql: `ps.value = ?`, bindings: [targetRef] },
    );
  }
  if (targetRef !== undefined) {
    return {
      sql: `exists (select 1 from catalog_search ps where ps.entity_id = ${entityId} and ps.key like 'relations.%' and ps.value = ?)`,
      bindings: [targetRef],
    };
  }
  return undefined;
}
