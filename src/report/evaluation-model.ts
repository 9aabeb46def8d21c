import type { Period } from '../domain/period.js';
import { dataCoverage } from '../engine/data-coverage.js';
import { IndicatorEngine } from '../engine/indicator-engine.js';
import type { IndicatorResult } from '../engine/indicator-result.js';
import { schedulePath, type YearPoint } from '../engine/target-path.js';
import { monitoredYears } from '../plan/monitored-years.js';
import type { Indicator, Plan } from '../plan/plan-types.js';
import type { Driver } from '../store/driver.js';
import { dataVersion } from '../store/observation-repository.js';

/** One target in an evaluation: its yearly series, the latest year with a value and that year's judgement. */
export interface EvaluationRow {
  indicator: Indicator;
  area: string;
  /** The evaluated year's result (baseline, target, completion, required growth or verdict, Open SDG). */
  result: IndicatorResult;
  /** The latest full year ≤ the evaluated year with a value, judged as of that year. */
  latest: IndicatorResult | null;
  series: YearPoint[];
  path: YearPoint[];
}

export interface EvaluationModel {
  plan: Plan;
  year: number;
  /** 中期评估 before the plan's last year, 总结评估 from it on. */
  kind: 'midterm' | 'final';
  rows: EvaluationRow[];
  simulated: boolean;
  dataVersion: number;
  latestMonth: string | null;
  generatedAt: Date;
  generatedBy: string;
}

/**
 * Reads what an evaluation of the plan as of `year` needs: every indicator with a target, at its own areas,
 * for every year from the base year to `year`, judged by the engine (a complete target year is a verdict).
 */
export async function evaluationModel(
  driver: Driver,
  plan: Plan,
  year: number,
  generatedBy: string,
): Promise<EvaluationModel> {
  const engine = new IndicatorEngine(driver, plan);
  const base = plan.metadata.period.base_year;
  const years: Period[] = [];
  for (let y = base; y <= year; y++) years.push({ kind: 'year', year: y });
  const targeted = plan.indicators.filter((i) => i.targets.length > 0);
  const results = await engine.evaluate({ periods: years, indicators: targeted.map((i) => i.id) });
  const rows: EvaluationRow[] = [];
  for (const indicator of targeted)
    for (const area of engine.evaluator.homeAreas(indicator)) {
      const mine = results.filter((r) => r.indicator === indicator.id && r.area === area);
      const result = mine.find((r) => r.period === String(year));
      if (!result) continue;
      const latest = mine.findLast((r) => r.value !== null) ?? null;
      rows.push({
        indicator,
        area,
        result,
        latest,
        series: mine.flatMap((r) => (r.value === null ? [] : [{ year: Number(r.period), value: r.value }])),
        path: schedulePath(engine.evaluator.resultPathPoints(result)),
      });
    }
  const coverage = await dataCoverage(driver, monitoredYears(plan));
  return {
    plan,
    year,
    kind: year >= plan.metadata.period.end ? 'final' : 'midterm',
    rows,
    simulated: results.some((r) => r.simulated),
    dataVersion: await dataVersion(driver),
    latestMonth: coverage.latestMonth,
    generatedAt: new Date(),
    generatedBy,
  };
}
