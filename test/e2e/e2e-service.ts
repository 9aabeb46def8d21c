/**
 * The service the end-to-end test runs the dashboard against: the real store-backed service on a fresh
 * DuckDB file holding the Chengdu plan, its published figures and a small simulated dataset that went
 * through the real generator and feed ingestion (2020–2024, every simulated platform, monthly batches).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type DashboardService, StoreDashboardService } from '../../src/api/dashboard-service.js';
import { ReportService } from '../../src/api/report-service.js';
import { loadDemoData } from '../../src/ingest/load-demo-data.js';
import { loadPlan } from '../../src/plan/load-plan.js';
import { parseBulletinSchedule } from '../../src/report/bulletin-schedule.js';
import { openStore } from '../../src/store/open-store.js';
import { savePlan } from '../../src/store/plan-repository.js';
import { e2eAuth } from './e2e-accounts.js';

const PLAN_FILE = 'plans/chengdu-ec-2021-2025.yaml';

/** The dashboard service and the report archive over one store. */
export async function createE2eService(): Promise<{
  service: DashboardService;
  reports: ReportService;
  auth: Awaited<ReturnType<typeof e2eAuth>>;
}> {
  const dir = mkdtempSync(join(tmpdir(), 'ecmon-e2e-'));
  const store = await openStore(join(dir, 'e2e.duckdb'));
  const plan = loadPlan(PLAN_FILE);
  await savePlan(store.driver, store.dialect, plan, PLAN_FILE);
  await loadDemoData(store, plan, { from: 2020, to: 2024, rows: 600 });
  return {
    service: new StoreDashboardService(store.driver, plan),
    reports: new ReportService(store.driver, plan, parseBulletinSchedule('publish', 'docx,pdf')),
    auth: await e2eAuth(store.driver, plan),
  };
}
