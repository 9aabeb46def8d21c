/**
 * The checks of an observations file as SQL over the rows table the engine staged (`c1…cN`, every cell as
 * text): one pass builds `obs_checked` with every row's parsed period, cleaned value, unit and the reason of
 * each failed check; the problems (only when there are any) are then collected with the line and the
 * column where the offending cell starts. Messages are literals from this file, never input.
 */
import type { Dialect } from '../../store/dialect.js';
import { dimField, type ObservationField } from './observation-header.js';

/** The largest number of decimals a value may carry (the store keeps six). */
export const MAX_SCALE = 6;
/** Integer digits the store keeps (DECIMAL(38,6)), after conversion to the base unit. */
const MAX_DIGITS = 32;
/** Integer digits of a published growth rate (DECIMAL(12,6)). */
const MAX_YOY_DIGITS = 6;

const PERIOD_FORMS =
  '可用格式：2021（年）、2021-Q1（季度）、2021-03（月）、2021-01/2021-03（同一年内的累计）';
const DUPLICATE = '行重复（同一度量、地区、期间、分组只能有一个值）';

const lit = (s: string): string => `'${s.replace(/'/g, "''")}'`;
const DECIMAL = '[+-]?[0-9]+([.][0-9]+)?';

export interface ObservationLayout {
  /** The staged columns, `c1…cN` in file order. */
  columns: readonly string[];
  /** The 0-based column of each field the header names. */
  index: ReadonlyMap<ObservationField, number>;
  /** XLSX: a cell's column is its number; CSV: the character where it starts. */
  xlsx: boolean;
  /** The plan's dimensions the file has a column for, sorted by id (the order of the breakdown key). */
  dimensions: readonly { id: string; name: string; open: boolean }[];
}

/**
 * SQL over a row `x` with columns k1…kN (the codes of the layout's dimensions): its canonical breakdown key
 * (src/domain/breakdown.ts) — pairs in dimension-id order, '' for the total.
 */
function keySql(layout: ObservationLayout): string {
  if (!layout.dimensions.length) return "''";
  const pairs = layout.dimensions.map(
    (dim, i) => `CASE WHEN x.k${i + 1} <> '' THEN ${lit(`${dim.id}=`)} || x.k${i + 1} END`,
  );
  return `coalesce(concat_ws(';', ${pairs.join(', ')}), '')`;
}

/** The SELECT the stager types the file with: every cell as text, '' for an empty one. */
export function rawSelect(
  d: Dialect,
  layout: ObservationLayout,
  from: string,
  keep: readonly string[],
): string {
  const cells = layout.columns.map((c) => `coalesce(${d.asText(d.ident(c))}, '') AS ${d.ident(c)}`);
  return `SELECT ${[...keep.map(d.ident), ...cells].join(', ')} FROM ${from} src`;
}

/** The period as written; in XLSX a period typed as a date arrives as its serial day number: its month. */
function periodText(d: Dialect, layout: ObservationLayout): string {
  const t = `trim(${rawOf(d, layout, 'period')})`;
  if (!layout.xlsx) return t;
  const date = `DATE '1899-12-30' + CAST(${t} AS INTEGER)`;
  return `CASE WHEN ${d.fullMatch(t, '[0-9]{5}')} THEN substr(${d.asText(date)}, 1, 7) ELSE ${t} END`;
}

function rawOf(d: Dialect, layout: ObservationLayout, f: ObservationField, alias = 's'): string {
  const i = layout.index.get(f);
  return i === undefined ? "''" : `${alias}.${d.ident(layout.columns[i] as string)}`;
}

/**
 * Creates `obs_checked` from the staged `table` (row reference `ref`): one row per non-blank file row, with
 * its values cleaned and `ok` when every check passed; the default source comes from `obs_args`. A table:
 * PostgreSQL would plan (and JIT-compile) the whole check again in every statement that read a view of it.
 */
export function checkedSql(d: Dialect, layout: ObservationLayout, table: string, ref: string): string {
  const raw = (f: ObservationField): string => rawOf(d, layout, f);
  const full = (e: string, re: string): string => d.fullMatch(e, re);
  const int = (e: string): string => `CAST(${e} AS INTEGER)`;
  const yoy = `trim(${raw('published_yoy')})`;
  const digits = (e: string): string => `length(ltrim(split_part(ltrim(${e}, '+-'), '.', 1), '0'))`;
  const blank = layout.columns.map((c) => `s.${d.ident(c)} = ''`).join(' AND ');
  const x = `SELECT s.${d.ident(ref)} AS ref, trim(${raw('measure')}) AS measure, trim(${raw('area')}) AS area,
      ${periodText(d, layout)} AS p, trim(${raw('value')}) AS v, trim(${raw('unit')}) AS u,
      trim(CASE WHEN right(${yoy}, 1) = '%' THEN substr(${yoy}, 1, length(${yoy}) - 1) ELSE ${yoy} END) AS yy,
      ${layout.dimensions.map((dim, i) => `trim(${raw(dimField(dim.id))}) AS k${i + 1}, `).join('')}coalesce(nullif(trim(${raw('source')}), ''), (SELECT source FROM obs_args)) AS source
    FROM ${d.ident(table)} s WHERE NOT (${blank})`;
  // A code is known when the plan lists it for its dimension, or (an open dimension) when it is well-formed.
  const codeOk = layout.dimensions.map((dim, i) => {
    const k = `x.k${i + 1}`;
    const known = dim.open
      ? full(k, '[A-Za-z0-9_-]+')
      : `EXISTS (SELECT 1 FROM obs_codes c WHERE c.dimension = ${lit(dim.id)} AND c.code = ${k})`;
    return `(${k} = '' OR ${known}) AS k${i + 1}_ok, `;
  });
  const y = `SELECT x.*, m.id IS NOT NULL AS m_ok, m.unit AS m_unit, m.dimension AS m_dim, a.code IS NOT NULL AS a_ok,
      ${codeOk.join('')}${keySql(layout)} AS breakdown,
      CASE WHEN x.u <> '' THEN x.u ELSE coalesce(m.unit, '') END AS unit, ug.unit IS NOT NULL AS u_known,
      ${full('x.v', DECIMAL)} AS v_ok, (x.yy = '' OR ${full('x.yy', DECIMAL)}) AS yy_ok,
      CASE WHEN ${full('x.p', '[0-9]{4}')} THEN 'year' WHEN ${full('x.p', '[0-9]{4}-Q[1-4]')} THEN 'quarter'
        WHEN ${full('x.p', '[0-9]{4}-[0-9]{2}')} THEN 'month'
        WHEN ${full('x.p', '[0-9]{4}-[0-9]{2}/[0-9]{4}-[0-9]{2}')} THEN 'range' END AS period_kind
    FROM (${x} OFFSET 0) x LEFT JOIN obs_measures m ON m.id = x.measure LEFT JOIN obs_areas a ON a.code = x.area
      LEFT JOIN obs_units ug ON ug.unit = x.u`;
  const z = `SELECT y.*, uf.dimension AS u_dim, uf.factor, uf.base_unit, coalesce(uf.digits, 0) AS u_digits,
      CASE WHEN period_kind IS NOT NULL THEN ${int('substr(p, 1, 4)')} END AS year,
      CASE period_kind WHEN 'year' THEN 1 WHEN 'quarter' THEN ${int('substr(p, 7, 1)')} * 3 - 2
        WHEN 'month' THEN ${int('substr(p, 6, 2)')} WHEN 'range' THEN ${int('substr(p, 6, 2)')} END AS month_from,
      CASE period_kind WHEN 'year' THEN 12 WHEN 'quarter' THEN ${int('substr(p, 7, 1)')} * 3
        WHEN 'month' THEN ${int('substr(p, 6, 2)')} WHEN 'range' THEN ${int('substr(p, 14, 2)')} END AS month_to,
      CASE WHEN period_kind = 'range' THEN ${int('substr(p, 9, 4)')} END AS year2,
      CASE WHEN v_ok AND strpos(v, '.') > 0 THEN length(v) - strpos(v, '.') ELSE 0 END AS scale,
      CASE WHEN v_ok THEN ${digits('v')} ELSE 0 END AS v_digits,
      CASE WHEN yy_ok THEN ${digits('yy')} ELSE 0 END AS yy_digits,
      CASE WHEN yy_ok AND strpos(yy, '.') > 0 THEN length(yy) - strpos(yy, '.') ELSE 0 END AS yy_scale
    FROM (${y} OFFSET 0) y LEFT JOIN obs_units uf ON uf.unit = y.unit`;
  const t = (e: string): string => d.asText(e);
  const periodError = `CASE WHEN period_kind IS NULL THEN ${lit('无法识别的期间「')} || p || ${lit(`」。${PERIOD_FORMS}`)}
      WHEN year < 1949 OR year > 2100 THEN ${lit('年份 ')} || ${t('year')} || ${lit(' 超出 1949–2100 的范围')}
      WHEN period_kind IN ('month', 'range') AND (month_from < 1 OR month_from > 12)
        THEN ${lit('月份 ')} || ${t('month_from')} || ${lit(' 不在 01–12 之间')}
      WHEN period_kind = 'range' AND (month_to < 1 OR month_to > 12)
        THEN ${lit('月份 ')} || ${t('month_to')} || ${lit(' 不在 01–12 之间')}
      WHEN period_kind = 'range' AND year2 <> year THEN ${lit('累计期间的起止月份必须在同一年内')}
      WHEN period_kind = 'range' AND month_from > month_to
        THEN ${lit('累计期间的起始月 ')} || ${t('month_from')} || ${lit(' 晚于结束月 ')} || ${t('month_to')} END`;
  const valueError = `CASE WHEN NOT v_ok THEN 'invalid' WHEN scale > ${MAX_SCALE} THEN 'scale'
      WHEN v_digits + u_digits > ${MAX_DIGITS} THEN 'range' END`;
  const unitError = `CASE WHEN u <> '' AND NOT u_known THEN 'unknown'
      WHEN m_ok AND unit <> '' AND (u_dim IS NULL OR m_dim IS NULL OR u_dim <> m_dim) THEN 'dimension' END`;
  const yoyError = `CASE WHEN NOT yy_ok THEN 'invalid' WHEN yy_scale > ${MAX_SCALE} THEN 'scale'
      WHEN yy_digits > ${MAX_YOY_DIGITS} THEN 'range' END`;
  const w = `SELECT z.*, ${periodError} AS period_error, ${valueError} AS value_error, ${unitError} AS unit_error,
      ${yoyError} AS yoy_error FROM (${z} OFFSET 0) z`;
  const kOk = layout.dimensions.map((_, i) => `k${i + 1}_ok`);
  return `CREATE TEMPORARY TABLE obs_checked AS
SELECT ref, measure, area, p, period_kind, year, month_from, month_to, breakdown, v, v_digits,
  unit, factor, base_unit, yy, source, m_ok, m_unit, a_ok, ${kOk.map((k) => `${k}, `).join('')}period_error,
  value_error, unit_error, yoy_error,
  (m_ok AND a_ok ${kOk.map((k) => `AND ${k} `).join('')}AND period_error IS NULL AND value_error IS NULL
  AND unit_error IS NULL AND yoy_error IS NULL) AS ok FROM (${w} OFFSET 0) w`;
}

/**
 * In one pass: the rows, the rows that failed a check, and the keys that occur more than once among the rows
 * that passed.
 */
export const PROBE_SQL = `SELECT sum(n) AS total, sum(bad) AS bad, sum(CASE WHEN good > 1 THEN 1 ELSE 0 END) AS repeated
FROM (SELECT count(*) AS n, sum(CASE WHEN ok THEN 0 ELSE 1 END) AS bad, sum(CASE WHEN ok THEN 1 ELSE 0 END) AS good
  FROM obs_checked GROUP BY measure, area, p, breakdown) k`;

interface Branch {
  field: ObservationField;
  where: string;
  message: string;
  hint: string;
  from?: string;
  firstRef?: string;
}

/**
 * Fills obs_problems (ref, ord, pos, value, message, hint, first_ref) from obs_checked and the staged table:
 * the checks in the order a row is read, then duplicates among the rows that passed (every occurrence after
 * the first, with the first's reference).
 */
export function collectSql(
  d: Dialect,
  layout: ObservationLayout,
  table: string,
  ref: string,
  hints: { measure: string; codes: ReadonlyMap<string, string> },
): string {
  const ifThen = (cases: [string, string][], other = 'NULL'): string =>
    `CASE ${cases.map(([k, v]) => `WHEN ${k} THEN ${v}`).join(' ')} ELSE ${other} END`;
  const branches: Branch[] = [
    { field: 'measure', where: 'NOT c.m_ok', message: lit('未知的度量代码'), hint: lit(hints.measure) },
    {
      field: 'area',
      where: 'NOT c.a_ok',
      message: lit('未知的区划代码'),
      hint: lit('应为计划中的地区代码（GB/T 2260，如 510100 成都市、510104 锦江区）'),
    },
    { field: 'period', where: 'c.period_error IS NOT NULL', message: 'c.period_error', hint: 'NULL' },
    {
      field: 'value',
      where: 'c.value_error IS NOT NULL',
      message: ifThen([
        ["c.value_error = 'invalid'", lit('数值不是有效的数字')],
        ["c.value_error = 'scale'", lit(`小数位超过 ${MAX_SCALE} 位`)],
        ["c.value_error = 'range'", lit('数值超出可存储的范围')],
      ]),
      hint: ifThen([
        ["c.value_error = 'invalid'", lit('只写数字，如 4129.5；不要带单位或百分号')],
        ["c.value_error = 'range'", lit(`换算为基本单位（如 元）后整数部分最多 ${MAX_DIGITS} 位`)],
      ]),
    },
    {
      field: 'unit',
      where: 'c.unit_error IS NOT NULL',
      message: ifThen(
        [["c.unit_error = 'unknown'", lit('未知的单位')]],
        `${lit('单位与度量 ')} || c.measure || ${lit(' 的单位 ')} || c.m_unit || ${lit(' 不是同一量纲')}`,
      ),
      hint: ifThen([["c.unit_error = 'unknown'", lit('金额可用 元、万元、亿元')]]),
    },
    {
      field: 'published_yoy',
      where: 'c.yoy_error IS NOT NULL',
      message: ifThen(
        [
          ["c.yoy_error = 'invalid'", lit('可比增速不是有效的数字')],
          ["c.yoy_error = 'scale'", lit(`可比增速小数位超过 ${MAX_SCALE} 位`)],
        ],
        lit('可比增速超出可存储的范围'),
      ),
      hint: ifThen(
        [
          ["c.yoy_error = 'invalid'", lit('以百分数填写，如 14.1 表示增长 14.1%')],
          ["c.yoy_error = 'scale'", lit('不会四舍五入')],
        ],
        lit(`整数部分最多 ${MAX_YOY_DIGITS} 位`),
      ),
    },
    ...layout.dimensions.map(
      (dim, i): Branch => ({
        field: dimField(dim.id),
        where: `NOT c.k${i + 1}_ok`,
        message: lit(`维度 ${dim.id}（${dim.name}）没有这个编码`),
        hint: lit(hints.codes.get(dim.id) ?? ''),
      }),
    ),
    {
      field: 'measure',
      where: 'c.n > 1',
      message: 'NULL',
      hint: 'NULL',
      firstRef: 'c.first_ref',
      from: `(SELECT ref, row_number() OVER (PARTITION BY measure, area, p, breakdown ORDER BY ref) AS n,
          min(ref) OVER (PARTITION BY measure, area, p, breakdown) AS first_ref
        FROM obs_checked WHERE ok)`,
    },
  ];
  const selects = branches.map(
    (b, ord) => `SELECT c.ref, ${ord + 1}, ${positionOf(d, layout, b.field)}, ${rawOf(d, layout, b.field)},
    ${b.message}, ${b.hint}, ${b.firstRef ?? 'CAST(NULL AS BIGINT)'}
  FROM ${b.from ?? 'obs_checked'} c JOIN ${d.ident(table)} s ON s.${d.ident(ref)} = c.ref WHERE ${b.where}`,
  );
  return `INSERT INTO obs_problems (ref, ord, pos, value, message, hint, first_ref)
${selects.join('\nUNION ALL\n')}`;
}

/** SQL: the column of `f`'s cell in the row of the staged table `s` (1 when the file has no such column). */
function positionOf(d: Dialect, layout: ObservationLayout, f: ObservationField): string {
  const i = layout.index.get(f);
  if (i === undefined) return '1';
  if (layout.xlsx) return String(i + 1);
  const width = (c: string): string => {
    const v = `s.${d.ident(c)}`;
    return `length(${v}) + CASE WHEN strpos(${v}, '"') > 0 OR strpos(${v}, ',') > 0 OR strpos(${v}, chr(10)) > 0
      OR strpos(${v}, chr(13)) > 0 THEN 2 + length(${v}) - length(replace(${v}, '"', '')) ELSE 0 END + 1`;
  };
  return ['1', ...layout.columns.slice(0, i).map(width)].join(' + ');
}

/**
 * Every problem in file order: (line, pos, value, message, hint). Rows are placed with `lineOf` (the
 * stager's reference → line); records the reader could not parse come from its `rejects` table.
 */
export function problemListSql(
  d: Dialect,
  lineOf: (ref: string) => string,
  rejects: string,
  columns: number,
): string {
  const fieldsMessage = `CASE WHEN fields IS NOT NULL
      THEN ${lit(`字段数与表头不符（应为 ${columns} 列，实为 `)} || ${d.asText('fields')} || ${lit(' 列）')}
      ELSE ${lit('无法解析的 CSV 记录（引号不成对或含非法字符）')} END`;
  return `SELECT line, pos, value, message, hint FROM (
  SELECT ${lineOf('p.ref')} AS line, p.ord, p.pos, p.value,
    CASE WHEN p.first_ref IS NULL THEN p.message
      ELSE ${lit('与第 ')} || ${d.asText(lineOf('p.first_ref'))} || ${lit(` ${DUPLICATE}`)} END AS message, p.hint
  FROM obs_problems p
  UNION ALL
  SELECT line, 0, 1, raw, ${fieldsMessage}, ${lit('每行的字段数应与表头一致；含逗号的值要加引号')} FROM ${d.ident(rejects)}
) e ORDER BY line, ord`;
}

/**
 * Creates the view `name`, shaped as `observations`, of the checked rows with amounts scaled exactly to the
 * base unit (a DECIMAL times the unit's power of ten) and the batch id of `obs_args`. A view, so the write
 * reads the rows once and only the keys for its replace checks.
 */
export function importViewSql(d: Dialect, name: string): string {
  // Text to a 38-digit DECIMAL is ~100x slower than to an 18-digit one on DuckDB; values with up to
  // 12 integer digits (all but absurd ones) take the short cast, which is exact for six decimals.
  const value = `CASE WHEN v_digits <= 12 THEN CAST(v AS DECIMAL(18,${MAX_SCALE})) ELSE CAST(v AS ${d.amount}) END`;
  return `CREATE TEMPORARY VIEW ${name} AS
SELECT measure, area, p AS period, period_kind, year, month_from, month_to, breakdown,
  value, unit, CAST(value * factor AS ${d.amount}) AS value_base, base_unit,
  CASE WHEN yy = '' THEN NULL ELSE CAST(yy AS DECIMAL(12,6)) END AS published_yoy, c.source, (SELECT batch_id FROM obs_args) AS batch_id,
  FALSE AS simulated, ${d.now} AS loaded_at
FROM (SELECT *, ${value} AS value FROM obs_checked OFFSET 0) c`;
}
