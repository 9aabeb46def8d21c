import { impliedAvgGrowthFromMultiple } from './average-annual-growth.js';
import { type Explanation, formatNumber, formatPercent, formatPoints } from './explained-figure.js';

/** The result of comparing a stated average growth with the one a stated multiple implies. */
export interface StatedGrowthCheck extends Explanation {
  stated: number;
  /** multiple^(1/years) − 1; null when the multiple or years are unusable. */
  implied: number | null;
  /** stated − implied, as a fraction (0.0143 = 1.43个百分点). */
  difference: number | null;
  /** Whether |difference| ≤ tolerance. */
  agrees: boolean | null;
  /** The growth range implied by every multiple that rounds to the stated one (when its decimals are given). */
  impliedRange: { low: number; high: number } | null;
  /** Whether the stated growth lies in {@link impliedRange}: the rounding of the multiple could explain the gap. */
  withinRounding: boolean | null;
}

const METHOD = 'consistency of a stated average growth with a stated multiple (水平法)';

/**
 * Checks a plan's "grew N倍 with an average growth of g" against the geometric identity g = N^(1/years) − 1,
 * and says so when the two disagree instead of silently picking one.
 *
 * `tolerance` is an absolute difference of growth fractions (default 0.0005, the rounding of a rate stated
 * to one decimal). Give `multipleDecimals` (1 for "3.3倍") to also test whether the rounding of the multiple
 * explains the difference.
 *
 * @example
 * // Chengdu 十三五: transaction volume 3.3倍 with 28.4% average growth, but 3.3^(1/5) − 1 = 26.97%
 * checkStatedAvgGrowth({ multiple: 3.3, avgGrowth: 0.284, years: 5 }).agrees; // false
 */
export function checkStatedAvgGrowth(input: {
  multiple: number;
  avgGrowth: number;
  years: number;
  tolerance?: number;
  multipleDecimals?: number;
}): StatedGrowthCheck {
  const { multiple, avgGrowth: stated, years } = input;
  const tolerance = input.tolerance ?? 0.0005;
  const implied = impliedAvgGrowthFromMultiple(multiple, years);
  if (implied.value === null) {
    return {
      stated,
      implied: null,
      difference: null,
      agrees: null,
      impliedRange: null,
      withinRounding: null,
      formula: implied.formula,
      method: METHOD,
    };
  }
  const difference = stated - implied.value;
  const agrees = Math.abs(difference) <= tolerance;
  const half = input.multipleDecimals === undefined ? null : 0.5 * 10 ** -input.multipleDecimals;
  const low = half === null ? null : impliedAvgGrowthFromMultiple(Math.max(multiple - half, 0), years).value;
  const high = half === null ? null : impliedAvgGrowthFromMultiple(multiple + half, years).value;
  const impliedRange = low === null || high === null ? null : { low, high };
  const withinRounding =
    impliedRange === null ? null : stated >= impliedRange.low && stated <= impliedRange.high;
  const points = formatPoints(Number((difference * 100).toFixed(2)));
  const formula = `${implied.formula} ${agrees ? '≈' : '≠'} stated ${formatPercent(stated, 1)} (difference ${points})`;
  let note: string | undefined;
  if (!agrees) {
    note = `所述年均增速 ${formatPercent(stated, 1)} 与 ${formatNumber(multiple)} 倍隐含的 ${formatPercent(implied.value)} 相差 ${points}`;
    if (impliedRange !== null && half !== null) {
      const span = `${formatNumber(multiple - half)}–${formatNumber(multiple + half)} 倍隐含 ${formatPercent(impliedRange.low)}–${formatPercent(impliedRange.high)}`;
      note += withinRounding
        ? `；倍数为四舍五入值（${span}），可以解释该差异`
        : `，超出倍数四舍五入可解释的范围（${span}）`;
    }
  }
  return {
    stated,
    implied: implied.value,
    difference,
    agrees,
    impliedRange,
    withinRounding,
    formula,
    method: METHOD,
    ...(note !== undefined && { note }),
  };
}
