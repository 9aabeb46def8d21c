import { type Period, periodEndYear } from '../../domain/period.js';
import type { Direction, Tolerances } from '../../plan/plan-types.js';
import type { ScheduleStatus } from '../indicator-result.js';
import {
  type Explanation,
  type Figure,
  formatNumber,
  formatPercent,
  isNumber,
  NOT_AVAILABLE,
  unavailable,
} from './explained-figure.js';
import { atLeast, GAP_TOLERANCE } from './judgement-tolerance.js';
import type { TimedValue } from './timed-value.js';

/** The path from the baseline to the target along which 序时进度 (progress on schedule) is judged. */
export interface GrowthPath {
  base: TimedValue;
  target: TimedValue;
}

/** The schedule comparison: the value expected now, the signed gap to it, and the light. */
export interface ScheduleResult extends Explanation {
  expected: number | null;
  /** (actual − expected)/|expected|, negated for direction 'lower', so positive is always better. */
  gap: number | null;
  status: ScheduleStatus | null;
}

export const DEFAULT_TOLERANCES: Tolerances = { green: 0, yellow: -0.05 };

const GEOMETRIC = 'constant-growth path from baseline to target (序时进度)';
const LINEAR =
  'linear path from baseline to target (序时进度; baseline or target ≤ 0, no growth rate exists)';

/**
 * The value expected at time t on the path: y0·(yT/y0)^((t−t0)/(tT−t0)), constant growth from baseline to
 * target. When the baseline or target is ≤ 0 (a count target counted from nothing) the path is linear,
 * y0 + (yT − y0)·(t−t0)/(tT−t0), and the method says 'linear'.
 *
 * @example
 * expectedOnPath({ base: { t: 2020, value: 22637.5 }, target: { t: 2025, value: 40000 } }, 2023); // 31854.25
 */
export function expectedOnPath(path: GrowthPath, t: number): Figure {
  const { t: t0, value: y0 } = path.base;
  const { t: tT, value: yT } = path.target;
  if (tT === t0) return unavailable(GEOMETRIC, 'baseline and target are at the same time');
  const share = `(${formatNumber(t)} − ${formatNumber(t0)})/(${formatNumber(tT)} − ${formatNumber(t0)})`;
  const value = expectedValueOnPath(path, t) as number;
  if (y0 > 0 && yT > 0) {
    return {
      value,
      formula: `${formatNumber(y0)} × (${formatNumber(yT)}/${formatNumber(y0)})^(${share}) = ${formatNumber(value)}`,
      method: GEOMETRIC,
    };
  }
  return {
    value,
    formula: `${formatNumber(y0)} + (${formatNumber(yT)} − ${formatNumber(y0)}) × ${share} = ${formatNumber(value)}`,
    method: LINEAR,
  };
}

/** The number of {@link expectedOnPath} without its explanation. */
export function expectedValueOnPath(path: GrowthPath, t: number): number | null {
  const { t: t0, value: y0 } = path.base;
  const { t: tT, value: yT } = path.target;
  if (tT === t0) return null;
  // At the ends the path is the baseline and the target themselves, not a float approximation of them
  // (37.2 × (46/37.2)^1 = 46.00000000000001 would put a target met exactly behind schedule).
  if (t === t0) return y0;
  if (t === tT) return yT;
  if (y0 > 0 && yT > 0) return y0 * (yT / y0) ** ((t - t0) / (tT - t0));
  return y0 + ((yT - y0) * (t - t0)) / (tT - t0);
}

/**
 * The light for a gap: gap ≥ green → green; ≥ yellow → yellow; else red (defaults green 0, yellow −0.05).
 * Each threshold is compared within GAP_TOLERANCE (judgement-tolerance.ts): a gap of −2e-16 is on schedule.
 */
export function scheduleStatus(
  gap: number | null,
  tolerances: Tolerances = DEFAULT_TOLERANCES,
): ScheduleStatus | null {
  if (!isNumber(gap)) return null;
  if (atLeast(gap, tolerances.green, GAP_TOLERANCE)) return 'green';
  if (atLeast(gap, tolerances.yellow, GAP_TOLERANCE)) return 'yellow';
  return 'red';
}

/** The signed gap (actual − expected)/|expected|, negated for direction 'lower'; null without both or at 0. */
export function scheduleGap(
  actual: number | null,
  expected: number | null,
  direction: Direction,
): number | null {
  if (expected === null || expected === 0 || !isNumber(actual)) return null;
  return ((direction === 'lower' ? -1 : 1) * (actual - expected)) / Math.abs(expected);
}

/** The numbers of {@link schedule} without their explanation. */
export function scheduleFigures(input: ScheduleInput): {
  expected: number | null;
  gap: number | null;
  status: ScheduleStatus | null;
} {
  const expected = expectedValueOnPath(input.path, periodEndYear(input.period));
  const gap = scheduleGap(input.actual, expected, input.direction);
  return { expected, gap, status: scheduleStatus(gap, input.tolerances ?? DEFAULT_TOLERANCES) };
}

export interface ScheduleInput {
  path: GrowthPath;
  actual: number | null;
  period: Period;
  direction: Direction;
  tolerances?: Tolerances;
}

/**
 * 序时进度 for a level read at the end of the period (a stock, a registry count, or a full-year flow):
 * compares the actual value with the path value at t = periodEndYear(period) (2023 → 2023, 2023-06 → 2022.5).
 * A flow over part of a year is judged by its 1–N月累计 against the year's target instead (year-to-date.ts).
 */
export function schedule(input: ScheduleInput): ScheduleResult {
  const expected = expectedOnPath(input.path, periodEndYear(input.period));
  return judge(input, expected);
}

function judge(input: ScheduleInput, expected: Figure): ScheduleResult {
  const { actual, direction } = input;
  const tolerances = input.tolerances ?? DEFAULT_TOLERANCES;
  const e = expected.value;
  const none = (reason: string): ScheduleResult => ({
    expected: e,
    gap: null,
    status: null,
    formula: `expected ${expected.formula}; gap ${NOT_AVAILABLE}: ${reason}`,
    method: expected.method,
  });
  if (e === null) return none('no expected value');
  if (!isNumber(actual)) return none('actual value missing');
  if (e === 0) return none('expected value is 0');
  const gap = scheduleGap(actual, e, direction) as number;
  const status = scheduleStatus(gap, tolerances);
  const sign = direction === 'lower' ? '−' : '';
  const denominator = e < 0 ? `|${formatNumber(e)}|` : formatNumber(e);
  return {
    expected: e,
    gap,
    status,
    formula:
      `expected ${expected.formula}; gap = ${sign}(${formatNumber(actual)} − ${formatNumber(e)})/${denominator} = ${formatPercent(gap)}` +
      ` → ${status} (green ≥ ${formatPercent(tolerances.green)}, yellow ≥ ${formatPercent(tolerances.yellow)})`,
    method: expected.method,
  };
}
