/**
 * The validation rules of a feed, as set operations over the typed rows table: each rule is one SELECT of
 * the rows that break it, and all of them fill `feed_errors` in one statement. Messages and codes are
 * literals from this file; the batch's platform, period and the plan's root area are parameters.
 */
import type { Engine } from '../../store/driver.js';
import { CATEGORIES } from '../generate/feed-schema.js';
import { FEED_COLUMNS, typeRule } from './feed-columns.js';
import { CODED_VALUES, type CodedField } from './feed-fields.js';

/** GB 32100 (src/domain/uscc.ts): 31 characters; the weight of position i (0-based) is 3^i mod 31. */
const USCC_CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const USCC_WEIGHTS = Array.from({ length: 17 }, (_, i) => 3 ** i % 31);

/** Rule ids (the `rule` column of the error file and of quarantine) and their messages. */
export const RULES = {
  structure: '记录无法解析',
  type: '类型错误',
  required: '必填项为空',
  period_format: '期间应为 YYYY-MM 格式的月份',
  period_outside: '期间不在本批次内',
  platform: '平台与 --platform 不符',
  area: '未知区划代码（不是本计划的下级区划）',
  code: '未知编码',
  category_kind: '与品类的实物/服务类型不符',
  negative: '金额或订单数不能为负',
  refunds_above_gmv: '退款额大于成交额',
  duplicate: '店铺 × 品类在同一平台同一期间重复',
  uscc: '统一社会信用代码无效',
} as const;
export type RuleId = keyof typeof RULES;

const lit = (s: string): string => `'${s.replace(/'/g, "''")}'`;
const q = (name: string): string => `"${name}"`;

function text(expr: string, engine: Engine): string {
  return `CAST(${expr} AS ${engine === 'duckdb' ? 'VARCHAR' : 'TEXT'})`;
}

function matches(expr: string, re: string, engine: Engine): string {
  return engine === 'duckdb' ? `regexp_full_match(${expr}, '${re}')` : `${expr} ~ '^${re}$'`;
}

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

function branches(engine: Engine): Branch[] {
  const out: Branch[] = [];
  const platform = text('$1', engine);
  const period = text('$2', engine);
  const typeColumn = `split_part(type_error, '=', 1)`;
  out.push({
    rule: 'type',
    column: typeColumn,
    value: `substr(type_error, strpos(type_error, '=') + 1)`,
    message: `CASE ${typeColumn} ${FEED_COLUMNS.filter((c) => typeRule(c) !== RULES.type)
      .map((c) => `WHEN ${lit(c)} THEN ${lit(typeRule(c))}`)
      .join(' ')} ELSE ${lit(RULES.type)} END`,
    where: 'type_error IS NOT NULL',
  });
  for (const c of REQUIRED)
    out.push({
      rule: 'required',
      column: lit(c),
      value: "''",
      message: lit(RULES.required),
      where: `${q(c)} IS NULL AND (type_error IS NULL OR ${typeColumn} <> ${lit(c)})`,
    });
  out.push({
    rule: 'period_format',
    column: lit('period'),
    value: 'period',
    message: lit(RULES.period_format),
    where: `NOT ${matches('period', '[0-9]{4}-(0[1-9]|1[0-2])', engine)}`,
  });
  out.push({
    rule: 'period_outside',
    column: lit('period'),
    value: 'period',
    message: `${lit(`${RULES.period_outside}（--period `)} || ${period} || ${lit('）')}`,
    where: `${period} <> '' AND period <> ${period} AND ${matches('period', '[0-9]{4}-(0[1-9]|1[0-2])', engine)}`,
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
    from: `LEFT JOIN areas a ON a.code = r.seller_area AND a.code <> ${text('$3', engine)}`,
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
      value: text(q(c), engine),
      message: lit(RULES.negative),
      where: `${q(c)} < 0`,
    });
  out.push({
    rule: 'refunds_above_gmv',
    column: lit('refunds'),
    value: text('refunds', engine),
    message: `${lit(`${RULES.refunds_above_gmv}（gmv=`)} || ${text('gmv', engine)} || ${lit('）')}`,
    where: 'refunds > gmv AND refunds >= 0',
  });
  out.push({
    rule: 'uscc',
    column: lit('seller_uscc'),
    value: 'seller_uscc',
    message: 'bad.message',
    where: 'TRUE',
    from: `JOIN ${badUsccs(engine)} bad ON bad.u = r.seller_uscc`,
  });
  return out;
}

/**
 * The distinct USCCs of the feed that are invalid, with why (length, characters, GB 32100 check
 * character): `(u, message)`. The weighted sum is computed once per distinct code, in an inner query.
 */
function badUsccs(engine: Engine): string {
  const terms = USCC_WEIGHTS.map(
    (w, i) => `(strpos('${USCC_CHARSET}', substr(u, ${i + 1}, 1)) - 1) * ${w}`,
  ).join(' + ');
  const expected = `substr('${USCC_CHARSET}', ((31 - (s % 31)) % 31) + 1, 1)`;
  return `(SELECT u, message FROM (SELECT u, CASE
    WHEN length(u) <> 18 THEN ${lit('统一社会信用代码应为18位，实际为')} || ${text('length(u)', engine)} || ${lit('位')}
    WHEN NOT chars_ok THEN ${lit('统一社会信用代码含非法字符（不可使用 I、O、S、V、Z 及小写字母）')}
    WHEN substr(u, 18, 1) <> ${expected} THEN ${lit('统一社会信用代码校验位错误：应为 ')} || ${expected}
  END AS message
  FROM (SELECT u, ${matches('u', `[${USCC_CHARSET}]{18}`, engine)} AS chars_ok, ${terms} AS s
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
  /**
   * Counts candidate duplicate store × category keys. On DuckDB it runs once per period of the cube ($1):
   * twelve small hash tables are faster, and lighter, than one over the whole file; on PostgreSQL, whose
   * rows table has no index on period, once for all periods (`perPeriod` false, no parameter).
   */
  duplicateProbe: { sql: string; perPeriod: boolean };
  /** Fills `feed_errors` with the duplicate rows (takes no parameters). */
  duplicates: string;
}

/**
 * The statements that fill `feed_errors` (ref, column_name, value, rule, message, first_ref) from the rows
 * table `table`, whose row reference is `ref` (DuckDB: rowid; PostgreSQL: the ref column). `probe` and
 * `collect` take the parameters $1 platform, $2 period or '' (any month), $3 the plan's root area.
 */
export function validationSql(
  engine: Engine,
  table: string,
  ref: string,
  dims: readonly string[],
): ValidationSql {
  const rows = ref === 'ref' ? `(SELECT * FROM ${q(table)})` : `(SELECT ${ref} AS ref, * FROM ${q(table)})`;
  const all = branches(engine);
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
  + (SELECT count(*) FROM ${badUsccs(engine)} bad) AS n`,
    collect: `INSERT INTO feed_errors (ref, column_name, value, rule, message, first_ref)
${cte}
${selects.join('\nUNION ALL\n')}`,
    duplicateProbe:
      engine === 'duckdb'
        ? {
            sql: `SELECT count(*) AS n FROM (SELECT hash(store_id, category) AS h FROM ${q(table)}
           WHERE period = $1 GROUP BY h HAVING count(*) > 1) x`,
            perPeriod: true,
          }
        : {
            sql: `SELECT count(*) AS n FROM (SELECT 1 FROM ${q(table)}
           GROUP BY period, store_id, category HAVING count(*) > 1) x`,
            perPeriod: false,
          },
    duplicates: duplicateSql(engine, rows),
  };
}

/**
 * Duplicate store × category rows within the batch's platform × period: every occurrence after the first.
 * On DuckDB a hash pre-pass narrows the candidates so the exact grouping runs over few rows.
 */
function duplicateSql(engine: Engine, rows: string): string {
  const key = 'period, store_id, category';
  const candidates =
    engine === 'duckdb'
      ? `(SELECT * FROM feed_rows_in WHERE hash(${key}) IN (SELECT hash(${key}) AS h FROM feed_rows_in GROUP BY h HAVING count(*) > 1))`
      : 'feed_rows_in';
  return `INSERT INTO feed_errors (ref, column_name, value, rule, message, first_ref)
WITH feed_rows_in AS NOT MATERIALIZED ${rows},
c AS (SELECT ref, ${key}, row_number() OVER (PARTITION BY ${key} ORDER BY ref) AS n,
             min(ref) OVER (PARTITION BY ${key}) AS first_ref
      FROM ${candidates} x WHERE store_id IS NOT NULL AND category IS NOT NULL AND period IS NOT NULL)
SELECT ref, 'store_id', store_id || ' × ' || category, 'duplicate', ${lit(RULES.duplicate)}, first_ref FROM c WHERE n > 1`;
}
