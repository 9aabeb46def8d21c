/**
 * Feed ingest and observation import benchmark (docs/benchmarks.md):
 * `npx tsx scripts/bench-ingest.ts --rows 10000000 [--repeat 3] [--obs-rows 2000000]`.
 * Generates (or reuses) bench-data/feed-<N>.csv — one platform, the twelve months of 2021 — and
 * bench-data/observations-<M>.csv — valid long-format rows, measures × areas × months of the plan (M
 * defaults to N) — then, each in a fresh database and a child process of its own (so peak RSS is that
 * step's alone), measures:
 *   (a) bare DuckDB `CREATE TABLE t AS SELECT * FROM read_csv(file)`;
 *   (b) the full `ecmon ingest feed` path on DuckDB (read, validation, batches, aggregation, lineage);
 *   (c) `ecmon import observations` of the observations file on DuckDB (read, checks, exact conversion, write);
 *   (d), (e) the feed ingest and the observation import on PostgreSQL when ECMON_TEST_PG_URL is set.
 * Prints rows/s, peak RSS, the ratio b/a (target ≤ 1.3) and the time per row of the import against the
 * feed's (c/b; the goal is the same order). `--repeat R` runs (a) and (b) alternately R times and keeps the
 * best of each, which steadies the ratio on a shared machine.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { ingestFeed } from '../src/ingest/feed/ingest-feed.js';
import { generateFeed } from '../src/ingest/generate/generate-feed.js';
import { importObservationsFile } from '../src/ingest/import-observations.js';
import { generateObservationsCsv } from '../src/ingest/observations/generate-observations.js';
import { loadPlan } from '../src/plan/load-plan.js';
import { DuckDbDriver } from '../src/store/duckdb/duckdb-driver.js';
import { openStore } from '../src/store/open-store.js';
import { savePlan } from '../src/store/plan-repository.js';

const PLAN = 'plans/chengdu-ec-2021-2025.yaml';
const PLATFORM = 'sim-mall';

interface Measured {
  seconds: number;
  rows: number;
  maxRssMb: number;
}

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(name);
  return i >= 0 ? (process.argv[i + 1] ?? fallback) : fallback;
}

async function child(step: string, file: string, db: string): Promise<Measured> {
  let rows = 0;
  let seconds = 0;
  if (step === 'bare') {
    const driver = await DuckDbDriver.open(db);
    const t0 = performance.now();
    await driver.exec(`CREATE TABLE t AS SELECT * FROM read_csv('${file.replace(/'/g, "''")}')`);
    seconds = (performance.now() - t0) / 1000;
    rows = Number((await driver.query<{ n: string }>('SELECT count(*) AS n FROM t'))[0]?.n);
    await driver.close();
  } else {
    const store = await openStore(db);
    const plan = loadPlan(PLAN);
    await savePlan(store.driver, store.dialect, plan, PLAN);
    const t0 = performance.now();
    if (step === 'observations') rows = (await importObservationsFile(store, plan, file)).rows;
    else rows = (await ingestFeed(store, plan, file, { platform: PLATFORM })).accepted;
    seconds = (performance.now() - t0) / 1000;
    await store.close();
  }
  return { seconds, rows, maxRssMb: process.resourceUsage().maxRSS / 1024 };
}

function runChild(step: string, file: string, db: string): Measured {
  const out = spawnSync(
    process.execPath,
    ['--import', 'tsx', fileURLToPath(import.meta.url), '--child', step, file, db],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] },
  );
  if (out.status !== 0) throw new Error(`${step} failed (exit ${out.status})`);
  return JSON.parse(out.stdout.trim().split('\n').pop() as string) as Measured;
}

async function freshPostgres(url: string): Promise<{ db: string; drop(): Promise<void> }> {
  const name = `ecmon_bench_${Date.now()}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const u = new URL(url);
  u.pathname = `/${name}`;
  return {
    db: u.toString(),
    async drop() {
      const a = new pg.Client({ connectionString: url });
      await a.connect();
      await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await a.end();
    },
  };
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
  const obsRows = Number(arg('--obs-rows', String(rows)));
  const obsFile = join('bench-data', `observations-${obsRows}.csv`);
  if (!existsSync(obsFile)) {
    process.stderr.write(`generating ${obsFile} …\n`);
    await generateObservationsCsv(loadPlan(PLAN), obsRows, obsFile);
  }
  const repeat = Math.max(1, Number(arg('--repeat', '1')));
  const dir = mkdtempSync(join(tmpdir(), 'ecmon-bench-'));
  try {
    // (a) and (b) alternate, `repeat` times each; the best run of each counts (the machine is shared).
    const bare: Measured[] = [];
    const ingest: Measured[] = [];
    for (let i = 0; i < repeat; i++) {
      bare.push(runChild('bare', file, join(dir, `bare-${i}.duckdb`)));
      ingest.push(runChild('ingest', file, join(dir, `ingest-${i}.duckdb`)));
      rmSync(join(dir, `bare-${i}.duckdb`), { force: true });
      rmSync(join(dir, `ingest-${i}.duckdb`), { force: true });
    }
    const best = (runs: Measured[]): Measured => runs.reduce((a, b) => (b.seconds < a.seconds ? b : a));
    const observations = runChild('observations', obsFile, join(dir, 'observations.duckdb'));
    const results: [string, Measured, Measured[]][] = [
      ['(a) DuckDB bare read_csv → table', best(bare), bare],
      ['(b) ecmon ingest feed, DuckDB', best(ingest), ingest],
      ['(c) ecmon import observations, DuckDB', observations, [observations]],
    ];
    const url = process.env.ECMON_TEST_PG_URL;
    if (url)
      for (const [name, step, input] of [
        ['(d) ecmon ingest feed, PostgreSQL', 'ingest', file],
        ['(e) ecmon import observations, PostgreSQL', 'observations', obsFile],
      ] as const) {
        const pgdb = await freshPostgres(url);
        try {
          const m = runChild(step, input, pgdb.db);
          results.push([name, m, [m]]);
        } finally {
          await pgdb.drop();
        }
      }
    process.stdout.write(
      `feed ${file}: ${fmt(rows)} rows; observations ${obsFile}: ${fmt(obsRows)} rows; ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}, ${new Date().toISOString()}\n`,
    );
    for (const [name, m, runs] of results)
      process.stdout.write(
        `${name.padEnd(42)} ${m.seconds.toFixed(2).padStart(8)} s  ${fmt(m.rows / m.seconds).padStart(10)} rows/s  peak RSS ${fmt(m.maxRssMb).padStart(6)} MB${runs.length > 1 ? `  (runs: ${runs.map((r) => r.seconds.toFixed(2)).join(', ')} s)` : ''}\n`,
      );
    const byName = (prefix: string): Measured | undefined => results.find(([n]) => n.startsWith(prefix))?.[1];
    const perRow = (m: Measured): number => m.seconds / m.rows;
    const [a, b, c, d, e] = ['(a)', '(b)', '(c)', '(d)', '(e)'].map(byName);
    if (a && b) process.stdout.write(`ratio b/a = ${(b.seconds / a.seconds).toFixed(2)} (target ≤ 1.3)\n`);
    if (b && c)
      process.stdout.write(
        `observations vs feed, DuckDB: time per row c/b = ${(perRow(c) / perRow(b)).toFixed(2)} (goal: same order)\n`,
      );
    if (d && e)
      process.stdout.write(
        `observations vs feed, PostgreSQL: time per row e/d = ${(perRow(e) / perRow(d)).toFixed(2)}\n`,
      );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[2] === '--child') {
  const [, , , step, file, db] = process.argv;
  process.stdout.write(`${JSON.stringify(await child(step as string, file as string, db as string))}\n`);
} else await main();
