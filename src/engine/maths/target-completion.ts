import { type Figure, formatNumber, formatPercent, isNumber, unavailable } from './explained-figure.js';

const COMPLETION = 'target completion (目标完成率)';

/** Completion of a target as a fraction, actual/target (0.75 = 75%). Null when the target is 0 or a value is missing. */
export function completion(actual: number | null, target: number | null): Figure {
  if (!isNumber(actual) || !isNumber(target))
    return unavailable(COMPLETION, 'actual value or target missing');
  if (target === 0) return unavailable(COMPLETION, 'target is 0');
  const value = completionRatio(actual, target) as number;
  return {
    value,
    formula: `${formatNumber(actual)}/${formatNumber(target)} = ${formatPercent(value)}`,
    method: COMPLETION,
  };
}

/** The number of {@link completion} without its explanation. */
export function completionRatio(actual: number | null, target: number | null): number | null {
  return isNumber(actual) && isNumber(target) && target !== 0 ? actual / target : null;
}
