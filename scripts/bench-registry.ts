/**
 * npx tsx scripts/bench-registry.ts [DB] — loads the simulated demonstration registry into a fresh store (a
 * temporary DuckDB file, or the PostgreSQL URL given) and times it: one registry version plus the count
 * observations of every count rule for every area and every month from the base year to 2025-12.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadDemoRegistry } from '../src/ingest/load-demo-data.js';
import { loadPlan } from '../src/plan/load-plan.js';
import { openStore } from '../src/store/open-store.js';
import { savePlan } from '../src/store/plan-repository.js';

const PLAN_FILE = 'plans/chengdu-ec-2021-2025.yaml';
const plan = loadPlan(PLAN_FILE);
const dir = mkdtempSync(join(tmpdir(), 'ecmon-bench-registry-'));
const store = await openStore(process.argv[2] ?? join(dir, 'bench.duckdb'));
try {
  await savePlan(store.driver, store.dialect, plan, PLAN_FILE);
  const t0 = performance.now();
  const entities = await loadDemoRegistry(store, plan, { seed: 20211221, through: '2025-12' });
  const seconds = (performance.now() - t0) / 1000;
  const [r] = await store.driver.query(
    "SELECT count(*) AS n FROM observations WHERE batch_id LIKE 'registry:%'",
  );
  console.log(
    `${store.dialect.engine}: ${entities} entities, ${Number(r?.n)} count observations in ${seconds.toFixed(1)} s`,
  );
} finally {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
}
