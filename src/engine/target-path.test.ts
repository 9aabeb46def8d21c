import { describe, expect, it } from 'vitest';
import { loadPlan } from '../plan/load-plan.js';
import { IndicatorEvaluator } from './evaluate-indicators.js';
import { targetPoints, yearTarget } from './maths/index.js';
import { projectionPath, schedulePath } from './target-path.js';

describe('target lines', () => {
  it('the schedule path grows at a constant rate from the baseline to the target, exact at both ends', () => {
    const path = schedulePath([
      { t: 2020, value: 100 },
      { t: 2022, value: 121 },
    ]);
    expect(path.map((p) => p.year)).toEqual([2020, 2021, 2022]);
    expect(path[0]?.value).toBe(100);
    expect(path[1]?.value).toBeCloseTo(110, 10);
    expect(path[2]?.value).toBe(121);
  });

  it('the path runs through the plan’s 年度目标: constant growth between them, each annual target exact', () => {
    // 100 (2020) → 144 (年度目标 2022) → 281.25 (2025): +20% a year, then +25% a year.
    const points = targetPoints({ t: 2020, value: 100 }, { t: 2025, value: 281.25 }, [
      { year: 2022, value: 144 },
    ]);
    const path = schedulePath(points);
    expect(path.map((p) => p.year)).toEqual([2020, 2021, 2022, 2023, 2024, 2025]);
    const expected = [100, 120, 144, 180, 225, 281.25];
    for (const [i, p] of path.entries()) expect(p.value).toBeCloseTo(expected[i] as number, 9);
    expect(path[2]?.value).toBe(144);
    // What is drawn is what is judged: each year's target of the judgement lies on the drawn path.
    for (const p of path) expect(yearTarget(points, p.year)?.value).toBe(p.value);
    expect(yearTarget(points, 2022)?.basis).toBe('annual_target');
    // Without the annual target the path would be the single constant-growth curve (2022: 100·2.8125^0.4).
    expect(schedulePath([points[0], points[2]] as typeof points)[2]?.value).toBeCloseTo(151.2297, 4);
  });

  it('the evaluator gives the path of a result from the plan’s own 年度目标', () => {
    const plan = loadPlan('plans/chengdu-ec-2021-2025.yaml');
    const indicator = plan.indicators.find((i) => i.id === 'ec_transaction_volume');
    const target = indicator?.targets[0];
    if (!indicator || !target) throw new Error('the Chengdu plan has no ec_transaction_volume target');
    target.annual_targets = [{ year: 2023, value: 30000 }];
    const evaluator = new IndicatorEvaluator(plan);
    const path = schedulePath(
      evaluator.resultPathPoints({
        indicator: 'ec_transaction_volume',
        area: plan.root_area,
        baseline: { year: 2020, value: 22637.5 },
      }),
    );
    expect(path.map((p) => p.year)).toEqual([2020, 2021, 2022, 2023, 2024, 2025]);
    expect(path[3]?.value).toBe(30000);
    expect(path[5]?.value).toBe(40000);
    expect(path[4]?.value).toBeCloseTo(30000 * Math.sqrt(40000 / 30000), 9);
    expect(path[1]?.value).toBeCloseTo(22637.5 * (30000 / 22637.5) ** (1 / 3), 9);
  });

  it('no path without a baseline or a target', () => {
    expect(schedulePath(null)).toEqual([]);
    expect(schedulePath([{ t: 2020, value: 1 }])).toEqual([]);
    const plan = loadPlan('plans/chengdu-ec-2021-2025.yaml');
    expect(
      new IndicatorEvaluator(plan).resultPathPoints({
        indicator: 'ec_transaction_volume',
        area: plan.root_area,
        baseline: null,
      }),
    ).toBeNull();
  });

  it('the projection continues the trailing growth from the latest full year to the target year', () => {
    const line = projectionPath(
      { target: { year: 2025, value: 8000, comparator: '>=' }, avg_growth_since_baseline: 0.1 },
      { year: 2023, value: 5000 },
    );
    expect(line).toEqual([
      { year: 2023, value: 5000 },
      { year: 2024, value: 5500 },
      { year: 2025, value: 5000 * 1.1 ** 2 },
    ]);
  });

  it('no projection without growth or a full year', () => {
    const target = { year: 2025, value: 8000, comparator: '>=' };
    expect(projectionPath({ target, avg_growth_since_baseline: null }, { year: 2023, value: 1 })).toEqual([]);
    expect(projectionPath({ target, avg_growth_since_baseline: 0.1 }, null)).toEqual([]);
  });
});
