import type { Comparator, Direction } from '../../plan/plan-types.js';
import { type Explanation, formatNumber, formatPercent, NOT_AVAILABLE } from './explained-figure.js';
import { valueAbove, valueAtLeast, valueAtMost, valueBelow } from './judgement-tolerance.js';
import type { TimedValue } from './timed-value.js';

/** The value projected for the target year and whether it would meet the target. */
export interface Projection extends Explanation {
  year: number;
  value: number | null;
  meetsTarget: boolean | null;
  /** The trailing average annual growth since the baseline the projection uses. */
  growth: number | null;
}

export interface TargetCondition {
  year: number;
  value: number;
  comparator: Comparator;
}

const METHOD = 'projection to the target year at the trailing average growth since the baseline';

/**
 * Whether a value satisfies a target's comparator. A plan's '=' is read as "reach at least" for direction
 * 'higher' ('>=') and "at most" for 'lower' ('<='), since a value beyond an equality target is not a miss.
 */
export function meetsTarget(
  value: number,
  target: Omit<TargetCondition, 'year'>,
  direction: Direction,
): boolean {
  const comparator = target.comparator === '=' ? (direction === 'lower' ? '<=' : '>=') : target.comparator;
  // Within VALUE_TOLERANCE (judgement-tolerance.ts): a projection computed to 7999.999999999999 meets ≥ 8000.
  switch (comparator) {
    case '>=':
      return valueAtLeast(value, target.value);
    case '>':
      return valueAbove(value, target.value);
    case '<=':
      return valueAtMost(value, target.value);
    case '<':
      return valueBelow(value, target.value);
  }
}

/** The numbers of {@link projectToTargetYear} without its explanation. */
export function projectionFigures(input: {
  base: TimedValue;
  current: TimedValue | null;
  target: TargetCondition;
  direction: Direction;
}): { year: number; value: number | null; meetsTarget: boolean | null; growth: number | null } {
  const { base, current, target, direction } = input;
  if (
    current === null ||
    current.t <= base.t ||
    current.t > target.year ||
    base.value <= 0 ||
    current.value < 0
  )
    return { year: target.year, value: null, meetsTarget: null, growth: null };
  const growth = (current.value / base.value) ** (1 / (current.t - base.t)) - 1;
  const value = current.value * (1 + growth) ** (target.year - current.t);
  return { year: target.year, value, meetsTarget: meetsTarget(value, target, direction), growth };
}

/**
 * Projects the latest value (yi at ti) to the target year at the trailing average growth since the baseline
 * (y0 at t0): g = (yi/y0)^(1/(ti−t0)) − 1, projection = yi·(1+g)^(tT−ti). Null when ti ≤ t0, ti > tT,
 * y0 ≤ 0 or yi < 0. Times follow {@link TimedValue}; for a flow, pass full-year values.
 *
 * @example
 * projectToTargetYear({ base: { t: 2020, value: 4129.5 }, current: { t: 2023, value: 5500 },
 *   target: { year: 2025, value: 8000, comparator: '>=' }, direction: 'higher' }); // 6657.9, meetsTarget false
 */
export function projectToTargetYear(input: {
  base: TimedValue;
  current: TimedValue | null;
  target: TargetCondition;
  direction: Direction;
}): Projection {
  const { base, current, target } = input;
  const none = (reason: string): Projection => ({
    year: target.year,
    value: null,
    meetsTarget: null,
    growth: null,
    formula: `${NOT_AVAILABLE}: ${reason}`,
    method: METHOD,
  });
  if (current === null) return none('no latest value');
  if (current.t <= base.t) return none('the latest value is not after the baseline');
  if (current.t > target.year) return none('the latest value is after the target year');
  if (base.value <= 0) return none(`baseline ${formatNumber(base.value)} is not positive`);
  if (current.value < 0) return none(`latest value ${formatNumber(current.value)} is negative`);
  const {
    value,
    growth,
    meetsTarget: meets,
  } = projectionFigures(input) as {
    value: number;
    growth: number;
    meetsTarget: boolean;
  };
  const g = `g = (${formatNumber(current.value)}/${formatNumber(base.value)})^(1/(${formatNumber(current.t)} − ${formatNumber(base.t)})) − 1 = ${formatPercent(growth)}`;
  const projected = `${formatNumber(current.value)} × (1 + ${formatPercent(growth)})^(${formatNumber(target.year)} − ${formatNumber(current.t)}) = ${formatNumber(value)}`;
  const verdict = `${meets ? 'meets' : 'misses'} target ${target.comparator} ${formatNumber(target.value)}`;
  return {
    year: target.year,
    value,
    meetsTarget: meets,
    growth,
    formula: `${g}; ${projected} (${verdict})`,
    method: METHOD,
  };
}
