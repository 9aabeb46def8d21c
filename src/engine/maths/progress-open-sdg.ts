import type { Direction } from '../../plan/plan-types.js';
import type { ProgressStatus } from '../indicator-result.js';
import {
  type Explanation,
  type Figure,
  formatNumber,
  formatPercent,
  NOT_AVAILABLE,
} from './explained-figure.js';
import { atLeast, PROGRESS_TOLERANCE, valueAtLeast, valueAtMost } from './judgement-tolerance.js';
import type { TimedValue } from './timed-value.js';

/**
 * The Open SDG / Statistics Canada progress measure. Methodology 1 (no target) compares the observed compound
 * annual growth with fixed rates; methodology 2 (with a target) compares it with the growth the target
 * requires. Both give a status and a score in [−5, 5].
 */
export interface OpenSdgProgress extends Explanation {
  methodology: 1 | 2;
  /** The progress ratio P; null when it cannot be computed (and for `target_achieved`). */
  p: number | null;
  score: number | null;
  status: ProgressStatus;
  /** The limit coefficient C applied to methodology 1's thresholds; null without a limit. */
  c: number | null;
}

export interface ProgressThresholds {
  high: number;
  med: number;
  low: number;
}

export const METHODOLOGY_1_THRESHOLDS: ProgressThresholds = { high: 0.015, med: 0.005, low: 0 };
export const METHODOLOGY_2_THRESHOLDS: ProgressThresholds = { high: 0.95, med: 0.6, low: 0 };

/** Exponent a of the limit coefficient. */
const LIMIT_EXPONENT = 4.44;
/** A base or target of 0 is replaced by this, so growth rates exist. */
const ZERO_REPLACEMENT = 0.001;

/**
 * The coefficient C (0..1) that scales methodology 1's thresholds when the base value is near a natural limit
 * (a share cannot pass 100): with b = |y0|, L = |limit|, a = 4.44, C = 1 if b ≥ 2L; 1 − (b/L)^a if b ≤ L;
 * else 1 − ((2L − b)/L)^a. C is 0 at the limit and 1 far from it.
 */
export function limitCoefficient(base: number, limit: number): number {
  const b = Math.abs(base);
  const L = Math.abs(limit);
  if (b >= 2 * L) return 1;
  if (b <= L) return 1 - (b / L) ** LIMIT_EXPONENT;
  return 1 - ((2 * L - b) / L) ** LIMIT_EXPONENT;
}

/** The status for a progress ratio P against thresholds (already scaled by C for methodology 1). */
export function progressStatus(p: number | null, thresholds: ProgressThresholds): ProgressStatus {
  if (p === null || !Number.isFinite(p)) return 'not_available';
  // Within PROGRESS_TOLERANCE (judgement-tolerance.ts): P computed as 0.9499999999999999 is on 0.95.
  if (atLeast(p, thresholds.high, PROGRESS_TOLERANCE)) return 'substantial_progress';
  if (atLeast(p, thresholds.med, PROGRESS_TOLERANCE)) return 'moderate_progress';
  if (atLeast(p, thresholds.low, PROGRESS_TOLERANCE)) return 'limited_progress';
  return 'deterioration';
}

/**
 * The score in [−5, 5] for a progress ratio P. Methodology 2: P ≥ 0.6 → min(7.1429·P − 4.2857, 5), else
 * max(4.1667·P − 2.5, −5). Methodology 1 (C = limit coefficient, 1 without a limit): P < 0 →
 * max(125·P − 2.5, −5); C = 0 → 5; P ≥ 0.015·C → min(500·P/C − 5, 5); P ≥ 0.005·C → 250·P/C − 1.25;
 * else 500·P/C − 2.5. Both are continuous, so the score bands (2.5, 0, −2.5) match the status thresholds.
 */
export function progressScore(methodology: 1 | 2, p: number, c = 1): Figure {
  const method = `Open SDG progress score, methodology ${methodology}`;
  const value = progressScoreValue(methodology, p, c);
  const P = formatNumber(p);
  const C = formatNumber(c);
  const { high, med } = METHODOLOGY_1_THRESHOLDS;
  const formula =
    methodology === 2
      ? p >= METHODOLOGY_2_THRESHOLDS.med
        ? `min(7.1429 × ${P} − 4.2857, 5)`
        : `max(4.1667 × ${P} − 2.5, −5)`
      : p < 0
        ? `max(125 × ${P} − 2.5, −5)`
        : c === 0
          ? 'C = 0 → 5'
          : p >= high * c
            ? `min(500 × ${P}/${C} − 5, 5)`
            : p >= med * c
              ? `250 × ${P}/${C} − 1.25`
              : `500 × ${P}/${C} − 2.5`;
  return { value, formula: `${formula} = ${formatNumber(value)}`, method };
}

/** The number of {@link progressScore} without its explanation. */
export function progressScoreValue(methodology: 1 | 2, p: number, c = 1): number {
  if (methodology === 2)
    return p >= METHODOLOGY_2_THRESHOLDS.med
      ? Math.min(7.1429 * p - 4.2857, 5)
      : Math.max(4.1667 * p - 2.5, -5);
  const { high, med } = METHODOLOGY_1_THRESHOLDS;
  if (p < 0) return Math.max(125 * p - 2.5, -5);
  if (c === 0) return 5;
  if (p >= high * c) return Math.min((500 * p) / c - 5, 5);
  if (p >= med * c) return (250 * p) / c - 1.25;
  return (500 * p) / c - 2.5;
}

/**
 * The Open SDG / Statistics Canada progress status and score of one series, from its base value (y0 at t0)
 * and current value (yi at ti), with methodology 2 when a target (yT at tT) is given, else methodology 1
 * (with thresholds scaled by the limit coefficient when a limit is given). Times follow {@link TimedValue}.
 *
 * With d = +1 if higher is better else −1 and s = −1 if y0 < 0 else +1: CAGR_o = (yi/y0)^(1/(ti−t0)) − 1,
 * CAGR_T = (yT/y0)^(1/(tT−t0)) − 1; methodology 1: P = s·d·CAGR_o; methodology 2: `target_achieved` (score 5)
 * when yi has reached yT in the desired direction, else P = s·d·CAGR_o/|CAGR_T|.
 * Edge rules: `not_available` with less than one year between base and current; a base or target of 0 is
 * replaced by 0.001; P is null (`not_available`) when base and current have opposite signs or the base equals
 * the target.
 *
 * @example
 * progressOpenSdg({ base: { t: 2020, value: 4129.5 }, current: { t: 2023, value: 5500 },
 *   target: { t: 2025, value: 8000 }, direction: 'higher' }); // P 0.7089, moderate_progress, score 0.7780
 */
export function progressOpenSdg(input: ProgressInput): OpenSdgProgress {
  const f = progressFigures(input);
  const { methodology, p, score, status, c } = f;
  const limit = methodology === 1 ? (input.limit ?? null) : null;
  const method = `Open SDG / Statistics Canada progress, methodology ${methodology} (${
    methodology === 2 ? 'against the target' : 'no target'
  }${limit !== null ? ', thresholds scaled by the limit coefficient C' : ''})`;
  const result = (formula: string): OpenSdgProgress => ({
    methodology,
    p,
    score,
    status,
    c,
    formula,
    method,
  });
  const { base, current } = input;
  const target = input.target ?? null;
  switch (f.reason) {
    case 'achieved':
      return result(
        `${formatNumber(current.value)} ${f.d === 1 ? '≥' : '≤'} target ${formatNumber(target?.value ?? null)} → target_achieved, score 5`,
      );
    case 'too_short':
      return result(
        `${NOT_AVAILABLE}: less than one year between base and current (${formatNumber(current.t - base.t)})`,
      );
    case 'opposite_signs':
      return result(
        `${NOT_AVAILABLE}: base ${formatNumber(f.y0)} and current ${formatNumber(current.value)} have opposite signs`,
      );
  }
  const signs = `(${f.s > 0 ? '+1' : '−1'})·(${f.d > 0 ? '+1' : '−1'})`;
  const observed = `CAGR_o = (${formatNumber(current.value)}/${formatNumber(f.y0)})^(1/(${formatNumber(current.t)} − ${formatNumber(base.t)})) − 1 = ${formatPercent(f.cagrO)}`;
  if (target !== null) {
    const required = `CAGR_T = (${formatNumber(f.yT)}/${formatNumber(f.y0)})^(1/(${formatNumber(target.t)} − ${formatNumber(base.t)})) − 1 = ${formatPercent(f.cagrT)}`;
    if (f.reason === 'no_growth_required')
      return result(
        `${observed}; ${required}; P ${NOT_AVAILABLE}: the target requires no growth from the base`,
      );
    return result(
      `${observed}; ${required}; P = ${signs}·${formatPercent(f.cagrO)}/|${formatPercent(f.cagrT)}| = ${formatNumber(p)} → ${status}; score = ${progressScore(2, p as number).formula}`,
    );
  }
  const cc = c ?? 1;
  const scaled =
    limit === null
      ? ''
      : `; C = ${formatNumber(cc)} (|y0| = ${formatNumber(Math.abs(f.y0))}, limit ${formatNumber(Math.abs(limit))}), thresholds ${formatPercent(METHODOLOGY_1_THRESHOLDS.high * cc, 3)} / ${formatPercent(METHODOLOGY_1_THRESHOLDS.med * cc, 3)} / 0`;
  return result(
    `${observed}; P = ${signs}·${formatPercent(f.cagrO)} = ${formatNumber(p)}${scaled} → ${status}; score = ${progressScore(1, p as number, cc).formula}`,
  );
}

export interface ProgressInput {
  base: TimedValue;
  current: TimedValue;
  direction: Direction;
  target?: TimedValue | null;
  limit?: number | null;
}

/** The numbers of {@link progressOpenSdg}, with the intermediates its explanation shows and why P is missing. */
export interface ProgressFigures {
  methodology: 1 | 2;
  p: number | null;
  score: number | null;
  status: ProgressStatus;
  c: number | null;
  reason: 'achieved' | 'too_short' | 'opposite_signs' | 'no_growth_required' | null;
  d: 1 | -1;
  s: 1 | -1;
  y0: number;
  yT: number | null;
  cagrO: number | null;
  cagrT: number | null;
}

/** The numbers of {@link progressOpenSdg} without its explanation. */
export function progressFigures(input: ProgressInput): ProgressFigures {
  const { base, current, direction } = input;
  const target = input.target ?? null;
  const methodology = target === null ? 1 : 2;
  const limit = methodology === 1 ? (input.limit ?? null) : null;
  const d = direction === 'higher' ? 1 : -1;
  const y0 = base.value === 0 ? ZERO_REPLACEMENT : base.value;
  const yi = current.value;
  const s = y0 < 0 ? -1 : 1;
  const out: ProgressFigures = {
    methodology,
    p: null,
    score: null,
    status: 'not_available',
    c: null,
    reason: null,
    d,
    s,
    y0,
    yT: null,
    cagrO: null,
    cagrT: null,
  };
  // Reached within VALUE_TOLERANCE (judgement-tolerance.ts): a share computed as 49.99999999999999 meets 50.
  if (target !== null && (d === 1 ? valueAtLeast(yi, target.value) : valueAtMost(yi, target.value)))
    return { ...out, status: 'target_achieved', score: 5, reason: 'achieved' };
  const years = current.t - base.t;
  if (years < 1) return { ...out, reason: 'too_short' };
  if (y0 * yi < 0) return { ...out, reason: 'opposite_signs' };
  const cagrO = (yi / y0) ** (1 / years) - 1;
  if (target !== null) {
    const yT = target.value === 0 ? ZERO_REPLACEMENT : target.value;
    const cagrT = (yT / y0) ** (1 / (target.t - base.t)) - 1;
    if (cagrT === 0 || !Number.isFinite(cagrT))
      return { ...out, yT, cagrO, cagrT, reason: 'no_growth_required' };
    const p = (s * d * cagrO) / Math.abs(cagrT);
    const status = progressStatus(p, METHODOLOGY_2_THRESHOLDS);
    return { ...out, yT, cagrO, cagrT, p, status, score: progressScoreValue(2, p) };
  }
  const c = limit === null ? 1 : limitCoefficient(y0, limit);
  const { high, med, low } = METHODOLOGY_1_THRESHOLDS;
  const p = s * d * cagrO;
  const status = progressStatus(p, { high: high * c, med: med * c, low: low * c });
  return { ...out, cagrO, p, status, score: progressScoreValue(1, p, c), c: limit === null ? null : c };
}
