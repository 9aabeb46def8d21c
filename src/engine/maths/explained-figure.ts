/**
 * How every figure from the indicator maths explains itself: the result carries a `formula` with the
 * numbers filled in and a `method` name, the two text fields of a {@link Component}
 * (`src/engine/indicator-result.ts`). Growth rates and ratios are fractions (0.1206); shares, contributions
 * and pulls are already in percent or percentage points, as their names say.
 */
export interface Explanation {
  /** The computation with its numbers, e.g. `(40000/22637.5)^(1/5) − 1 = 12.06%`, or why there is no value. */
  formula: string;
  /** The method's name, e.g. `geometric average annual growth (水平法)`. */
  method: string;
  /** Something the reader must know (a stated figure disagrees with the levels), for {@link Component.note}. */
  note?: string;
}

/** A single computed number with its explanation; `value` is null when the inputs do not allow one. */
export interface Figure extends Explanation {
  value: number | null;
}

/** Shown in a formula in place of a number that is missing or not finite. */
export const NOT_AVAILABLE = 'n/a';

/** A number as written in a formula: at most 4 decimals, no trailing zeros, no thousands separator. */
export function formatNumber(x: number | null): string {
  if (x === null || !Number.isFinite(x)) return NOT_AVAILABLE;
  const rounded = Number(x.toFixed(4));
  return String(rounded === 0 ? 0 : rounded);
}

/** A fraction as a percentage with `digits` decimals: 0.120601 → `12.06%`. */
export function formatPercent(fraction: number | null, digits = 2): string {
  if (fraction === null || !Number.isFinite(fraction)) return NOT_AVAILABLE;
  const text = (fraction * 100).toFixed(digits);
  return `${Number(text) === 0 ? (0).toFixed(digits) : text}%`;
}

/** A difference of percentages in percentage points (百分点): 17.3 → `17.3个百分点`. */
export function formatPoints(points: number | null): string {
  if (points === null || !Number.isFinite(points)) return NOT_AVAILABLE;
  return `${formatNumber(points)}个百分点`;
}

/** A figure with no value, saying why. */
export function unavailable(method: string, reason: string): Figure {
  return { value: null, formula: `${NOT_AVAILABLE}: ${reason}`, method };
}

/** Whether a value is a usable finite number. */
export function isNumber(x: number | null | undefined): x is number {
  return typeof x === 'number' && Number.isFinite(x);
}
