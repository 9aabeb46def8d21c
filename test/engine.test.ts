import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parsePeriod } from '../src/domain/period.js';
import { checkPlanFacts } from '../src/engine/check-plan-facts.js';
import { IndicatorEngine } from '../src/engine/indicator-engine.js';
import type { IndicatorResult } from '../src/engine/indicator-result.js';
import { loadPlan } from '../src/plan/load-plan.js';
import { dataVersion } from '../src/store/observation-repository.js';
import type { Store } from '../src/store/open-store.js';
import { activePlan, savePlan } from '../src/store/plan-repository.js';
import { writeObservations } from '../src/store/write/write-observations.js';
import { engines, freshStore } from './support/engines.js';
import { REQUIRED_RESULT_FIELDS } from './support/result-fields.js';

const PLAN_FILE = 'plans/chengdu-ec-2021-2025.yaml';
const plan = loadPlan(PLAN_FILE);

describe.each(engines())('indicator engine on $engine', (target) => {
  let store: Store;
  let engine: IndicatorEngine;
  const one = async (indicator: string, period: string, area?: string): Promise<IndicatorResult> => {
    const [r] = await engine.evaluate({
      periods: [parsePeriod(period)],
      indicators: [indicator],
      ...(area ? { areas: [area] } : {}),
      explain: true,
    });
    if (!r) throw new Error('no result');
    return r;
  };

  beforeAll(async () => {
    store = (await freshStore(target)).store;
    await savePlan(store.driver, store.dialect, plan, PLAN_FILE);
    engine = new IndicatorEngine(store.driver, plan);
  });
  afterAll(async () => {
    await store.close();
    await target.cleanup();
  });

  it('with only the plan loaded, answers for 2020 from the plan figures, every field present', async () => {
    const r = await one('online_retail_sales', '2020');
    for (const f of REQUIRED_RESULT_FIELDS) expect(r).toHaveProperty(f);
    expect(r.value).toBe(4129.5);
    expect(r.baseline).toEqual({ year: 2020, value: 4129.5 });
    expect(r.target).toEqual({ year: 2025, value: 8000, comparator: '>=' });
    expect(r.completion).toBeCloseTo(0.5161875, 10);
    expect(r.schedule).toEqual({ expected: 4129.5, gap: 0, status: 'green' });
    expect(r.required_growth).toBeCloseTo(0.1414016691, 9);
    expect(r.yoy).toEqual({ value: null, naive: null, basis: null });
    expect(r.progress?.status).toBe('not_available');
    expect(r.simulated).toBe(false);
    const value = r.components.find((c) => c.of === 'value');
    expect(value?.inputs[0]).toMatchObject({
      measure: 'online_retail_sales',
      area: '510100',
      period: '2020',
      value: 4129.5,
    });
    expect(value?.inputs[0]?.source).toContain('一(一)1');
  });

  it('loading the same plan again writes nothing; it stays the active plan', async () => {
    const before = await dataVersion(store.driver);
    await savePlan(store.driver, store.dialect, plan, PLAN_FILE);
    expect(await dataVersion(store.driver)).toBe(before);
    expect((await activePlan(store.driver))?.plan.id).toBe(plan.id);
  });

  it('reproduces the seed: 实物商品网上零售额 is 32.3% of 社会消费品零售总额 in 2020', async () => {
    const r = await one('physical_goods_online_retail_share', '2020');
    expect(r.value).toBeCloseTo((2618.8 / 8118.5) * 100, 10);
    expect(r.value?.toFixed(1)).toBe('32.3');
    expect(r.yoy).toBeNull();
  });

  it('says where the seed disagrees with itself: 28.4% is not what 3.3× over five years implies', async () => {
    const checks = await checkPlanFacts(store.driver, plan);
    const ec = checks.find((c) => c.measure === 'ec_transaction_volume' && c.kind === 'avg_growth');
    expect(ec?.computed).toBeCloseTo(26.97, 2);
    expect(ec?.agrees).toBe(false);
    expect(ec?.note).toContain('不能由倍数的四舍五入解释');
    const retail = checks.find((c) => c.measure === 'online_retail_sales' && c.kind === 'avg_growth');
    expect(retail?.computed).toBeCloseTo(29.2, 1);
    expect(retail?.agrees).toBe(true);
    expect(retail?.note).toContain('在倍数四舍五入的范围内');
    const share = checks.find((c) => c.kind === 'share' && c.measure === 'physical_goods_online_retail');
    expect(share?.agrees).toBe(true);
  });

  it('after importing later years: comparable-basis YoY preferred, averages, schedule, projection and progress', async () => {
    await writeObservations(store.driver, store.dialect, [
      {
        measure: 'online_retail_sales',
        area: '510100',
        period: '2021',
        value: '4873.2',
        unit: '亿元',
        published_yoy: '17.3',
      },
      { measure: 'online_retail_sales', area: '510100', period: '2022', value: '5200', unit: '亿元' },
      { measure: 'online_retail_sales', area: '510100', period: '2023', value: '5800', unit: '亿元' },
    ]);
    const r2021 = await one('online_retail_sales', '2021');
    expect(r2021.yoy?.value).toBeCloseTo(0.173, 10);
    expect(r2021.yoy?.naive).toBeCloseTo(0.18009444, 7);
    expect(r2021.yoy?.basis).toBe('published_comparable');
    const r = await one('online_retail_sales', '2023');
    expect(r.yoy?.basis).toBe('naive');
    expect(r.yoy?.value).toBeCloseTo(5800 / 5200 - 1, 10);
    expect(r.avg_growth_since_baseline).toBeCloseTo(0.1198938019, 9);
    expect(r.multiple_of_baseline).toBeCloseTo(5800 / 4129.5, 10);
    expect(r.completion).toBeCloseTo(0.725, 10);
    expect(r.schedule?.expected).toBeCloseTo(6140.6307120474, 6);
    expect(r.schedule?.gap).toBeCloseTo(-0.0554716165, 9);
    expect(r.schedule?.status).toBe('red');
    expect(r.required_growth).toBeCloseTo(0.174440439, 8);
    expect(r.projection?.value).toBeCloseTo(7274.1403399, 5);
    expect(r.projection?.meets_target).toBe(false);
    expect(r.progress).toMatchObject({ method: 2, status: 'moderate_progress' });
    expect(r.progress?.p).toBeCloseTo(0.8478952381, 8);
    expect(r.progress?.score).toBeCloseTo(1.7707308959, 8);
    const schedule = r.components.find((c) => c.of === 'schedule');
    expect(schedule?.formula).toContain('4129.5');
    // A period ending in December closes its year: judgements at 2023-Q4 rest on the full year 2023.
    const q4 = await one('online_retail_sales', '2023-Q4');
    expect(q4.avg_growth_since_baseline).toBeCloseTo(0.1198938019, 9);
    const june = await one('online_retail_sales', '2023-06');
    expect(june.avg_growth_since_baseline).toBeCloseTo((5200 / 4129.5) ** 0.5 - 1, 10);
  });

  it('rolls months up: quarter and 1–N月累计 sum a flow; a missing month gives no level', async () => {
    const months = [1, 2, 3, 4, 5, 6].map((m) => ({
      measure: 'cross_border_ec_volume',
      area: '510104',
      period: `2024-0${m}`,
      value: String(10 * m),
      unit: '亿元',
      simulated: true,
    }));
    await writeObservations(store.driver, store.dialect, months);
    expect((await one('cross_border_ec_volume', '2024-Q2', '510104')).value).toBe(40 + 50 + 60);
    const cum = await one('cross_border_ec_volume', '2024-01/2024-06', '510104');
    expect(cum.value).toBe(210);
    expect(cum.simulated).toBe(true);
    expect(cum.components[0]?.method).toContain('6 monthly observations');
    expect((await one('cross_border_ec_volume', '2024-01/2024-07', '510104')).value).toBeNull();
    const june = await one('cross_border_ec_volume', '2024-06', '510104');
    expect(june.mom).toBeCloseTo(60 / 50 - 1, 10);
  });

  it('keeps the comparable basis through roll-ups: months published at +20% give a quarter at +20%', async () => {
    await writeObservations(
      store.driver,
      store.dialect,
      [1, 2, 3].map((m) => ({
        measure: 'cross_border_ec_volume',
        area: '510100',
        period: `2022-0${m}`,
        value: String(100 * m),
        unit: '亿元',
        published_yoy: '20',
      })),
    );
    const q = await one('cross_border_ec_volume', '2022-Q1');
    expect(q.value).toBe(600);
    expect(q.yoy?.basis).toBe('published_comparable');
    expect(q.yoy?.value).toBeCloseTo(0.2, 10);
    const jan = await one('cross_border_ec_volume', '2022-01/2022-01');
    expect(jan.value).toBe(100);
    expect(jan.yoy?.value).toBeCloseTo(0.2, 10);
  });

  it('a stock has a year level only when its last month is there', async () => {
    await writeObservations(store.driver, store.dialect, [
      { measure: 'ec_unicorn_gazelle_firms', area: '510100', period: '2022-05', value: '7', unit: '个' },
    ]);
    expect((await one('ec_unicorn_gazelle_firms', '2022')).value).toBeNull();
    expect((await one('ec_unicorn_gazelle_firms', '2022-01/2022-05')).value).toBe(7);
  });

  it('a zone sums its member areas', async () => {
    const zone = plan.zones.find((z) => z.areas.includes('510113') && z.areas.length < 8);
    if (!zone) throw new Error('no zone with 青白江');
    await writeObservations(
      store.driver,
      store.dialect,
      zone.areas.map((a, i) => ({
        measure: 'ec_transaction_volume',
        area: a,
        period: '2024',
        value: String(100 + i),
        unit: '亿元',
      })),
    );
    const r = await one('ec_transaction_volume', '2024', zone.id);
    expect(r.value).toBe(zone.areas.reduce((s, _a, i) => s + 100 + i, 0));
  });

  it('recomputes as soon as observations change (cache keyed by data version)', async () => {
    const before = await one('ec_transaction_volume', '2021');
    expect(before.value).toBeNull();
    await writeObservations(store.driver, store.dialect, [
      { measure: 'ec_transaction_volume', area: '510100', period: '2021', value: '25000', unit: '亿元' },
    ]);
    const after = await one('ec_transaction_volume', '2021');
    expect(after.value).toBe(25000);
  });
});
