import type { YoyBasis } from '../indicator-result.js';
import { type Figure, formatNumber, formatPercent, isNumber, unavailable } from './explained-figure.js';

/** Year-on-year growth: the value shown, the naive ratio of levels beside it, and which of the two is shown. */
export interface YoyGrowth extends Figure {
  naive: number | null;
  basis: YoyBasis;
}

const YOY_PUBLISHED = 'year-on-year growth, published comparable basis (同比，可比口径)';
const YOY_NAIVE = 'year-on-year growth from levels (同比，按总量直接计算)';
const MOM = 'period-on-period growth from levels (环比)';

/** current/previous − 1; null when either is missing or the previous value is 0. */
export function growthRate(current: number | null, previous: number | null): number | null {
  return isNumber(current) && isNumber(previous) && previous !== 0 ? current / previous - 1 : null;
}

/** The numbers of {@link yoy} without its explanation. */
export function yoyRates(input: {
  current: number | null;
  previous: number | null;
  publishedYoy?: number | null;
}): { value: number | null; naive: number | null; basis: YoyBasis } {
  const naive = growthRate(input.current, input.previous);
  const published = input.publishedYoy;
  if (isNumber(published)) return { value: published, naive, basis: 'published_comparable' };
  return { value: naive, naive, basis: naive === null ? null : 'naive' };
}

/** current/previous − 1, or the reason there is none. */
function growthFromLevels(current: number | null, previous: number | null, method: string): Figure {
  if (!isNumber(current)) return unavailable(method, 'current value missing');
  if (!isNumber(previous)) return unavailable(method, 'previous value missing');
  if (previous === 0) return unavailable(method, 'previous value is 0');
  const value = growthRate(current, previous) as number;
  return {
    value,
    formula: `${formatNumber(current)}/${formatNumber(previous)} − 1 = ${formatPercent(value)}`,
    method,
  };
}

/**
 * Year-on-year growth (同比) as a fraction. Official rates are computed on a comparable set of reporting
 * units (可比口径), so a published rate, when given, is preferred over the naive ratio of levels; the naive
 * figure is kept beside it.
 *
 * @example
 * // NBS, online retail 2021 vs 2020: naive 11.29%, published 14.1%
 * yoy({ current: 130884, previous: 117601, publishedYoy: 0.141 }); // value 0.141, naive 0.11295, basis 'published_comparable'
 */
export function yoy(input: {
  current: number | null;
  previous: number | null;
  publishedYoy?: number | null;
}): YoyGrowth {
  const naive = growthFromLevels(input.current, input.previous, YOY_NAIVE);
  const published = input.publishedYoy;
  if (isNumber(published)) {
    const beside = naive.value === null ? `naive ${naive.formula}` : `naive from levels: ${naive.formula}`;
    return {
      value: published,
      naive: naive.value,
      basis: 'published_comparable',
      formula: `published comparable-basis growth ${formatPercent(published, 1)} (${beside})`,
      method: YOY_PUBLISHED,
      ...(naive.value !== null && {
        note: `同比按可比口径为 ${formatPercent(published, 1)}，按公布总量直接计算为 ${formatPercent(naive.value)}；两者口径不同，以可比口径为准`,
      }),
    };
  }
  return { ...naive, naive: naive.value, basis: naive.value === null ? null : 'naive' };
}

/** Period-on-period growth (环比) as a fraction: current/previous − 1; no published comparable rate exists for it. */
export function mom(input: { current: number | null; previous: number | null }): Figure {
  return growthFromLevels(input.current, input.previous, MOM);
}
