/**
 * The validation rules of a feed, as set operations over the typed rows table: each rule is one SELECT of
 * the rows that break it, and all of them fill `feed_errors` in one statement. Messages and codes are
 * literals from this file; the batch's platform, period and the plan's root area are parameters.
 */
import { CODED_VALUES, type CodedField } from '../../feed-format/feed-fields.js';
import {
  DUPLICATE_KEY,
  PERIOD_PATTERN,
  RULES,
  type RuleId,
  USCC_CHARSET,
  USCC_MESSAGES,
  USCC_WEIGHTS,
} from '../../feed-format/feed-rules.js';
import { CATEGORIES, COLUMN_KINDS } from '../../feed-format/feed-schema.js';
import type { Dialect, DuplicateProbe } from '../../store/dialect.js';
import { FEED_COLUMNS, typeErrorKey, typeRule } from './feed-columns.js';

export { RULES, type RuleId } from '../../feed-format/feed-rules.js';

const lit = (s: string): string => `'${s.replace(/'/g, "''")}'`;
const q = (name: string): string => `"${name}"`;

interface Branch {
  rule: RuleId;
  column: string;
  /** Expression of the offending value. */
  value: string;
  message: string;
  where: string;
  from?: string;
}

const REQUIRED = FEED_COLUMNS.filter((c) => c !== 'seller_uscc');

function branches(d: Dialect): Branch[] {
  const out: Branch[] = [];
  const platform = d.asText('$1');
  const period = d.asText('$2');
  const typed = FEED_COLUMNS.filter((c) => COLUMN_KINDS[c] !== 'text');
  const at = (c: string): string => `strpos(type_error, ${typeErrorKey(c)})`;
  for (const c of typed)
    out.push({
      rule: 'type',
      column: lit(c),
      value: `split_part(substr(type_error, ${at(c)} + ${c.length + 2}), chr(31), 1)`,
      message: lit(typeRule(c)),
      where: `type_error IS NOT NULL AND ${at(c)} > 0`,
    });
  for (const c of REQUIRED)
    out.push({
      rule: 'required',
      column: lit(c),
      value: "''",
      message: lit(RULES.required),
      where: typed.includes(c as (typeof typed)[number])
        ? `${q(c)} IS NULL AND (type_error IS NULL OR ${at(c)} = 0)`
        : `${q(c)} IS NULL`,
    });
  out.push({
    rule: 'period_format',
    column: lit('period'),
    value: 'period',
    message: lit(RULES.period_format),
    where: `NOT ${d.fullMatch('period', PERIOD_PATTERN)}`,
  });
  out.push({
    rule: 'period_outside',
    column: lit('period'),
    value: 'period',
    message: `${lit(`${RULES.period_outside}（--period `)} || ${period} || ${lit('）')}`,
    where: `${period} <> '' AND period <> ${period} AND ${d.fullMatch('period', PERIOD_PATTERN)}`,
  });
  out.push({
    rule: 'period_range',
    column: lit('period'),
    value: 'period',
    message: `${lit(`${RULES.period_range}（`)} || ${d.asText('$4')} || ${lit(' 至 ')} || ${d.asText('$5')} || ${lit('）')}`,
    where: `(period < ${d.asText('$4')} OR period > ${d.asText('$5')}) AND ${d.fullMatch('period', PERIOD_PATTERN)}`,
  });
  out.push({
    rule: 'platform',
    column: lit('platform'),
    value: 'platform',
    message: `${lit(`${RULES.platform}（--platform `)} || ${platform} || ${lit('）')}`,
    where: `platform <> ${platform}`,
  });
  out.push({
    rule: 'area',
    column: lit('seller_area'),
    value: 'seller_area',
    message: lit(RULES.area),
    where: 'seller_area IS NOT NULL AND a.code IS NULL',
    from: `LEFT JOIN areas a ON a.code = r.seller_area AND a.code <> ${d.asText('$3')}`,
  });
  for (const [field, values] of Object.entries(CODED_VALUES) as [CodedField, readonly string[]][])
    out.push({
      rule: 'code',
      column: lit(field),
      value: q(field),
      message: lit(`${RULES.code}（可用：${values.join('、')}）`),
      where: `${q(field)} NOT IN (${values.map(lit).join(', ')})`,
    });
  const kindOf = `CASE category ${CATEGORIES.map((c) => `WHEN ${lit(c.code)} THEN ${lit(c.kind)}`).join(' ')} END`;
  out.push({
    rule: 'category_kind',
    column: lit('goods_or_service'),
    value: 'goods_or_service',
    message: `${lit(`${RULES.category_kind}（品类 `)} || category || ${lit(' 为 ')} || ${kindOf} || ${lit('）')}`,
    where: `goods_or_service IN ('goods', 'service') AND goods_or_service <> ${kindOf}`,
  });
  for (const c of ['gmv', 'orders', 'refunds'])
    out.push({
      rule: 'negative',
      column: lit(c),
      value: d.asText(q(c)),
      message: lit(RULES.negative),
      where: `${q(c)} < 0`,
    });
  out.push({
    rule: 'refunds_above_gmv',
    column: lit('refunds'),
    value: d.asText('refunds'),
    message: `${lit(`${RULES.refunds_above_gmv}（gmv=`)} || ${d.asText('gmv')} || ${lit('）')}`,
    where: 'refunds > gmv AND refunds >= 0',
  });
  out.push({
    rule: 'uscc',
    column: lit('seller_uscc'),
    value: 'seller_uscc',
    message: 'bad.message',
    where: 'TRUE',
    from: `JOIN ${badUsccs(d)} bad ON bad.u = r.seller_uscc`,
  });
  return out;
}

/**
 * The distinct USCCs of the feed that are invalid, with why (length, characters, GB 32100 check
 * character): `(u, message)`. The weighted sum is computed once per distinct code, in an inner query.
 */
function badUsccs(d: Dialect): string {
  const terms = USCC_WEIGHTS.map(
    (w, i) => `(strpos('${USCC_CHARSET}', substr(u, ${i + 1}, 1)) - 1) * ${w}`,
  ).join(' + ');
  const expected = `substr('${USCC_CHARSET}', ((31 - (s % 31)) % 31) + 1, 1)`;
  return `(SELECT u, message FROM (SELECT u, CASE
    WHEN length(u) <> 18 THEN ${lit(USCC_MESSAGES.length[0])} || ${d.asText('length(u)')} || ${lit(USCC_MESSAGES.length[1])}
    WHEN NOT chars_ok THEN ${lit(USCC_MESSAGES.chars)}
    WHEN substr(u, 18, 1) <> ${expected} THEN ${lit(USCC_MESSAGES.check)} || ${expected}
  END AS message
  FROM (SELECT u, ${d.fullMatch('u', `[${USCC_CHARSET}]{18}`)} AS chars_ok, ${terms} AS s
        FROM (SELECT DISTINCT seller_uscc AS u FROM feed_rows_in WHERE seller_uscc IS NOT NULL) d) c) m
  WHERE message IS NOT NULL)`;
}

/** A row that breaks a rule no coarser check sees: a bad or missing value, a negative amount, refunds above GMV. */
export const ROW_PROBLEM = `type_error IS NOT NULL OR store_id IS NULL OR gmv IS NULL OR orders IS NULL
  OR refunds IS NULL OR gmv < 0 OR orders < 0 OR refunds < 0 OR refunds > gmv`;

/** Columns of the cube (compile-feed-rules.ts) a rule checks. */
const CUBE_RULES: readonly RuleId[] = [
  'period_format',
  'period_outside',
  'period_range',
  'platform',
  'area',
  'code',
  'category_kind',
];

export interface ValidationSql {
  /**
   * Counts the cube rows (and distinct USCCs) with any problem. The cube (`feed_cube`, one row per period ×
   * platform × area × coded field) is small and carries `bad_rows` (rows with a {@link ROW_PROBLEM}), so a
   * clean feed is proved clean without another pass over its rows.
   */
  probe: string;
  /** Fills `feed_errors` with every error but duplicates. */
  collect: string;
  /** Counts candidate duplicate store × category keys (per period, when the dialect says so). */
  duplicateProbe: DuplicateProbe;
  /** Fills `feed_errors` with the duplicate rows (takes no parameters). */
  duplicates: string;
}

/**
 * The statements that fill `feed_errors` (ref, column_name, value, rule, message, first_ref) from the rows
 * table `table`, whose row reference is the column `ref`. `probe` and `collect` take the parameters
 * $1 platform, $2 period or '' (any month), $3 the plan's root area, $4 and $5 the first and last month
 * the plan monitors.
 */
export function validationSql(
  d: Dialect,
  table: string,
  ref: string,
  dims: readonly string[],
): ValidationSql {
  const rows = ref === 'ref' ? `(SELECT * FROM ${q(table)})` : `(SELECT ${ref} AS ref, * FROM ${q(table)})`;
  const all = branches(d);
  const selects = all.map(
    (b) => `SELECT r.ref, ${b.column}, ${b.value}, ${lit(b.rule)}, ${b.message}, CAST(NULL AS BIGINT)
  FROM feed_rows_in r ${b.from ?? ''} WHERE ${b.where}`,
  );
  const cubeChecks = [
    'r.bad_rows > 0',
    ...dims.map((c) => `${q(c)} IS NULL`),
    ...all.filter((b) => CUBE_RULES.includes(b.rule)).map((b) => b.where),
  ];
  const joins = [...new Set(all.filter((b) => CUBE_RULES.includes(b.rule)).map((b) => b.from ?? ''))].join(
    ' ',
  );
  const cte = `WITH feed_rows_in AS NOT MATERIALIZED ${rows}`;
  return {
    probe: `${cte}
SELECT (SELECT count(*) FROM feed_cube r ${joins} WHERE ${cubeChecks.map((w) => `(${w})`).join('\n  OR ')})
  + (SELECT count(*) FROM ${badUsccs(d)} bad) AS n`,
    collect: `INSERT INTO feed_errors (ref, column_name, value, rule, message, first_ref)
${cte}
${selects.join('\nUNION ALL\n')}`,
    duplicateProbe: d.duplicateProbe(table, 'period', DUPLICATE_KEY),
    duplicates: duplicateSql(d, rows),
  };
}

/** Duplicate store × category rows within the batch's platform × period: every occurrence after the first. */
function duplicateSql(d: Dialect, rows: string): string {
  const key = ['period', ...DUPLICATE_KEY];
  const cols = key.join(', ');
  return `INSERT INTO feed_errors (ref, column_name, value, rule, message, first_ref)
WITH feed_rows_in AS NOT MATERIALIZED ${rows},
c AS (SELECT ref, ${cols}, row_number() OVER (PARTITION BY ${cols} ORDER BY ref) AS n,
             min(ref) OVER (PARTITION BY ${cols}) AS first_ref
      FROM ${d.duplicateCandidates('feed_rows_in', key)} x WHERE store_id IS NOT NULL AND category IS NOT NULL AND period IS NOT NULL)
SELECT ref, 'store_id', store_id || ' × ' || category, 'duplicate', ${lit(RULES.duplicate)}, first_ref FROM c WHERE n > 1`;
}
