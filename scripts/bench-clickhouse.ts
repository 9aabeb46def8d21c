/**
 * ClickHouse scale benchmark (docs/benchmarks.md, docs/scale.md): `npm run bench:clickhouse -- --rows N`.
 * On the same generated file (bench-data/feed-<N>.csv: sim-mall, the twelve months of 2021), in one run:
 *   - DuckDB: bare `read_csv` into a table; the level grid (every rule measure × area × month, with the root
 *     area's totals) over that table; and the full `ecmon ingest feed` path;
 *   - ClickHouse with 1 shard and with 2 shards (local clusters started by scripts/clickhouse-cluster.sh on
 *     their own ports, stopped afterwards): the load (read by ClickHouse over HTTP, checks, typed insert
 *     through the Distributed table, switch) and the same level grid over the rows in force.
 * Query times are the best of 3. The cluster processes share this machine's cores.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { compileFeedFilter } from '../src/ingest/feed/compile-feed-filter.js';
import { ingestFeed } from '../src/ingest/feed/ingest-feed.js';
import { generateFeed } from '../src/ingest/generate/generate-feed.js';
import { loadPlan } from '../src/plan/load-plan.js';
import { ClickHouseDriver } from '../src/store/clickhouse/clickhouse-driver.js';
import { loadFeedRows } from '../src/store/clickhouse/clickhouse-feed-ingest.js';
import {
  createFeedRowTables,
  feedLevelGrid,
  type GridMeasure,
} from '../src/store/clickhouse/clickhouse-feed-rows.js';
import { duckdbDialect } from '../src/store/duckdb/duckdb-dialect.js';
import { DuckDbDriver } from '../src/store/duckdb/duckdb-driver.js';
import { openStore } from '../src/store/open-store.js';
import { savePlan } from '../src/store/plan-repository.js';
import { csvSource, gridMeasures } from '../test/support/clickhouse-feeds.js';

const PLAN = 'plans/chengdu-ec-2021-2025.yaml';
const PLATFORM = 'sim-mall';
const plan = loadPlan(PLAN);

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(name);
  return i >= 0 ? (process.argv[i + 1] ?? fallback) : fallback;
}

const seconds = async (fn: () => Promise<unknown>): Promise<number> => {
  const t0 = performance.now();
  await fn();
  return (performance.now() - t0) / 1000;
};

async function bestOf3(fn: () => Promise<unknown>): Promise<number> {
  const times = [await seconds(fn), await seconds(fn), await seconds(fn)];
  return Math.min(...times);
}

/** A local cluster of `shards` on its own ports; `stop` ends it. */
function cluster(shards: number): { url: string; stop(): void } {
  const env = {
    ...process.env,
    ECMON_CH_SHARDS: String(shards),
    ECMON_CH_HTTP_PORT: String(18200 + shards * 10),
    ECMON_CH_TCP_PORT: String(19200 + shards * 10),
    ECMON_CH_INTERSERVER_PORT: String(19300 + shards * 10),
    ECMON_CH_DIR: join(tmpdir(), `ecmon-bench-clickhouse-${shards}`),
  };
  const url = execFileSync('scripts/clickhouse-cluster.sh', ['start'], { env, encoding: 'utf8' }).trim();
  return { url, stop: () => execFileSync('scripts/clickhouse-cluster.sh', ['stop'], { env }) };
}

/** The level grid on DuckDB over a bare table of the file: the same sums, one scan, with the root totals. */
function duckGridSql(measures: readonly GridMeasure[]): string {
  const agg: Record<GridMeasure['aggregate'], string> = {
    sum_gmv: 'sum(gmv)',
    sum_net_gmv: 'sum(gmv - refunds)',
    sum_orders: 'sum(orders)',
    count_rows: 'count(*)',
  };
  const sums = measures.map((m, i) => `${agg[m.aggregate]} FILTER (WHERE ${m.where}) AS m${i}`);
  return `SELECT period, seller_area, ${sums.join(', ')} FROM t GROUP BY ROLLUP (period, seller_area)`;
}

interface Line {
  name: string;
  load: number | null;
  query: number | null;
  rows: number;
}

async function duckdb(file: string, dir: string, rows: number): Promise<Line[]> {
  const driver = await DuckDbDriver.open(join(dir, 'bare.duckdb'));
  const read = await seconds(() =>
    driver.exec(
      `CREATE TABLE t AS SELECT * FROM read_csv('${file.replace(/'/g, "''")}', types = {'gmv': 'DECIMAL(18,2)', 'refunds': 'DECIMAL(18,2)', 'seller_area': 'VARCHAR'})`,
    ),
  );
  const measures = plan.feed_rules.map((r) => ({
    measure: r.measure,
    aggregate: r.aggregate,
    where: compileFeedFilter(r.where, duckdbDialect),
  }));
  const query = await bestOf3(() => driver.query(duckGridSql(measures)));
  await driver.close();
  const store = await openStore(join(dir, 'ingest.duckdb'));
  await savePlan(store.driver, store.dialect, plan, PLAN);
  const ingest = await seconds(() => ingestFeed(store, plan, file, { platform: PLATFORM }));
  await store.close();
  return [
    { name: 'DuckDB bare read_csv + level grid', load: read, query, rows },
    { name: 'DuckDB ecmon ingest feed', load: ingest, query: null, rows },
  ];
}

async function clickhouse(file: string, shards: number, rows: number): Promise<Line> {
  const c = cluster(shards);
  try {
    const ch = await ClickHouseDriver.open(c.url);
    await createFeedRowTables(ch);
    const load = await seconds(() =>
      loadFeedRows(ch, csvSource(file), { platform: PLATFORM, period: '', encoding: null, onRows: () => {} }),
    );
    const measures = gridMeasures(plan);
    const query = await bestOf3(() => feedLevelGrid(ch, measures, plan.root_area, '2021-01', '2021-12'));
    const perShard = (await ch.queryEveryShard<{ n: string }>('SELECT count() AS n FROM feed_rows_local'))
      .map((r) => Number(r[0]?.n).toLocaleString('en-US'))
      .join(' + ');
    return {
      name: `ClickHouse ${shards} shard${shards > 1 ? 's' : ''} (${perShard} rows)`,
      load,
      query,
      rows,
    };
  } finally {
    c.stop();
  }
}

const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');

async function main(): Promise<void> {
  const rows = Number(arg('--rows', '1000000'));
  mkdirSync('bench-data', { recursive: true });
  const file = join('bench-data', `feed-${rows}.csv`);
  if (!existsSync(file)) {
    process.stderr.write(`generating ${file} …\n`);
    await generateFeed({ period: '2021', rows, out: file, platform: PLATFORM });
  }
  const dir = mkdtempSync(join(tmpdir(), 'ecmon-bench-ch-'));
  try {
    const lines = [
      ...(await duckdb(file, dir, rows)),
      await clickhouse(file, 1, rows),
      await clickhouse(file, 2, rows),
    ];
    process.stdout.write(
      `feed ${file}: ${fmt(rows)} rows; ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}, ${new Date().toISOString()}\n`,
    );
    process.stdout.write(
      `${'engine'.padEnd(50)} ${'load s'.padStart(8)} ${'rows/s'.padStart(11)} ${'grid s'.padStart(8)}\n`,
    );
    for (const l of lines)
      process.stdout.write(
        `${l.name.padEnd(50)} ${l.load === null ? '–'.padStart(8) : l.load.toFixed(2).padStart(8)} ${l.load === null ? '–'.padStart(11) : fmt(l.rows / l.load).padStart(11)} ${l.query === null ? '–'.padStart(8) : l.query.toFixed(3).padStart(8)}\n`,
      );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
