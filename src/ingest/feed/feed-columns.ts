/**
 * How the feed columns are typed on the way in. Readers deliver every column as text (or as the file's own
 * type for Parquet/JSON); one projection turns them into typed columns with a try-cast, and records in
 * `type_error` the first column whose value did not convert, as `column=value`. So a bad amount never stops
 * the load: it becomes an error line, and the engine reads the file in one pass.
 */
import type { Engine } from '../../store/driver.js';
import { FEED_COLUMNS, type FeedColumn } from '../generate/feed-schema.js';

export { FEED_COLUMNS, type FeedColumn };

type Kind = 'text' | 'amount' | 'count' | 'flag';

const KIND: Readonly<Record<FeedColumn, Kind>> = {
  period: 'text',
  platform: 'text',
  store_id: 'text',
  seller_area: 'text',
  seller_uscc: 'text',
  category: 'text',
  goods_or_service: 'text',
  trade_mode: 'text',
  is_live: 'flag',
  is_social: 'flag',
  is_custom: 'flag',
  is_rural_seller: 'flag',
  is_agricultural: 'flag',
  cross_border: 'text',
  gmv: 'amount',
  orders: 'count',
  refunds: 'amount',
};

/** What a value of each non-text kind must look like, in the words of an error line. */
export const TYPE_RULES: Readonly<Record<Exclude<Kind, 'text'>, string>> = {
  amount: '不是有效金额（元，最多两位小数，如 1234.56）',
  count: '不是有效整数',
  flag: '不是有效标志（应为 0/1 或 true/false）',
};

export function columnKind(c: FeedColumn): Kind {
  return KIND[c];
}

/** SQL column types of the typed feed table. */
export function sqlType(c: FeedColumn, engine: Engine): string {
  switch (KIND[c]) {
    case 'amount':
      return engine === 'duckdb' ? 'DECIMAL(18,2)' : 'NUMERIC(18,2)';
    case 'count':
      return 'BIGINT';
    case 'flag':
      return 'BOOLEAN';
    case 'text':
      return engine === 'duckdb' ? 'VARCHAR' : 'TEXT';
  }
}

/** `src` as text: the value exactly as the file wrote it. */
function asText(src: string, engine: Engine): string {
  return `CAST(${src} AS ${engine === 'duckdb' ? 'VARCHAR' : 'TEXT'})`;
}

/**
 * The typed value of text `t`, or NULL when it does not convert. Amounts take at most two decimals and
 * counts none (a cast would round them silently). DuckDB's TRY_CAST does the parsing; PostgreSQL, which has
 * no TRY_CAST, guards the cast with character checks (translate/LIKE: several times faster than a regex).
 */
function tryTyped(c: FeedColumn, t: string, engine: Engine): string {
  switch (KIND[c]) {
    case 'text':
      return `NULLIF(${t}, '')`;
    case 'flag':
      return `CASE ${t} WHEN '1' THEN TRUE WHEN '0' THEN FALSE WHEN 'true' THEN TRUE WHEN 'false' THEN FALSE
        WHEN 'TRUE' THEN TRUE WHEN 'FALSE' THEN FALSE WHEN 'True' THEN TRUE WHEN 'False' THEN FALSE END`;
    case 'amount':
      return engine === 'duckdb'
        ? `CASE WHEN ${t} NOT LIKE '%.___%' THEN TRY_CAST(${t} AS DECIMAL(18,2)) END`
        : `CASE WHEN translate(${t}, '0123456789', '') IN ('', '.', '-', '-.') AND ${t} NOT LIKE '_%-%'
            AND ${t} NOT LIKE '%.' AND ${t} NOT LIKE '.%' AND ${t} NOT LIKE '-.%' AND ${t} NOT LIKE '%.___%'
            AND ${t} <> '-' AND length(${t}) BETWEEN 1 AND 19 THEN CAST(${t} AS NUMERIC(18,2)) END`;
    case 'count':
      return engine === 'duckdb'
        ? `CASE WHEN ${t} NOT LIKE '%.%' THEN TRY_CAST(${t} AS BIGINT) END`
        : `CASE WHEN translate(${t}, '0123456789', '') IN ('', '-') AND ${t} NOT LIKE '_%-%' AND ${t} <> '-'
            AND length(${t}) BETWEEN 1 AND 18 THEN CAST(${t} AS BIGINT) END`;
  }
}

/**
 * The SELECT that types a raw relation `source` whose columns carry the feed's names: every feed column
 * converted, then `type_error` (`column=value` of the first value that did not convert, or NULL). The
 * conversions run once, in an inner query; `keep` lists extra source columns to carry through (PostgreSQL's ref).
 */
export function typedSelect(engine: Engine, source: string, keep: readonly string[] = []): string {
  const q = (name: string): string => `"${name}"`;
  const raw = (c: FeedColumn): string => q(`raw_${c}`);
  const typed = FEED_COLUMNS.map((c) => `${tryTyped(c, raw(c), engine)} AS ${q(c)}`);
  const checks = FEED_COLUMNS.filter((c) => KIND[c] !== 'text').map(
    (c) => `CASE WHEN ${q(c)} IS NULL AND ${raw(c)} <> '' THEN '${c}=' || ${raw(c)} END`,
  );
  const carried = [...keep.map(q), ...FEED_COLUMNS.map((c) => raw(c))];
  return `SELECT ${[...keep.map(q), ...FEED_COLUMNS.map(q)].join(', ')},
  coalesce(${checks.join(',\n    ')}) AS type_error
FROM (SELECT ${carried.join(', ')}, ${typed.join(',\n    ')}
  FROM (SELECT ${[...keep.map(q), ...FEED_COLUMNS.map((c) => `${asText(q(c), engine)} AS ${raw(c)}`)].join(', ')} FROM ${source} src) r) t`;
}

/** The message for a `type_error` of column `c`. */
export function typeRule(c: string): string {
  const kind = KIND[c as FeedColumn];
  return kind && kind !== 'text' ? TYPE_RULES[kind] : '类型错误';
}
