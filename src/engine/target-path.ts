import { monthSpan, type Period } from '../domain/period.js';
import type { IndicatorEngine } from './indicator-engine.js';
import type { IndicatorResult } from './indicator-result.js';
import { expectedOnPoints, type TimedValue } from './maths/index.js';

/** A value at the end of a year, for the lines drawn against an indicator's series. */
export interface YearPoint {
  year: number;
  value: number;
}

/**
 * The target path (序时进度), one point a year from its first point to the target: constant growth between
 * consecutive points (the baseline, the plan's 年度目标, the target), so a year the plan gives a target for is
 * exactly that target. The same points the judgement uses (IndicatorEvaluator.pathPoints); empty without them.
 *
 * @example
 * schedulePath([{ t: 2020, value: 100 }, { t: 2022, value: 121 }])
 * // [{ year: 2020, value: 100 }, { year: 2021, value: 110 }, { year: 2022, value: 121 }]
 */
export function schedulePath(points: readonly TimedValue[] | null): YearPoint[] {
  const first = points?.[0];
  const last = points?.[points.length - 1];
  if (!points || !first || !last || points.length < 2) return [];
  const out: YearPoint[] = [];
  for (let y = first.t; y <= last.t; y++) {
    const v = expectedOnPoints(points, y);
    if (v !== null) out.push({ year: y, value: v });
  }
  return out;
}

/**
 * The projection line: from the latest full year with a value to the target year, growing at the trailing
 * average growth since the baseline (the figure `projection` judges); empty when either is missing.
 */
export function projectionPath(
  r: Pick<IndicatorResult, 'target' | 'avg_growth_since_baseline'>,
  from: YearPoint | null,
): YearPoint[] {
  const g = r.avg_growth_since_baseline;
  if (!r.target || g === null || !from) return [];
  const out: YearPoint[] = [];
  for (let y = from.year; y <= r.target.year; y++)
    out.push({ year: y, value: from.value * (1 + g) ** (y - from.year) });
  return out;
}

/**
 * Both lines for an evaluated result at `period`: the schedule path and the projection from the latest full
 * year (a period ending in December closes its year) that has a value, read through the engine's cache.
 */
export async function targetPaths(
  engine: IndicatorEngine,
  at: IndicatorResult,
  period: Period,
): Promise<{ path: YearPoint[]; projection: YearPoint[] }> {
  const base = engine.plan.metadata.period.base_year;
  const closed = monthSpan(period).to === 12 ? period.year : period.year - 1;
  const years: Period[] = [];
  for (let y = base + 1; y <= closed; y++) years.push({ kind: 'year', year: y });
  const yearly = years.length
    ? await engine.evaluate({ periods: years, areas: [at.area], indicators: [at.indicator] })
    : [];
  const latest = yearly.findLast((r) => r.value !== null);
  const from = latest ? { year: Number(latest.period), value: latest.value as number } : null;
  return { path: schedulePath(engine.evaluator.resultPathPoints(at)), projection: projectionPath(at, from) };
}
