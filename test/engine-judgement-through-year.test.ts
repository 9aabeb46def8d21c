import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatPeriod, type Period, parsePeriod } from '../src/domain/period.js';
import { IndicatorEngine } from '../src/engine/indicator-engine.js';
import type { IndicatorResult } from '../src/engine/indicator-result.js';
import { loadDemoData } from '../src/ingest/load-demo-data.js';
import { loadPlan } from '../src/plan/load-plan.js';
import type { Store } from '../src/store/open-store.js';
import { savePlan } from '../src/store/plan-repository.js';
import { engines, freshStore } from './support/engines.js';

const CHENGDU = 'plans/chengdu-ec-2021-2025.yaml';
const plan = loadPlan(CHENGDU);
const headline = plan.indicators.filter((i) => i.headline).map((i) => i.id);
const FLOWS = ['ec_transaction_volume', 'online_retail_sales', 'cross_border_ec_volume'];
const pad = (n: number): string => String(n).padStart(2, '0');

describe.each(engines())('one judgement through the year on the demo data on $engine', (target) => {
  let store: Store;
  let engine: IndicatorEngine;
  beforeAll(async () => {
    store = (await freshStore(target)).store;
    await savePlan(store.driver, store.dialect, plan, CHENGDU);
    await loadDemoData(store, plan, { from: 2022, to: 2025, rows: 300 });
    engine = new IndicatorEngine(store.driver, plan);
  }, 600_000);
  afterAll(async () => {
    await store.close();
    await target.cleanup();
  });

  const judged = (r: IndicatorResult | undefined) => ({
    status: r?.schedule?.status ?? null,
    verdict: r?.verdict ?? null,
    ytd: r?.ytd?.completion ?? null,
  });

  it('month, quarter and 1–N月累计 of every month of 2025 show the same light for every headline indicator', async () => {
    for (let n = 1; n <= 12; n++) {
      const views: Period[] = [parsePeriod(`2025-${pad(n)}`), parsePeriod(`2025-01/2025-${pad(n)}`)];
      if (n % 3 === 0) views.push(parsePeriod(`2025-Q${n / 3}`));
      const results = await engine.evaluate({ periods: views, indicators: headline });
      for (const id of headline) {
        const [month, ...others] = views.map((v) =>
          results.find((r) => r.indicator === id && r.period === formatPeriod(v)),
        );
        for (const other of others) expect(judged(other), `${id} ${n}月`).toEqual(judged(month));
      }
      for (const id of FLOWS) {
        const month = results.find((r) => r.indicator === id && r.period === `2025-${pad(n)}`);
        if (n < 12) {
          expect(month?.schedule?.status, `${id} ${n}月`).toMatch(/^(green|yellow|red)$/);
          expect(month?.ytd?.light_on).toBe('seasonal_average');
          expect(month?.ytd?.seasonal_years).toEqual([2024, 2023, 2022]);
          expect(month?.ytd?.time_share).toBe(n / 12);
        } else expect(month?.verdict?.achieved).toEqual(expect.any(Boolean));
      }
    }
  });

  it('the explanation names the seasonal method and the time-proportional figure beside it', async () => {
    const [r] = await engine.evaluate({
      periods: [parsePeriod('2025-06')],
      indicators: ['online_retail_sales'],
      explain: true,
    });
    const c = r?.components.find((x) => x.of === 'schedule');
    expect(c?.method_code).toBe('seasonal_average');
    expect(c?.method).toContain('average share of months 1–N');
    expect(c?.formula).toContain('2025 1–6月累计');
    expect(c?.formula).toContain('序时进度 6/12 = 50.0%');
    expect(c?.formula).toContain('average of 2024, 2023, 2022');
    expect(c?.formula).toContain(`→ ${r?.schedule?.status}`);
    const ytd = r?.ytd;
    expect(ytd?.time_gap_points).toBeCloseTo(((ytd?.completion as number) - 0.5) * 100, 9);
  });

  it('with data through 2025-12 the year is a verdict: 已完成 or 未完成 with its completion, no forecast', async () => {
    const results = await engine.evaluate({
      periods: [parsePeriod('2025')],
      indicators: FLOWS,
      explain: true,
    });
    for (const r of results) {
      expect(r.value).not.toBeNull();
      expect(r.verdict).toEqual({
        year: 2025,
        value: r.value,
        target: r.target,
        achieved: (r.value as number) >= (r.target?.value as number),
        completion: (r.value as number) / (r.target?.value as number),
      });
      expect(r.projection).toBeNull();
      expect(r.required_growth).toBeNull();
      expect(r.schedule).toBeNull();
      expect(r.components.map((c) => c.of)).not.toContain('projection');
      expect(r.components.find((c) => c.of === 'verdict')?.formula).toMatch(/→ (已完成|未完成)/);
    }
  });
});
