/**
 * npm run bench:api [-- --rows 10000000] [-- --db bench-data/api.duckdb] [-- --seconds 5]
 *
 * Measures the dashboard API server-side with N simulated feed rows ingested (default 10,000,000 spread over
 * 2020–2025 and the five simulated platforms): the overview, an indicator detail (monthly and 1–N月累计)
 * and the district ranking, each under load from autocannon on loopback. For every route it prints the
 * server-side p50/p95/p99 (Fastify's own reply time), cold (first request after the data version changes,
 * nothing cached) and warm, next to a baseline measured in the same run: a trivial route on the same
 * server. The budget is p95 < 50 ms server-side.
 */
import { mkdirSync } from 'node:fs';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { StoreDashboardService } from '../src/api/dashboard-service.js';
import { buildServer } from '../src/api/server.js';
import { PLATFORM_CODES } from '../src/ingest/generate/platforms.js';
import { loadDemoData } from '../src/ingest/load-demo-data.js';
import { loadPlan } from '../src/plan/load-plan.js';
import { openStore } from '../src/store/open-store.js';
import { savePlan } from '../src/store/plan-repository.js';
import { bumpDataVersion } from '../src/store/write/data-version.js';

const { values } = parseArgs({
  options: {
    rows: { type: 'string', default: '10000000' },
    db: { type: 'string' },
    seconds: { type: 'string', default: '5' },
    connections: { type: 'string', default: '4' },
  },
});
const rows = Number(values.rows);
const seconds = Number(values.seconds);
const db = values.db ?? `bench-data/api-${rows}.duckdb`;
const PLAN_FILE = 'plans/chengdu-ec-2021-2025.yaml';
const plan = loadPlan(PLAN_FILE);
mkdirSync('bench-data', { recursive: true });

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

const quantile = (xs: number[], q: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? Number.NaN;
};

const routes: { name: string; route: string; url: string }[] = [
  { name: 'baseline (trivial route)', route: '/bench/baseline', url: '/bench/baseline' },
  { name: 'overview 2025', route: '/api/v1/overview', url: '/api/v1/overview?period=2025' },
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
  `\nengine ${store.driver.engine}; feed rows ingested: ${feedRows}; ${seconds} s per route, ${values.connections} connections\n`,
);
console.log(
  'route                          cold ms   warm p50   warm p95   warm p99   req/s    p95/baseline',
);
let baselineP95 = 0;
for (const r of routes) {
  // Cold: a new data version empties every cache; the next request recomputes from the database.
  await bumpDataVersion(store.driver);
  const t0 = process.hrtime.bigint();
  const res = await fetch(base + r.url);
  await res.text();
  const cold = Number(process.hrtime.bigint() - t0) / 1e6;
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
    `${r.name.padEnd(30)} ${cold.toFixed(1).padStart(7)}   ${quantile(ms, 0.5).toFixed(2).padStart(8)}   ${p95
      .toFixed(2)
      .padStart(
        8,
      )}   ${quantile(ms, 0.99).toFixed(2).padStart(8)}   ${result.requests.average.toFixed(0).padStart(6)}   ${(
      p95 / baselineP95
    ).toFixed(1)}`,
  );
}
await app.close();
await store.close();
