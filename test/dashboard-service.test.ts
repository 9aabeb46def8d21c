import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StoreDashboardService } from '../src/api/dashboard-service.js';
import { buildServer } from '../src/api/server.js';
import { loadDemoData } from '../src/ingest/load-demo-data.js';
import { loadPlan } from '../src/plan/load-plan.js';
import type { Store } from '../src/store/open-store.js';
import { savePlan } from '../src/store/plan-repository.js';
import { engines, freshStore } from './support/engines.js';

const PLAN_FILE = 'plans/chengdu-ec-2021-2025.yaml';
const plan = loadPlan(PLAN_FILE);

describe.each(engines())('dashboard API over the real store on $engine', (target) => {
  let store: Store;
  let service: StoreDashboardService;
  let app: ReturnType<typeof buildServer>;
  beforeAll(async () => {
    store = (await freshStore(target)).store;
    await savePlan(store.driver, store.dialect, plan, PLAN_FILE);
    await loadDemoData(store, plan, { from: 2020, to: 2021, rows: 300 });
    service = new StoreDashboardService(store.driver, plan);
    app = buildServer({ service });
  }, 300_000);
  afterAll(async () => {
    await app.close();
    await store.close();
    await target.cleanup();
  });

  it('meta says the data is simulated and names the latest month', async () => {
    const meta = (await app.inject({ url: '/api/v1/meta' })).json();
    expect(meta.simulated).toBe(true);
    expect(meta.latest_month).toBe('2021-12');
    expect(meta.years).toEqual([2020, 2021]);
  });

  it('the overview has one row per indicator and target area, with yearly sparklines in order', async () => {
    const res = await app.inject({ url: '/api/v1/overview?period=2021' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['server-timing']).toMatch(/dur=/);
    const body = res.json();
    const rows = body.groups.flatMap((g: { rows: unknown[] }) => g.rows);
    const expected = plan.indicators.reduce(
      (n, i) => n + Math.max(1, new Set(i.targets.map((t) => t.area ?? plan.root_area)).size),
      0,
    );
    expect(rows).toHaveLength(expected);
    const ec = rows.find(
      (r: { result: { indicator: string } }) => r.result.indicator === 'ec_transaction_volume',
    );
    expect(ec.sparkline.map((p: { period: string }) => p.period)).toEqual(['2020', '2021']);
    // 2020 is the plan's published figure; 2021 the simulated feed, grown 11% by the generator's assumption.
    expect(ec.sparkline[0].value).toBe(22637.5);
    expect(ec.result.value).toBeCloseTo(22637.5 * 1.11, 6);
    expect(ec.result.simulated).toBe(true);
    const none = rows.find(
      (r: { result: { indicator: string } }) => r.result.indicator === 'demonstration_scenes',
    );
    expect(none.result.value).toBeNull();
    expect(none.latest_period).toBeNull();
  });

  it('district shares add up to 100% and pulls add up to the city growth', async () => {
    const body = (
      await app.inject({ url: '/api/v1/districts?indicator=online_retail_sales&period=2021' })
    ).json();
    const rows = body.rows as { share: number; pull: number; value: number; rank: number }[];
    const shares = rows.reduce((s, r) => s + r.share, 0);
    expect(shares).toBeCloseTo(100, 6);
    // The city total of 2020 is the plan's figure; the districts' 2020 values come from the simulated feed,
    // calibrated to the same total, so pulls sum to the city's growth.
    const pulls = rows.reduce((s, r) => s + r.pull, 0);
    expect(pulls).toBeCloseTo((body.total / 4129.5 - 1) * 100, 4);
    expect(rows.map((r) => r.rank).sort((a, b) => a - b)).toEqual(rows.map((_r, i) => i + 1));
  });

  it('the indicator detail gives a series per frequency, the path and the components', async () => {
    const body = (
      await app.inject({ url: '/api/v1/indicators/online_retail_sales?frequency=cumulative&period=2021-06' })
    ).json();
    expect(body.series.map((r: { period: string }) => r.period)).toEqual([
      '2021-01/2021-01',
      '2021-01/2021-02',
      '2021-01/2021-03',
      '2021-01/2021-04',
      '2021-01/2021-05',
      '2021-01/2021-06',
    ]);
    expect(body.current.period).toBe('2021-01/2021-06');
    expect(body.path.map((p: { year: number }) => p.year)).toEqual([2020, 2021, 2022, 2023, 2024, 2025]);
    expect(body.path[5].value).toBeCloseTo(8000, 6);
    const value = body.current.components.find((c: { of: string }) => c.of === 'value');
    expect(value.method).toContain('6 monthly observations');
    expect(value.inputs[0].source).toContain('feed-');
  });

  it('a quarter as the period gives the quarter, month and year views that end there', async () => {
    const q = (
      await app.inject({ url: '/api/v1/indicators/online_retail_sales?frequency=quarter&period=2021-Q2' })
    ).json();
    expect(q.current.period).toBe('2021-Q2');
    expect(q.series.at(-1).period).toBe('2021-Q2');
    const m = (
      await app.inject({ url: '/api/v1/indicators/online_retail_sales?frequency=month&period=2021-Q2' })
    ).json();
    expect(m.current.period).toBe('2021-06');
    const y = (
      await app.inject({ url: '/api/v1/indicators/online_retail_sales?frequency=year&period=2021-12' })
    ).json();
    expect(y.series.map((r: { period: string }) => r.period)).toEqual(['2020', '2021']);
    expect(y.current.period).toBe('2021');
  });

  it('a ratio indicator has no shares, contributions or pulls across districts', async () => {
    const body = (
      await app.inject({ url: '/api/v1/districts?indicator=physical_goods_online_retail_share&period=2021' })
    ).json();
    for (const r of body.rows) expect([r.share, r.contribution, r.pull]).toEqual([null, null, null]);
  });

  it('domains report each focus domain with its share of the measure', async () => {
    const body = (await app.inject({ url: '/api/v1/domains?period=2021' })).json();
    expect(body.measure).toBe('ec_transaction_volume');
    expect(body.rows).toHaveLength(8);
    const industrial = body.rows.find((r: { domain: string }) => r.domain === 'industrial_ec');
    expect(industrial.value).toBeGreaterThan(0);
    expect(industrial.share).toBeGreaterThan(50); // B2B is most of the transaction volume
    for (const r of body.rows)
      expect(r.series.map((p: { period: string }) => p.period)).toEqual(['2020', '2021']);
  });

  it('a bad request names the parameter, the value and the accepted forms', async () => {
    const res = await app.inject({ url: '/api/v1/overview?period=2021-Q7' });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ parameter: 'period' });
    expect(res.json().detail).toContain('2021-Q7');
  });
});
