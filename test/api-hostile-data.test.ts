/**
 * Stored data never makes the API answer 500: rows with periods no entrance accepts (9999-12, 0001-01, a
 * garbled month) are written straight into the store with SQL, as a faulty tool or an old version might have,
 * and every /api/v1 route of the contract is called.
 */

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routes } from '../src/api/contract/routes.js';
import { StoreDashboardService } from '../src/api/dashboard-service.js';
import { buildServer } from '../src/api/server.js';
import { importObservationsFile } from '../src/ingest/import-observations.js';
import { loadPlan } from '../src/plan/load-plan.js';
import type { Store } from '../src/store/open-store.js';
import { savePlan } from '../src/store/plan-repository.js';
import { OBSERVATIONS, PLAN_FILE } from './support/dashboard-store.js';
import { engines, freshStore } from './support/engines.js';

const plan = loadPlan(PLAN_FILE);

/** [period, period_kind, year, month_from, month_to] */
const HOSTILE: [string, string, number, number, number][] = [
  ['9999-12', 'month', 9999, 12, 12],
  ['0001-01', 'month', 1, 1, 1],
  ['2021-1x', 'month', 2021, 1, 1],
  ['9999', 'year', 9999, 1, 12],
];

/** Every route of the contract, its path parameters filled in, without a query and with the example's. */
function requests(): string[] {
  const out: string[] = [];
  for (const r of Object.values(routes).filter((r) => r.access === 'public' && !('method' in r))) {
    const path = r.path.replace('{id}', 'online_retail_sales');
    out.push(path, r.example);
    if (path.includes('districts')) out.push(`${path}?indicator=online_retail_sales`);
  }
  return out;
}

describe.each(engines())('the API over hostile stored periods on $engine', (target) => {
  let store: Store;
  let app: FastifyInstance;
  beforeAll(async () => {
    store = (await freshStore(target)).store;
    await savePlan(store.driver, store.dialect, plan, PLAN_FILE);
    const csv = join(mkdtempSync(join(tmpdir(), 'ecmon-hostile-')), 'observations.csv');
    writeFileSync(csv, OBSERVATIONS);
    await importObservationsFile(store, plan, csv);
    for (const [period, kind, year, from, to] of HOSTILE)
      await store.driver.query(
        `INSERT INTO observations
         SELECT measure, area, $1, $2, $3, $4, $5, breakdown, value, unit, value_base, base_unit,
                published_yoy, source, batch_id, simulated, loaded_at, layer
         FROM observations WHERE period = '2021-03' AND measure = 'online_retail_sales' AND area = '510100'`,
        [period, kind, year, from, to],
      );
    app = buildServer({
      service: new StoreDashboardService(store.driver, plan),
      webRoot: mkdtempSync(join(tmpdir(), 'ecmon-hostile-web-')),
    });
    await app.ready();
  }, 60_000);
  afterAll(async () => {
    await app?.close();
    await store?.close();
    await target.cleanup();
  });

  it.each(requests())('%s answers without a server error', async (url) => {
    const res = await app.inject({ method: 'GET', url });
    expect(res.statusCode, res.body).toBeLessThan(500);
  });

  it('derives the default period from valid data only', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/v1/meta' });
    expect(res.json()).toMatchObject({ latest_month: '2021-03', years: [2020, 2021] });
  });
});
