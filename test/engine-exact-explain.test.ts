import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parsePeriod } from '../src/domain/period.js';
import { IndicatorEngine } from '../src/engine/indicator-engine.js';
import { loadDemoData } from '../src/ingest/load-demo-data.js';
import { loadPlan } from '../src/plan/load-plan.js';
import type { Store } from '../src/store/open-store.js';
import { savePlan } from '../src/store/plan-repository.js';
import { writeObservations } from '../src/store/write/write-observations.js';
import { engines, freshStore } from './support/engines.js';

const NATIONAL = 'plans/national-ec-2021-2025.yaml';
const CHENGDU = 'plans/chengdu-ec-2021-2025.yaml';

describe.each(engines())('exact to the light on $engine', (target) => {
  let store: Store;
  beforeAll(async () => {
    store = (await freshStore(target)).store;
  });
  afterAll(async () => {
    await store.close();
    await target.cleanup();
  });

  it('the national plan is green in its own baseline year: 37.2万亿元 reads back as 37.2', async () => {
    const plan = loadPlan(NATIONAL);
    await savePlan(store.driver, store.dialect, plan, NATIONAL);
    const engine = new IndicatorEngine(store.driver, plan);
    // What `ecmon indicators --period 2020 --format json` prints.
    const results = JSON.parse(
      JSON.stringify(await engine.evaluate({ periods: [parsePeriod('2020')], explain: true })),
    );
    expect(
      results.map((r: Record<string, unknown>) => [r.indicator, r.value, r.schedule, r.completion]),
    ).toEqual([
      ['ec_transaction_volume', 37.2, { expected: 37.2, gap: 0, status: 'green' }, 37.2 / 46],
      ['online_retail_sales', 11.8, { expected: 11.8, gap: 0, status: 'green' }, 11.8 / 17],
    ]);
  });

  it('a zone sums its members exactly: 0.1 + 0.2 (+ 0 …) 亿元 is 0.3, not 0.30000000000000004', async () => {
    const plan = loadPlan(CHENGDU);
    await savePlan(store.driver, store.dialect, plan, CHENGDU);
    const zone = plan.zones.find((z) => z.areas.length >= 2);
    if (!zone) throw new Error('no zone of two areas or more');
    await writeObservations(
      store.driver,
      store.dialect,
      zone.areas.map((area, i) => ({
        measure: 'cross_border_ec_volume',
        area,
        period: '2023',
        value: ['0.1', '0.2'][i] ?? '0',
        unit: '亿元',
      })),
    );
    const engine = new IndicatorEngine(store.driver, plan);
    const [r] = await engine.evaluate({
      periods: [parsePeriod('2023')],
      areas: [zone.id],
      indicators: ['cross_border_ec_volume'],
    });
    expect(r?.value).toBe(0.3);
  });
});

describe.each(engines())('explanations on request on $engine', (target) => {
  let store: Store;
  const plan = loadPlan(CHENGDU);
  beforeAll(async () => {
    store = (await freshStore(target)).store;
    await savePlan(store.driver, store.dialect, plan, CHENGDU);
    await loadDemoData(store, plan, { from: 2020, to: 2021, rows: 300 });
  }, 300_000);
  afterAll(async () => {
    await store.close();
    await target.cleanup();
  });

  it('every figure and judgement is the same with and without components on the demo data', async () => {
    const engine = new IndicatorEngine(store.driver, plan);
    const req = {
      periods: ['2021', '2021-Q2', '2021-06', '2021-12', '2021-01/2021-05', '2020'].map(parsePeriod),
      areas: [plan.root_area, ...plan.areas.map((a) => a.code).slice(0, 4), ...plan.zones.map((z) => z.id)],
    };
    const bare = await engine.evaluate(req);
    const explained = await engine.evaluate({ ...req, explain: true });
    expect(bare.length).toBe(explained.length);
    expect(bare.every((r) => r.components.length === 0)).toBe(true);
    expect(explained.every((r) => r.components.some((c) => c.of === 'value'))).toBe(true);
    expect(explained.map((r) => ({ ...r, components: [] }))).toEqual(bare);
    // The explanations state the same numbers as the figures.
    const ec = explained.find((r) => r.indicator === 'ec_transaction_volume' && r.period === '2021');
    expect(ec?.value).toBeCloseTo(22637.5 * 1.11, 6);
    const schedule = ec?.components.find((c) => c.of === 'schedule');
    expect(schedule?.formula).toContain(`→ ${ec?.schedule?.status}`);
    const completed = ec?.components.find((c) => c.of === 'completion');
    expect(completed?.formula).toContain(`${((ec?.completion ?? 0) * 100).toFixed(2)}%`);
  });
});
