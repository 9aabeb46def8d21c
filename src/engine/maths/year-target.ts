import type { AnnualTarget } from '../../plan/plan-types.js';
import { expectedValueOnPath } from './schedule-progress.js';
import type { TimedValue } from './timed-value.js';

/** Where a year's target comes from: the plan's 年度目标, the constant-growth path, or the final target. */
export type YearTargetBasis = 'annual_target' | 'path' | 'final_target';

/** The points a target path runs through: the baseline, any explicit annual targets, and the final target. */
export function targetPoints(
  base: TimedValue,
  target: TimedValue,
  annual: readonly AnnualTarget[] = [],
): TimedValue[] {
  const inner = annual
    .filter((a) => a.year > base.t && a.year < target.t)
    .map((a) => ({ t: a.year, value: a.value }))
    .sort((a, b) => a.t - b.t);
  return [base, ...inner, target];
}

/**
 * The value expected at time t along the points: constant growth between consecutive points (linear where
 * a point is ≤ 0, see expectedValueOnPath); after the last point, the last point itself (years after the
 * plan's end compare with its final target).
 *
 * @example
 * expectedOnPoints([{ t: 2020, value: 100 }, { t: 2022, value: 121 }], 2021); // 110
 */
export function expectedOnPoints(points: readonly TimedValue[], t: number): number | null {
  const last = points[points.length - 1];
  if (!last || points.length < 2) return null;
  if (t >= last.t) return last.value;
  for (let i = 1; i < points.length; i++) {
    const a = points[i - 1] as TimedValue;
    const b = points[i] as TimedValue;
    if (t <= b.t) return expectedValueOnPath({ base: a, target: b }, t);
  }
  return null;
}

/** A year's target level and where it comes from. */
export function yearTarget(
  points: readonly TimedValue[],
  year: number,
): { year: number; value: number; basis: YearTargetBasis } | null {
  const last = points[points.length - 1];
  if (!last) return null;
  if (year >= last.t) return { year, value: last.value, basis: 'final_target' };
  const value = expectedOnPoints(points, year);
  if (value === null) return null;
  const explicit = points.some((p, i) => i > 0 && i < points.length - 1 && p.t === year);
  return { year, value, basis: explicit ? 'annual_target' : 'path' };
}
