/**
 * npm run bench:api [-- --rows 10000000] [-- --db F] [-- --seconds 5] [-- --load-rows 1000000]
 *                   [-- --load-seconds 20] [-- --part routes|load|all] [-- --pg postgres://…]
 *
 * Measures the dashboard API with N simulated feed rows ingested (default 10,000,000 spread over 2020–2025
 * and the five simulated platforms).
 *
 * routes: the server in this process on DuckDB; each route under load from autocannon on loopback (4
 * connections), with the server-side p50/p95/p99 (Fastify's own reply time) next to a trivial route on the
 * same server. "first ask" is the route's first request at the current data version. Then the cold figure:
 * a real batch commits (a feed of one platform × month is delivered again through `ingestFeed`) and the
 * first request of every route after that write returns is timed, server-side; ten commits, `cold p95` over
 * all of them.
 *
 * load: the overview under 50 connections for `--load-seconds`, DuckDB and PostgreSQL side by side over the
 * same `--load-rows` feed rows, each server in a child process of its own (so autocannon does not share its
 * event loop); req/s and client-side p50/p99. PostgreSQL gets a dedicated database `ecmon_bench_<random>` on
 * `--pg` (default postgres://postgres@127.0.0.1:5432/postgres), dropped afterwards.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import pg from 'pg';
import { StoreDashboardService } from '../src/api/dashboard-service.js';
import { buildServer } from '../src/api/server.js';
import { ingestFeed } from '../src/ingest/feed/ingest-feed.js';
import { generateFeed } from '../src/ingest/generate/generate-feed.js';
import { PLATFORM_CODES } from '../src/ingest/generate/platforms.js';
import { loadDemoData } from '../src/ingest/load-demo-data.js';
import { loadPlan } from '../src/plan/load-plan.js';
import { openStore, type Store } from '../src/store/open-store.js';
import { savePlan } from '../src/store/plan-repository.js';

const { values } = parseArgs({
  options: {
    rows: { type: 'string', default: '10000000' },
    db: { type: 'string' },
    seconds: { type: 'string', default: '5' },
    connections: { type: 'string', default: '4' },
    'load-rows': { type: 'string', default: '1000000' },
    'load-seconds': { type: 'string', default: '20' },
    part: { type: 'string', default: 'all' },
    pg: { type: 'string', default: 'postgres://postgres@127.0.0.1:5432/postgres' },
    serve: { type: 'string' },
  },
});
const PLAN_FILE = 'plans/chengdu-ec-2021-2025.yaml';
const plan = loadPlan(PLAN_FILE);
const OVERVIEW = '/api/v1/overview?period=2025';

/** Opens `db` with at least `rows` simulated feed rows in it, loading them the first time. */
async function storeWith(db: string, rows: number): Promise<{ store: Store; rows: number }> {
  const store = await openStore(db);
  const [loaded] = await store.driver.query(
    "SELECT coalesce(sum(row_count), 0) AS n FROM batches WHERE kind = 'feed' AND status IN ('committed', 'partial')",
  );
  let feedRows = Number(loaded?.n ?? 0);
  if (feedRows < rows * 0.99) {
    await savePlan(store.driver, store.dialect, plan, PLAN_FILE);
    const perFile = Math.ceil(rows / (6 * PLATFORM_CODES.length));
    console.log(`loading ${rows} simulated feed rows (${perFile} per platform-year, 2020–2025) into ${db} …`);
    const t0 = Date.now();
    feedRows = (await loadDemoData(store, plan, { from: 2020, to: 2025, rows: perFile })).rows;
    console.log(`loaded in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
  }
  return { store, rows: feedRows };
}

const quantile = (xs: number[], q: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? Number.NaN;
};

const load = (): string =>
  loadavg()
    .map((x) => x.toFixed(2))
    .join(' ');

/** The server alone in this process, until SIGTERM: for the load part. */
async function serve(db: string): Promise<void> {
  const store = await openStore(db);
  const app = buildServer({ service: new StoreDashboardService(store.driver, plan) });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  console.log(`listening ${typeof address === 'object' && address ? address.port : 0}`);
  process.once('SIGTERM', async () => {
    await app.close();
    await store.close();
    process.exit(0);
  });
}

async function routes(rows: number): Promise<void> {
  const seconds = Number(values.seconds);
  mkdirSync('bench-data', { recursive: true });
  const loaded = await storeWith(values.db ?? `bench-data/api-${rows}.duckdb`, rows);
  const { store } = loaded;
  const service = new StoreDashboardService(store.driver, plan);
  const app = buildServer({ service });
  const serverMs = new Map<string, number[]>();
  app.addHook('onResponse', async (request, reply) => {
    const key = request.routeOptions.url ?? request.url;
    serverMs.set(key, [...(serverMs.get(key) ?? []), reply.elapsedTime]);
  });
  app.get('/bench/baseline', async () => ({ ok: true }));
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  /** One request; its server-side time. */
  const once = async (route: string, url: string): Promise<number> => {
    serverMs.set(route, []);
    await (await fetch(base + url)).text();
    return serverMs.get(route)?.[0] ?? Number.NaN;
  };

  const list: { name: string; route: string; url: string }[] = [
    { name: 'baseline (trivial route)', route: '/bench/baseline', url: '/bench/baseline' },
    { name: 'overview 2025', route: '/api/v1/overview', url: OVERVIEW },
    {
      name: 'overview 2025-01/2025-06',
      route: '/api/v1/overview',
      url: '/api/v1/overview?period=2025-01/2025-06',
    },
    {
      name: 'indicator detail, monthly',
      route: '/api/v1/indicators/:id',
      url: '/api/v1/indicators/online_retail_sales?frequency=month',
    },
    {
      name: 'indicator detail, 1–N月累计',
      route: '/api/v1/indicators/:id',
      url: '/api/v1/indicators/online_retail_sales?frequency=cumulative',
    },
    {
      name: 'districts 2025',
      route: '/api/v1/districts',
      url: '/api/v1/districts?indicator=online_retail_sales&period=2025',
    },
  ];

  console.log(
    `\nengine ${store.driver.engine}; feed rows ingested: ${loaded.rows}; ${seconds} s per route, ${values.connections} connections; load average ${load()}\n`,
  );
  console.log(
    'route                       first ask ms   warm p50   warm p95   warm p99   req/s    p95/baseline',
  );
  let baselineP95 = 0;
  for (const r of list) {
    const first = await once(r.route, r.url);
    serverMs.set(r.route, []);
    const result = await autocannon({
      url: base + r.url,
      connections: Number(values.connections),
      duration: seconds,
    });
    const ms = (serverMs.get(r.route) ?? []).slice();
    const p95 = quantile(ms, 0.95);
    if (r.route === '/bench/baseline') baselineP95 = p95;
    console.log(
      `${r.name.padEnd(30)} ${first.toFixed(1).padStart(9)}   ${quantile(ms, 0.5).toFixed(2).padStart(8)}   ${p95
        .toFixed(2)
        .padStart(8)}   ${quantile(ms, 0.99).toFixed(2).padStart(8)}   ${result.requests.average
        .toFixed(0)
        .padStart(6)}   ${(p95 / baselineP95).toFixed(1)}`,
    );
  }

  // Cold: a batch commits (one platform × month delivered again), then the first request of each route.
  const dir = mkdtempSync(join(tmpdir(), 'bench-api-'));
  const feed = join(dir, 'sim-mall-2025-12.csv');
  await generateFeed({
    period: '2025-12',
    rows: Math.ceil(rows / (6 * PLATFORM_CODES.length * 12)),
    out: feed,
    platform: 'sim-mall',
  });
  const cold: number[] = [];
  const writes: number[] = [];
  for (let i = 0; i < 10; i++) {
    const t0 = process.hrtime.bigint();
    await ingestFeed(store, plan, feed, { platform: 'sim-mall', simulated: true });
    writes.push(Number(process.hrtime.bigint() - t0) / 1e6);
    for (const r of list.slice(1)) cold.push(await once(r.route, r.url));
  }
  rmSync(dir, { recursive: true, force: true });
  console.log(
    `\nfirst request of each route after a feed batch commits (10 commits × ${list.length - 1} routes), server-side: ` +
      `p50 ${quantile(cold, 0.5).toFixed(2)} ms, max ${Math.max(...cold).toFixed(2)} ms; ` +
      `the write (ingest, commit, recomputing the latest answers) took p50 ${quantile(writes, 0.5).toFixed(0)} ms; load average ${load()}`,
  );
  console.log(`cold p95 = ${quantile(cold, 0.95).toFixed(1)} ms`);
  await app.close();
  await store.close();
}

/** Starts `serve` on `db` in a child process; its port and how to stop it. */
async function child(db: string): Promise<{ url: string; stop(): Promise<void> }> {
  const proc = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--serve', db], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const port = await new Promise<string>((resolve, reject) => {
    let out = '';
    proc.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /listening (\d+)/.exec(out);
      if (m) resolve(m[1] as string);
    });
    proc.once('exit', (code) => reject(new Error(`server exited (${code})`)));
  });
  return {
    url: `http://127.0.0.1:${port}`,
    stop: () =>
      new Promise((resolve) => {
        proc.once('exit', () => resolve());
        proc.kill('SIGTERM');
      }),
  };
}

async function underLoad(engine: string, db: string): Promise<string> {
  const server = await child(db);
  try {
    await autocannon({ url: server.url + OVERVIEW, connections: 4, duration: 2 });
    const r = await autocannon({
      url: server.url + OVERVIEW,
      connections: 50,
      duration: Number(values['load-seconds']),
    });
    return `${engine.padEnd(12)} ${r.requests.average.toFixed(0).padStart(7)}   ${r.latency.p50
      .toFixed(0)
      .padStart(
        6,
      )}   ${r.latency.p99.toFixed(0).padStart(6)}   ${String(r.errors + r.non2xx).padStart(6)}   ${load()}`;
  } finally {
    await server.stop();
  }
}

async function loadRun(): Promise<void> {
  const rows = Number(values['load-rows']);
  mkdirSync('bench-data', { recursive: true });
  const duck = `bench-data/api-${rows}.duckdb`;
  const name = `ecmon_bench_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: values.pg });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(values.pg as string);
  url.pathname = `/${name}`;
  const lines: string[] = [];
  try {
    for (const db of [duck, url.toString()]) {
      const { store, rows: n } = await storeWith(db, rows);
      await store.close();
      lines.push(await underLoad(`${store.driver.engine} (${n} rows)`, db));
    }
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
  console.log(
    `\n${OVERVIEW}, 50 connections, ${values['load-seconds']} s, each server in its own process; ${cpus().length} cores, node ${process.version}`,
  );
  console.log('engine          req/s   p50 ms   p99 ms   errors   load average');
  for (const l of lines) console.log(l);
}

if (values.serve) await serve(values.serve);
else {
  if (values.part !== 'load') await routes(Number(values.rows));
  if (values.part !== 'routes') await loadRun();
}
