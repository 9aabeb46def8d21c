import { type Figure, formatNumber, formatPercent, unavailable } from './explained-figure.js';
import type { TimedValue } from './timed-value.js';

const REQUIRED = 'required average annual growth from the latest value to the target (水平法)';

/**
 * The average annual growth needed from the latest value (yi at ti) to reach the target (yT at tT):
 * (yT/yi)^(1/(tT−ti)) − 1. Null when ti ≥ tT, yi ≤ 0 or yT < 0. `ti` follows {@link TimedValue}
 * (2023-06 → 2022.5); for a flow, pass a full-year value.
 *
 * @example
 * requiredGrowth({ current: { t: 2023, value: 5500 }, target: { t: 2025, value: 8000 } }); // 20.60%
 */
export function requiredGrowth(input: { current: TimedValue | null; target: TimedValue }): Figure {
  const { current, target } = input;
  if (current === null) return unavailable(REQUIRED, 'no latest value');
  const years = target.t - current.t;
  if (years <= 0)
    return unavailable(
      REQUIRED,
      `the latest value (t = ${formatNumber(current.t)}) is not before the target year`,
    );
  if (current.value <= 0)
    return unavailable(REQUIRED, `latest value ${formatNumber(current.value)} is not positive`);
  if (target.value < 0) return unavailable(REQUIRED, `target ${formatNumber(target.value)} is negative`);
  const value = requiredGrowthRate(input) as number;
  return {
    value,
    formula: `(${formatNumber(target.value)}/${formatNumber(current.value)})^(1/(${formatNumber(target.t)} − ${formatNumber(current.t)})) − 1 = ${formatPercent(value)}`,
    method: REQUIRED,
  };
}

/** The number of {@link requiredGrowth} without its explanation. */
export function requiredGrowthRate(input: { current: TimedValue | null; target: TimedValue }): number | null {
  const { current, target } = input;
  if (current === null) return null;
  const years = target.t - current.t;
  if (years <= 0 || current.value <= 0 || target.value < 0) return null;
  return (target.value / current.value) ** (1 / years) - 1;
}
