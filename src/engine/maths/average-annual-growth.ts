import { type Figure, formatNumber, formatPercent, isNumber, unavailable } from './explained-figure.js';

const GEOMETRIC = 'geometric average annual growth (水平法)';
const MULTIPLE = 'multiple of the baseline (倍数)';
const IMPLIED = 'average annual growth implied by a multiple (水平法)';

/**
 * Average annual growth by the geometric method (水平法): (xn/x0)^(1/years) − 1, as a fraction.
 * Null when x0 ≤ 0, xn < 0 or years ≤ 0.
 *
 * @example
 * avgAnnualGrowth(22637.5, 40000, 5); // value 0.1205888…, formula '(40000/22637.5)^(1/5) − 1 = 12.06%'
 */
export function avgAnnualGrowth(x0: number | null, xn: number | null, years: number): Figure {
  if (!isNumber(x0) || !isNumber(xn)) return unavailable(GEOMETRIC, 'start or end value missing');
  if (x0 <= 0) return unavailable(GEOMETRIC, `start value ${formatNumber(x0)} is not positive`);
  if (xn < 0) return unavailable(GEOMETRIC, `end value ${formatNumber(xn)} is negative`);
  if (!(years > 0)) return unavailable(GEOMETRIC, `number of years ${formatNumber(years)} is not positive`);
  const value = avgAnnualGrowthRate(x0, xn, years) as number;
  return {
    value,
    formula: `(${formatNumber(xn)}/${formatNumber(x0)})^(1/${formatNumber(years)}) − 1 = ${formatPercent(value)}`,
    method: GEOMETRIC,
  };
}

/** The number of {@link avgAnnualGrowth} without its explanation. */
export function avgAnnualGrowthRate(x0: number | null, xn: number | null, years: number): number | null {
  if (!isNumber(x0) || !isNumber(xn) || x0 <= 0 || xn < 0 || !(years > 0)) return null;
  return (xn / x0) ** (1 / years) - 1;
}

/**
 * Average annual growth over the years after a base year: "2021–2025年均" has base year 2020 and
 * n = 2025 − 2020 = 5; the base year itself is not one of the growth years.
 */
export function avgAnnualGrowthSince(input: {
  baseYear: number;
  baseValue: number | null;
  endYear: number;
  endValue: number | null;
}): Figure {
  const years = input.endYear - input.baseYear;
  const g = avgAnnualGrowth(input.baseValue, input.endValue, years);
  const span = `${input.baseYear + 1}–${input.endYear}年均 (base year ${input.baseYear}, n = ${years})`;
  return { ...g, method: `${GEOMETRIC}, ${span}` };
}

/** How many times the baseline the value is: xn/x0 (e.g. 2020 is 3.3倍 of 2015). Null when x0 is 0 or missing. */
export function multipleOfBaseline(x0: number | null, xn: number | null): Figure {
  if (!isNumber(x0) || !isNumber(xn)) return unavailable(MULTIPLE, 'baseline or current value missing');
  if (x0 === 0) return unavailable(MULTIPLE, 'baseline is 0');
  const value = multiple(x0, xn) as number;
  return {
    value,
    formula: `${formatNumber(xn)}/${formatNumber(x0)} = ${formatNumber(value)}倍`,
    method: MULTIPLE,
  };
}

/** The number of {@link multipleOfBaseline} without its explanation. */
export function multiple(x0: number | null, xn: number | null): number | null {
  return isNumber(x0) && isNumber(xn) && x0 !== 0 ? xn / x0 : null;
}

/** The average annual growth a multiple implies over `years`: multiple^(1/years) − 1 (3.3倍 over 5 years → 26.97%). */
export function impliedAvgGrowthFromMultiple(multiple: number, years: number): Figure {
  if (!(multiple >= 0)) return unavailable(IMPLIED, `multiple ${formatNumber(multiple)} is negative`);
  if (!(years > 0)) return unavailable(IMPLIED, `number of years ${formatNumber(years)} is not positive`);
  const value = multiple ** (1 / years) - 1;
  return {
    value,
    formula: `${formatNumber(multiple)}^(1/${formatNumber(years)}) − 1 = ${formatPercent(value)}`,
    method: IMPLIED,
  };
}
