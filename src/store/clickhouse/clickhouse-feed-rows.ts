/**
 * Feed rows on a ClickHouse cluster: one MergeTree per shard (`feed_rows_local`, partitioned by month,
 * ordered by month × area × category for the level grid) and a Distributed table `feed_rows` over them,
 * sharded by store. A load is read by ClickHouse itself into a text table on the first shard, checked there
 * in SQL, then typed into `feed_rows` under its load id, where it counts for nothing until `feed_versions`
 * says so: one row per platform × month naming the load in force, written as one insert (one part, atomic).
 * So a re-delivered platform × month switches from the old load to the new one at a single point, and a
 * process killed before that point leaves the previous state; rows of a load that never switched (or was
 * replaced) are deleted afterwards and never counted meanwhile.
 */
import { randomBytes } from 'node:crypto';
import { UserError } from '../../domain/user-error.js';
import { type BulkFile, quoteIdent, type RowsCallback } from '../dialect.js';
import { clickhouseDialect as d } from './clickhouse-dialect.js';
import type { ClickHouseDriver } from './clickhouse-driver.js';
import { insertCsv, utf8Body } from './stage-file-clickhouse.js';

/** The feed's columns and their ClickHouse types in the rows table. */
const COLUMNS: readonly [string, 'text' | 'amount' | 'count' | 'flag'][] = [
  ['period', 'text'],
  ['platform', 'text'],
  ['store_id', 'text'],
  ['seller_area', 'text'],
  ['seller_uscc', 'text'],
  ['category', 'text'],
  ['goods_or_service', 'text'],
  ['trade_mode', 'text'],
  ['is_live', 'flag'],
  ['is_social', 'flag'],
  ['is_custom', 'flag'],
  ['is_rural_seller', 'flag'],
  ['is_agricultural', 'flag'],
  ['cross_border', 'text'],
  ['gmv', 'amount'],
  ['orders', 'count'],
  ['refunds', 'amount'],
];

const SCHEMA = COLUMNS.map(([c, kind]) => `${c} ${d.typeOf(kind)}`).join(', ');

/** Creates the tables if missing: the rows table on every shard, the Distributed and version tables on the first. */
export async function createFeedRowTables(ch: ClickHouseDriver): Promise<void> {
  await ch.onEveryShard(
    `CREATE TABLE IF NOT EXISTS feed_rows_local (load_id String, month Date, ${SCHEMA})
     ENGINE = MergeTree PARTITION BY toYYYYMM(month) ORDER BY (month, seller_area, category, platform, store_id)`,
  );
  await ch.exec(
    `CREATE TABLE IF NOT EXISTS feed_rows AS feed_rows_local
     ENGINE = Distributed(${ch.target.cluster}, ${ch.target.database}, feed_rows_local, cityHash64(store_id))`,
  );
  await ch.exec(
    `CREATE TABLE IF NOT EXISTS feed_versions (platform String, period String, load_id String, version UInt64)
     ENGINE = MergeTree ORDER BY (platform, period)`,
  );
}

/**
 * Rows of the loads in force, the latest version of each platform × month (`not`: rows of no load in force).
 * GLOBAL: the version table lives on the first shard and is shipped to the others with the query.
 */
function inForce(ch: ClickHouseDriver, not = false): string {
  return `(platform, period, load_id) GLOBAL ${not ? 'NOT IN' : 'IN'} (
  SELECT platform, period, argMax(load_id, version) FROM ${ch.target.database}.feed_versions GROUP BY platform, period)`;
}

/** A rule a row can break, checked on the load's text table before any row is typed into feed_rows. */
const raw = (c: string): string => quoteIdent(c);
const PROBLEMS: readonly [string, string][] = [
  ...COLUMNS.filter(([, k]) => k !== 'text').map(([c, k]): [string, string] => [
    `${c}: 类型错误`,
    `${raw(c)} <> '' AND ${d.tryCast(raw(c), k as 'amount' | 'count' | 'flag')} IS NULL`,
  ]),
  ...COLUMNS.filter(([c]) => c !== 'seller_uscc').map(([c]): [string, string] => [
    `${c}: 必填项为空`,
    `${raw(c)} = ''`,
  ]),
  ['period: 期间应为 YYYY-MM 格式的月份', `NOT ${d.fullMatch(raw('period'), '[0-9]{4}-(0[1-9]|1[0-2])')}`],
  ['period: 期间不在本批次内', `$2 <> '' AND ${raw('period')} <> $2`],
  ['platform: 平台与 --platform 不符', `${raw('platform')} <> $1`],
  ...(['gmv', 'orders', 'refunds'] as const).map((c): [string, string] => [
    `${c}: 金额或订单数不能为负`,
    `${d.tryCast(raw(c), c === 'orders' ? 'count' : 'amount')} < 0`,
  ]),
  [
    'refunds: 退款额大于成交额',
    `${d.tryCast(raw('refunds'), 'amount')} > ${d.tryCast(raw('gmv'), 'amount')}`,
  ],
];

export interface FeedLoad {
  loadId: string;
  rows: number;
  /** Platform × month pairs the load holds. */
  periods: string[];
}

export interface LoadOptions {
  platform: string;
  /** `YYYY-MM`, or '' for any month. */
  period: string;
  encoding: string | null;
  onRows: RowsCallback;
}

/**
 * Reads `source` (a CSV with a header) into feed_rows under a new load id and switches its platform ×
 * months to it. A file with any problem writes nothing and is a UserError naming the first lines.
 */
export async function loadFeedRows(
  ch: ClickHouseDriver,
  source: BulkFile,
  opts: LoadOptions,
): Promise<FeedLoad> {
  // The start time in the id lets garbage collection tell an abandoned load from one still running.
  const loadId = `load_${Math.floor(Date.now() / 1000)}_${randomBytes(6).toString('hex')}`;
  const text = `feed_text_${loadId}`;
  await ch.exec(
    `CREATE TABLE ${text} (${source.columns.map((c) => `${quoteIdent(c)} String`).join(', ')}) ENGINE = Log`,
  );
  try {
    await insertCsv(ch, text, source, utf8Body(source.path, opts.encoding, opts.onRows));
    await checkRows(ch, text, source, opts);
    await ch.query(
      `INSERT INTO feed_rows (load_id, month, ${COLUMNS.map(([c]) => c).join(', ')})
       SELECT $1, toDate(concat(${raw('period')}, '-01')), ${COLUMNS.map(([c, k]) =>
         k === 'text' ? raw(c) : `assumeNotNull(${d.tryCast(raw(c), k)})`,
       ).join(', ')} FROM ${text}`,
      [loadId],
    );
    const periods = (
      await ch.query<{ period: string }>(`SELECT DISTINCT period FROM ${text} ORDER BY period`)
    ).map((r) => r.period);
    await switchTo(ch, opts.platform, periods, loadId);
    const n = await ch.query<{ n: string }>(`SELECT count() AS n FROM ${text}`);
    return { loadId, rows: Number(n[0]?.n ?? 0), periods };
  } finally {
    await ch.exec(`DROP TABLE IF EXISTS ${text}`);
  }
}

async function checkRows(ch: ClickHouseDriver, text: string, source: BulkFile, opts: LoadOptions) {
  const cases = PROBLEMS.map(([rule, where]) => `WHEN ${where} THEN '${rule}'`).join('\n  ');
  const bad = await ch.query<{ line: string; problem: string }>(
    `SELECT line, problem FROM (
       SELECT rowNumberInAllBlocks() + ${source.firstLine} AS line, CASE ${cases} ELSE '' END AS problem
       FROM ${text}) WHERE problem <> '' ORDER BY line LIMIT 5
     SETTINGS max_threads = 1`,
    [opts.platform, opts.period],
  );
  if (bad.length > 0)
    throw new UserError(
      bad.map((b) => ({
        place: `${source.file}:${b.line}`,
        value: '',
        message: `${b.problem}，未写入任何数据`,
        hint: '改正错误后重新导入',
      })),
    );
}

/** Makes `loadId` the load in force for the platform's months (one insert), then deletes the loads it replaced. */
async function switchTo(ch: ClickHouseDriver, platform: string, periods: string[], loadId: string) {
  const version = BigInt(Date.now()) * 1000n + BigInt(Math.floor(Math.random() * 1000));
  const values = periods.map((_, i) => `($1, $${i + 3}, $2, ${version})`).join(', ');
  await ch.query(`INSERT INTO feed_versions VALUES ${values}`, [platform, loadId, ...periods]);
  await collectGarbage(ch);
}

/**
 * Deletes the rows of loads not in force: replaced ones, and ones left by a process killed before its switch
 * (started over an hour ago; a younger one may still be running), and the text tables such a process left.
 */
export async function collectGarbage(ch: ClickHouseDriver): Promise<void> {
  const live = await ch.query<{ load_id: string }>(
    `SELECT DISTINCT load_id FROM feed_rows WHERE ${inForce(ch, true)}
       AND (load_id GLOBAL IN (SELECT load_id FROM ${ch.target.database}.feed_versions)
            OR toUInt64OrZero(splitByChar('_', load_id)[2]) < toUInt64(now()) - 3600)`,
  );
  // Text tables of loads killed mid-read.
  const texts = await ch.query<{ name: string }>(
    `SELECT name FROM system.tables WHERE database = currentDatabase() AND name LIKE 'feed_text_load_%'
       AND toUInt64OrZero(splitByChar('_', name)[4]) < toUInt64(now()) - 3600`,
  );
  for (const t of texts)
    if (/^feed_text_load_[0-9]+_[0-9a-f]+$/.test(t.name)) await ch.exec(`DROP TABLE IF EXISTS ${t.name}`);
  if (live.length === 0) return;
  const ids = live.map((r) => r.load_id);
  await ch.onEveryShard(
    `ALTER TABLE feed_rows_local DELETE WHERE load_id IN (${ids.map((_, i) => `$${i + 1}`).join(', ')})`,
    ids,
  );
}

/** A measure of the level grid: a plan rule's aggregate over the rows its (compiled) predicate keeps. */
export interface GridMeasure {
  measure: string;
  aggregate: 'sum_gmv' | 'sum_net_gmv' | 'sum_orders' | 'count_rows';
  /** SQL predicate over the feed columns, compiled from the plan's structured filter with this dialect. */
  where: string;
}

const AGGREGATES: Readonly<Record<GridMeasure['aggregate'], (p: string) => string>> = {
  sum_gmv: (p) => `sumIf(gmv, ${p})`,
  sum_net_gmv: (p) => `sumIf(gmv - refunds, ${p})`,
  sum_orders: (p) => `sumIf(orders, ${p})`,
  count_rows: (p) => `countIf(${p})`,
};

export interface GridCell {
  measure: string;
  area: string;
  period: string;
  /** Exact decimal text in 元 (counts as integers). */
  value: string;
}

/**
 * The level grid over the rows in force: every measure × area × month in `[from, to]` and the root area's
 * totals, in one distributed scan (each shard aggregates its rows; the first merges).
 */
export async function feedLevelGrid(
  ch: ClickHouseDriver,
  measures: readonly GridMeasure[],
  rootArea: string,
  from: string,
  to: string,
): Promise<GridCell[]> {
  if (measures.length === 0) return [];
  // A rule without filters compiles to TRUE, which 18.16 does not know.
  const where = (m: GridMeasure): string => (m.where === 'TRUE' ? '1' : `(${m.where})`);
  const sums = measures.map((m, i) => `toString(${AGGREGATES[m.aggregate](where(m))}) AS m${i}`);
  const rows = await ch.query(
    `SELECT period, seller_area, ${sums.join(', ')} FROM feed_rows
     WHERE month BETWEEN toDate(concat($1, '-01')) AND toDate(concat($2, '-01')) AND ${inForce(ch)}
     GROUP BY period, seller_area WITH ROLLUP HAVING period <> ''`,
    [from, to],
  );
  return rows.flatMap((r) =>
    measures.map((m, i) => ({
      measure: m.measure,
      area: r.seller_area === '' ? rootArea : (r.seller_area as string),
      period: r.period as string,
      value: r[`m${i}`] as string,
    })),
  );
}
