/**
 * Feed rows on a ClickHouse cluster: one MergeTree per shard (`feed_rows_local`, partitioned by month,
 * ordered by month × area × category for the level grid) and a Distributed table `feed_rows` over them,
 * sharded by store. A load (read and checked by clickhouse-feed-ingest.ts) is typed into `feed_rows` under its
 * load id, where it counts for nothing until `feed_versions` says so: one row per platform × month naming the
 * load in force, written as one insert (one part, atomic). So a re-delivered platform × month switches from
 * the old load to the new one at a single point, and a process killed before that point leaves the previous
 * state; rows of a load that will never count are deleted afterwards and never counted meanwhile.
 */
import { clickhouseDialect as d } from './clickhouse-dialect.js';
import type { ClickHouseDriver } from './clickhouse-driver.js';

/** The feed's columns and their ClickHouse types in the rows table. */
export const FEED_ROW_COLUMNS: readonly [string, 'text' | 'amount' | 'count' | 'flag'][] = [
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

const SCHEMA = FEED_ROW_COLUMNS.map(([c, kind]) => `${c} ${d.typeOf(kind)}`).join(', ');

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

/**
 * Makes the versions table name, for every platform × month in `live` or in force now, the load `live` gives
 * (none: ''), all in one insert: ClickHouse writes one part, so every month switches at once or none does.
 */
export async function switchLoads(
  ch: ClickHouseDriver,
  live: readonly { platform: string; period: string; load_id: string }[],
): Promise<void> {
  const now = await ch.query<{ platform: string; period: string; load_id: string }>(
    `SELECT platform, period, argMax(load_id, version) AS load_id FROM feed_versions GROUP BY platform, period`,
  );
  const want = new Map(live.map((l) => [`${l.platform}|${l.period}`, l]));
  const changes = live.filter(
    (l) => !now.some((n) => n.platform === l.platform && n.period === l.period && n.load_id === l.load_id),
  );
  for (const n of now)
    if (n.load_id !== '' && !want.has(`${n.platform}|${n.period}`)) changes.push({ ...n, load_id: '' });
  if (changes.length === 0) return;
  const version = BigInt(Date.now()) * 1000n + BigInt(Math.floor(Math.random() * 1000));
  const values = changes
    .map((_, i) => `($${3 * i + 1}, $${3 * i + 2}, $${3 * i + 3}, ${version})`)
    .join(', ');
  await ch.query(
    `INSERT INTO feed_versions VALUES ${values}`,
    changes.flatMap((c) => [c.platform, c.period, c.load_id]),
  );
}

/**
 * Deletes the rows of loads that will never count, and the working tables a killed process left. With
 * `committed` (the loads the paired transactional store committed, which it may put back in force by a
 * rollback): the rows of any other load started over an hour ago (a younger one may still be running).
 * Without (ClickHouse alone): the rows of replaced loads, and of loads never switched started over an hour ago.
 */
export async function collectGarbage(ch: ClickHouseDriver, committed?: readonly string[]): Promise<void> {
  const old = `toUInt64OrZero(splitByChar('_', load_id)[2]) < toUInt64(now()) - 3600`;
  const live = committed
    ? await ch.query<{ load_id: string }>(
        `SELECT DISTINCT load_id FROM feed_rows WHERE ${old}${
          committed.length ? ` AND load_id NOT IN (${committed.map((_, i) => `$${i + 1}`).join(', ')})` : ''
        }`,
        committed,
      )
    : await ch.query<{ load_id: string }>(
        `SELECT DISTINCT load_id FROM feed_rows WHERE ${inForce(ch, true)}
       AND (load_id GLOBAL IN (SELECT load_id FROM ${ch.target.database}.feed_versions) OR ${old})`,
      );
  // Working tables of loads killed mid-way.
  const texts = await ch.query<{ name: string }>(
    `SELECT name FROM system.tables WHERE database = currentDatabase()
       AND match(name, '^feed_(text|chk|err)_load_[0-9]+_[0-9a-f]+$')
       AND toUInt64OrZero(splitByChar('_', name)[4]) < toUInt64(now()) - 3600`,
  );
  for (const t of texts)
    if (/^feed_(text|chk|err)_load_[0-9]+_[0-9a-f]+$/.test(t.name))
      await ch.exec(`DROP TABLE IF EXISTS ${t.name}`);
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
