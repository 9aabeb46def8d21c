/**
 * Feed ingest benchmark (docs/benchmarks.md): `npx tsx scripts/bench-ingest.ts --rows 10000000 [--repeat 3]`.
 * Generates (or reuses) bench-data/feed-<N>.csv — one platform, the twelve months of 2021 — then, each in
 * a fresh database and a child process of its own (so peak RSS is that step's alone), measures:
 *   (a) bare DuckDB `CREATE TABLE t AS SELECT * FROM read_csv(file)`;
 *   (b) the full `ecmon ingest feed` path on DuckDB (read, validation, batches, aggregation, lineage);
 *   (c) the same on PostgreSQL when ECMON_TEST_PG_URL is set.
 * Prints rows/s, peak RSS and the ratio b/a (target ≤ 1.3). `--repeat R` runs (a) and (b) alternately R
 * times and keeps the best of each, which steadies the ratio on a shared machine.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { ingestFeed } from '../src/ingest/feed/ingest-feed.js';
import { generateFeed } from '../src/ingest/generate/generate-feed.js';
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
    await savePlan(store.driver, store.dialect, loadPlan(PLAN), PLAN);
    const t0 = performance.now();
    const r = await ingestFeed(store, loadPlan(PLAN), file, { platform: PLATFORM });
    seconds = (performance.now() - t0) / 1000;
    rows = r.accepted;
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
    const results: [string, Measured, Measured[]][] = [
      ['(a) DuckDB bare read_csv → table', best(bare), bare],
      ['(b) ecmon ingest feed, DuckDB', best(ingest), ingest],
    ];
    const url = process.env.ECMON_TEST_PG_URL;
    if (url) {
      const pgdb = await freshPostgres(url);
      try {
        const m = runChild('ingest', file, pgdb.db);
        results.push(['(c) ecmon ingest feed, PostgreSQL', m, [m]]);
      } finally {
        await pgdb.drop();
      }
    }
    process.stdout.write(
      `feed ${file}: ${fmt(rows)} rows; ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}, ${new Date().toISOString()}\n`,
    );
    for (const [name, m, runs] of results)
      process.stdout.write(
        `${name.padEnd(36)} ${m.seconds.toFixed(2).padStart(8)} s  ${fmt(m.rows / m.seconds).padStart(10)} rows/s  peak RSS ${fmt(m.maxRssMb).padStart(6)} MB${runs.length > 1 ? `  (runs: ${runs.map((r) => r.seconds.toFixed(2)).join(', ')} s)` : ''}\n`,
      );
    const [a, b] = [results[0]?.[1], results[1]?.[1]];
    if (a && b) process.stdout.write(`ratio b/a = ${(b.seconds / a.seconds).toFixed(2)} (target ≤ 1.3)\n`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[2] === '--child') {
  const [, , , step, file, db] = process.argv;
  process.stdout.write(`${JSON.stringify(await child(step as string, file as string, db as string))}\n`);
} else await main();
