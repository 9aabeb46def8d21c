/**
 * npx tsx scripts/bench-dimensions.ts [--rows N] — the breakdown layouts compared in one run: the old one
 * (three columns domain / platform / category in the key) against the one migration 5 chose (one canonical
 * breakdown key + the breakdown_parts index), on DuckDB and, with ECMON_BENCH_PG_URL=postgres://…, on
 * PostgreSQL. Each table holds N simulated observations (default 1,000,000: 16 measures × 20 areas × 60
 * months × 9 domains-or-total × 6 platforms-or-total). Prints the median of 5 runs of
 *   rollup: one measure's 2022 by area and platform, under one domain (what loadLevelsBy does);
 *   filter: one measure's 2022 by area for one breakdown (what loadLevels does).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Dialect } from '../src/store/dialect.js';
import type { Driver } from '../src/store/driver.js';
import { engineFor } from '../src/store/engines.js';

const arg = process.argv.indexOf('--rows');
const ROWS = arg > 0 ? Number(process.argv[arg + 1]) : 1_000_000;
const RUNS = 5;
const PER_MEASURE = 20 * 60 * 54;

async function bench(target: string, label: string): Promise<void> {
  const engine = engineFor(target);
  const d: Dialect = engine.dialect;
  const db: Driver = await engine.open(target);
  const t = d.text;
  const int = (e: string): string => `CAST(${e} AS INTEGER)`;
  // Integer division alike on both engines (DuckDB's `/` on integers gives a double).
  const div = (a: string, b: number): string => int(`((${a}) - (${a}) % ${b}) / ${b}`);
  const mi = `${div('i', 1080)} % 60`;
  // i → measure, area, month, domain code (0 = total), platform code (0 = total): unique per key.
  const cols = `'m' || ${d.asText(div('i', PER_MEASURE))} AS measure,
    '5101' || ${d.asText(`10 + ${div('i', 54)} % 20`)} AS area,
    2020 + ${div(mi, 12)} AS year, 1 + (${mi}) % 12 AS month,
    ${int('i % 9')} AS dn, ${div('i % 54', 9)} AS pn, CAST(1 + i % 997 AS DECIMAL(38,6)) AS value`;
  const source = `(SELECT ${cols} FROM generate_series(0, ${ROWS - 1}) AS g(i)) s`;
  const code = (n: string, prefix: string): string =>
    `CASE WHEN ${n} = 0 THEN '' ELSE '${prefix}' || ${d.asText(n)} END`;
  const drop = async (): Promise<void> => {
    for (const x of ['bench_dims_old', 'bench_dims_new', 'bench_dims_parts'])
      await db.exec(`DROP TABLE IF EXISTS ${x}`);
  };
  await drop();
  const loadStart = Date.now();
  await db.exec(`CREATE TABLE bench_dims_old (measure ${t}, area ${t}, year INTEGER, month INTEGER, domain ${t},
    platform ${t}, category ${t}, value DECIMAL(38,6), PRIMARY KEY (measure, area, year, month, domain, platform, category))`);
  await db.exec(
    `INSERT INTO bench_dims_old SELECT measure, area, year, month, ${code('dn', 'd')}, ${code('pn', 'p')}, '', value FROM ${source}`,
  );
  await db.exec(`CREATE TABLE bench_dims_new (measure ${t}, area ${t}, year INTEGER, month INTEGER, breakdown ${t},
    value DECIMAL(38,6), PRIMARY KEY (measure, area, year, month, breakdown))`);
  await db.exec(`INSERT INTO bench_dims_new SELECT measure, area, year, month,
    concat_ws(';', CASE WHEN domain <> '' THEN 'domain=' || domain END, CASE WHEN platform <> '' THEN 'platform=' || platform END),
    value FROM bench_dims_old`);
  await db.exec(
    `CREATE TABLE bench_dims_parts (breakdown ${t}, dimension ${t}, code ${t}, rest ${t}, PRIMARY KEY (breakdown, dimension))`,
  );
  await db.exec(`CREATE INDEX bench_dims_parts_rollup ON bench_dims_parts (dimension, rest)`);
  // The parts of each distinct key (what registerKeys writes): one row per dimension, with the rest of the key.
  await db.exec(`INSERT INTO bench_dims_parts
    SELECT DISTINCT concat_ws(';', 'domain=' || domain, CASE WHEN platform <> '' THEN 'platform=' || platform END),
      'domain', domain, CASE WHEN platform = '' THEN '' ELSE 'platform=' || platform END
    FROM bench_dims_old WHERE domain <> ''
    UNION ALL
    SELECT DISTINCT concat_ws(';', CASE WHEN domain <> '' THEN 'domain=' || domain END, 'platform=' || platform),
      'platform', platform, CASE WHEN domain = '' THEN '' ELSE 'domain=' || domain END
    FROM bench_dims_old WHERE platform <> ''`);
  await db.exec('ANALYZE bench_dims_old');
  await db.exec('ANALYZE bench_dims_new');
  await db.exec('ANALYZE bench_dims_parts');
  const [n] = await db.query<{ n: string | number }>('SELECT count(*) AS n FROM bench_dims_new');
  console.log(
    `${label}: ${Number(n?.n)} observations per layout, loaded in ${((Date.now() - loadStart) / 1000).toFixed(1)} s`,
  );

  const queries: Record<string, [string, string]> = {
    rollup: [
      `SELECT area, platform, sum(value) AS v FROM bench_dims_old WHERE measure = 'm1' AND year = 2022
         AND domain = 'd3' AND category = '' AND platform <> '' GROUP BY area, platform`,
      `SELECT o.area, p.code, sum(o.value) AS v FROM bench_dims_new o JOIN bench_dims_parts p
         ON p.breakdown = o.breakdown AND p.dimension = 'platform' AND p.rest = 'domain=d3'
         WHERE o.measure = 'm1' AND o.year = 2022 GROUP BY o.area, p.code`,
    ],
    'rollup, keys first': [
      `SELECT area, platform, sum(value) AS v FROM bench_dims_old WHERE measure = 'm1' AND year = 2022
         AND domain = 'd3' AND category = '' AND platform <> '' GROUP BY area, platform`,
      'KEYS',
    ],
    filter: [
      `SELECT area, sum(value) AS v FROM bench_dims_old WHERE measure = 'm1' AND year = 2022
         AND domain = 'd3' AND platform = '' AND category = '' GROUP BY area`,
      `SELECT area, sum(value) AS v FROM bench_dims_new WHERE measure = 'm1' AND year = 2022
         AND breakdown = 'domain=d3' GROUP BY area`,
    ],
  };
  // What loadLevelsBy does: the keys of the roll-up from the parts index, then an IN list on the key column
  // joined to the (key, code) pairs.
  const keysFirst = async (): Promise<unknown[]> => {
    const keys = await db.query<{ breakdown: string; code: string }>(
      `SELECT breakdown, code FROM bench_dims_parts WHERE dimension = 'platform' AND rest = 'domain=d3'`,
    );
    const params: string[] = [];
    const pairs = keys.map((k) => `($${params.push(k.breakdown)}, $${params.push(k.code)})`).join(', ');
    return db.query(
      `SELECT o.area, k.code, sum(o.value) AS v FROM bench_dims_new o JOIN (VALUES ${pairs}) AS k (breakdown, code)
         ON k.breakdown = o.breakdown WHERE o.measure = 'm1' AND o.year = 2022 GROUP BY o.area, k.code`,
      params,
    );
  };
  const median = async (sql: string): Promise<{ ms: number; rows: number }> => {
    const times: number[] = [];
    let rows = 0;
    for (let r = 0; r < RUNS + 1; r++) {
      const t0 = process.hrtime.bigint();
      rows = (sql === 'KEYS' ? await keysFirst() : await db.query(sql)).length;
      if (r > 0) times.push(Number(process.hrtime.bigint() - t0) / 1e6); // the first run warms caches
    }
    times.sort((a, b) => a - b);
    return { ms: times[Math.floor(times.length / 2)] as number, rows };
  };
  for (const [name, [old, now]] of Object.entries(queries)) {
    const a = await median(old);
    const b = await median(now);
    if (a.rows !== b.rows) throw new Error(`${name}: ${a.rows} rows (old) vs ${b.rows} (new)`);
    console.log(
      `${label} ${name}: old ${a.ms.toFixed(1)} ms, new ${b.ms.toFixed(1)} ms (${a.rows} groups), new/old = ${(b.ms / a.ms).toFixed(2)}`,
    );
  }
  await drop();
  await db.close();
}

const dir = mkdtempSync(join(tmpdir(), 'ecmon-bench-dims-'));
try {
  await bench(join(dir, 'dims.duckdb'), 'DuckDB');
  if (process.env.ECMON_BENCH_PG_URL) await bench(process.env.ECMON_BENCH_PG_URL, 'PostgreSQL');
} finally {
  rmSync(dir, { recursive: true, force: true });
}
