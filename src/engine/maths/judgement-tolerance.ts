/**
 * How judgements compare computed figures with thresholds without float noise deciding a light.
 *
 * Levels reach the maths exactly: SQL sums decimals, the engine shifts the decimal point between units on the
 * string (src/domain/unit.ts) and only then takes the nearest double. Rounding to the nearest double is
 * monotone, so a level compared with a plan figure (also the nearest double of a decimal) orders exactly as
 * the two decimals do; 37.2万亿元 read back is 37.2, equal to the plan's baseline 37.2.
 *
 * Figures computed from levels (a path value y0·(yT/y0)^k, a gap, a growth rate, a ratio of growth rates, an
 * expression such as a share) carry a few units in the last place of error. Each comparison of such a figure
 * with a threshold uses one of the tolerances below, far larger than that error (≈1e-15 relative) and far
 * smaller than any difference a statistic can express (levels have at most 15 significant digits).
 */

/** Relative tolerance for a value against a target or bound (meets target, target achieved). */
export const VALUE_TOLERANCE = 1e-12;

/** Absolute tolerance for a schedule gap (a fraction of the expected value) against the light's thresholds. */
export const GAP_TOLERANCE = 1e-12;

/**
 * Absolute tolerance for the Open SDG progress ratio P against its thresholds and for scores against their
 * bands: P divides two growth rates, and a small required growth magnifies their rounding, hence 1e-9.
 */
export const PROGRESS_TOLERANCE = 1e-9;

/** x ≥ bound, allowing `tolerance` (absolute) below. */
export function atLeast(x: number, bound: number, tolerance: number): boolean {
  return x >= bound - tolerance;
}

/** x ≥ bound within VALUE_TOLERANCE relative to the bound. */
export function valueAtLeast(x: number, bound: number): boolean {
  return x >= bound - VALUE_TOLERANCE * Math.abs(bound);
}

/** x ≤ bound within VALUE_TOLERANCE relative to the bound. */
export function valueAtMost(x: number, bound: number): boolean {
  return x <= bound + VALUE_TOLERANCE * Math.abs(bound);
}

/** x > bound by more than VALUE_TOLERANCE relative to the bound. */
export function valueAbove(x: number, bound: number): boolean {
  return !valueAtMost(x, bound);
}

/** x < bound by more than VALUE_TOLERANCE relative to the bound. */
export function valueBelow(x: number, bound: number): boolean {
  return !valueAtLeast(x, bound);
}
