/**
 * How the feed columns are typed on the way in. Readers deliver every column as text (or as the file's own
 * type for Parquet/JSON); one projection turns them into typed columns with the dialect's try-cast, and
 * records in `type_error` every column whose value did not convert, each as `␟column=value` (␟ = chr(31), the
 * unit separator). So a bad amount never stops the load: it becomes an error line, and the engine reads the
 * file in one pass.
 */

import { TYPE_RULES } from '../../feed-format/feed-rules.js';
import { COLUMN_KINDS, FEED_COLUMNS, type FeedColumn } from '../../feed-format/feed-schema.js';
import type { Dialect } from '../../store/dialect.js';

export { FEED_COLUMNS, type FeedColumn, TYPE_RULES };

/**
 * The SELECT that types a raw relation `source` whose columns carry the feed's names: every feed column
 * converted, then `type_error` (`␟column=value` of each value that did not convert, or NULL). The
 * conversions run once, in an inner query; `keep` lists extra source columns to carry through (a row
 * reference the engine's loader added).
 */
export function typedSelect(d: Dialect, source: string, keep: readonly string[] = []): string {
  const q = (name: string): string => d.ident(name);
  const raw = (c: FeedColumn): string => q(`raw_${c}`);
  const typed = FEED_COLUMNS.map((c) => {
    const kind = COLUMN_KINDS[c];
    return `${kind === 'text' ? `NULLIF(${raw(c)}, '')` : d.tryCast(raw(c), kind)} AS ${q(c)}`;
  });
  const checks = FEED_COLUMNS.filter((c) => COLUMN_KINDS[c] !== 'text').map(
    (c) => `CASE WHEN ${q(c)} IS NULL AND ${raw(c)} <> '' THEN ${typeErrorKey(c)} || ${raw(c)} END`,
  );
  const carried = [...keep.map(q), ...FEED_COLUMNS.map((c) => raw(c))];
  return `SELECT ${[...keep.map(q), ...FEED_COLUMNS.map(q)].join(', ')},
  NULLIF(concat(${checks.join(',\n    ')}), '') AS type_error
FROM (SELECT ${carried.join(', ')}, ${typed.join(',\n    ')}
  FROM (SELECT ${[...keep.map(q), ...FEED_COLUMNS.map((c) => `${d.asText(q(c))} AS ${raw(c)}`)].join(', ')} FROM ${source} src) r) t`;
}

/** SQL: the text that starts column `c`'s entry in `type_error`. */
export function typeErrorKey(c: string): string {
  return `chr(31) || '${c}='`;
}

/** The message for a `type_error` of column `c`. */
export function typeRule(c: string): string {
  const kind = COLUMN_KINDS[c as FeedColumn];
  return kind && kind !== 'text' ? TYPE_RULES[kind] : '类型错误';
}
