/**
 * Compiles a mapping rule's structured filter (plan `where:` lists) to a SQL predicate. Field names come
 * from the fixed list in feed-fields.ts and values from the coded-value lists; anything else is refused,
 * so no text from a plan, a file or a request is ever spliced into SQL.
 */

import { CODED_VALUES, isCodedField, isFlagField } from '../../feed-format/feed-fields.js';
import type { FeedFilter, FeedRule } from '../../plan/plan-types.js';
import type { Dialect } from '../../store/dialect.js';

/** A filter the compiler refuses (the plan check reports these with file:line before they get here). */
export class FeedFilterError extends Error {}

function literal(field: string, value: string | number | boolean): string {
  const text = String(value);
  if (!isCodedField(field) || !CODED_VALUES[field].includes(text))
    throw new FeedFilterError(`value ${text} is not a code of ${field}`);
  return `'${text.replace(/'/g, "''")}'`;
}

function compileOne(f: FeedFilter, d: Dialect): string {
  if (isFlagField(f.field)) {
    const col = d.ident(f.field);
    if (f.op === 'is_true') return col;
    if (f.op === 'is_false') return `NOT ${col}`;
    throw new FeedFilterError(`flag ${f.field} takes is_true or is_false, not ${f.op}`);
  }
  if (!isCodedField(f.field)) throw new FeedFilterError(`unknown feed field ${f.field}`);
  const col = d.ident(f.field);
  const values = (f.values ?? []).map((v) => literal(f.field, v));
  switch (f.op) {
    case 'eq':
    case 'ne':
      if (values.length !== 1) throw new FeedFilterError(`${f.op} takes one value`);
      return `${col} ${f.op === 'eq' ? '=' : '<>'} ${values[0]}`;
    case 'in':
    case 'not_in':
      if (values.length === 0) throw new FeedFilterError(`${f.op} takes at least one value`);
      return `${col} ${f.op === 'in' ? 'IN' : 'NOT IN'} (${values.join(', ')})`;
    default:
      throw new FeedFilterError(`coded field ${f.field} takes eq, ne, in or not_in, not ${f.op}`);
  }
}

/**
 * The predicate of a filter list (all conditions must hold); `TRUE` for an empty list.
 * @example compileFeedFilter([{ field: 'trade_mode', op: 'in', values: ['B2C', 'C2C'] }], duckdbDialect)
 * // "trade_mode" IN ('B2C', 'C2C')
 */
export function compileFeedFilter(where: readonly FeedFilter[], d: Dialect): string {
  if (where.length === 0) return 'TRUE';
  return where.map((f) => `(${compileOne(f, d)})`).join(' AND ');
}

/** The amount a rule sums, over the pre-aggregated feed cube (columns gmv, refunds, orders, row_count). */
export function compileAggregate(rule: Pick<FeedRule, 'aggregate'>): string {
  switch (rule.aggregate) {
    case 'sum_gmv':
      return 'sum(gmv)';
    case 'sum_net_gmv':
      return 'sum(gmv - refunds)';
    case 'sum_orders':
      return 'sum(orders)';
    case 'count_rows':
      return 'sum(row_count)';
  }
}
