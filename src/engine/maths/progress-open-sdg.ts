import type { Direction } from '../../plan/plan-types.js';
import type { ProgressStatus } from '../indicator-result.js';
import {
  type Explanation,
  type Figure,
  formatNumber,
  formatPercent,
  NOT_AVAILABLE,
} from './explained-figure.js';
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
  if (p >= thresholds.high) return 'substantial_progress';
  if (p >= thresholds.med) return 'moderate_progress';
  if (p >= thresholds.low) return 'limited_progress';
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
  const P = formatNumber(p);
  const figure = (value: number, formula: string): Figure => ({
    value,
    formula: `${formula} = ${formatNumber(value)}`,
    method,
  });
  if (methodology === 2) {
    return p >= METHODOLOGY_2_THRESHOLDS.med
      ? figure(Math.min(7.1429 * p - 4.2857, 5), `min(7.1429 × ${P} − 4.2857, 5)`)
      : figure(Math.max(4.1667 * p - 2.5, -5), `max(4.1667 × ${P} − 2.5, −5)`);
  }
  const { high, med } = METHODOLOGY_1_THRESHOLDS;
  const C = formatNumber(c);
  if (p < 0) return figure(Math.max(125 * p - 2.5, -5), `max(125 × ${P} − 2.5, −5)`);
  if (c === 0) return figure(5, 'C = 0 → 5');
  if (p >= high * c) return figure(Math.min((500 * p) / c - 5, 5), `min(500 × ${P}/${C} − 5, 5)`);
  if (p >= med * c) return figure((250 * p) / c - 1.25, `250 × ${P}/${C} − 1.25`);
  return figure((500 * p) / c - 2.5, `500 × ${P}/${C} − 2.5`);
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
export function progressOpenSdg(input: {
  base: TimedValue;
  current: TimedValue;
  direction: Direction;
  target?: TimedValue | null;
  limit?: number | null;
}): OpenSdgProgress {
  const { base, current, direction } = input;
  const target = input.target ?? null;
  const methodology = target === null ? 1 : 2;
  const limit = methodology === 1 ? (input.limit ?? null) : null;
  const method = `Open SDG / Statistics Canada progress, methodology ${methodology} (${
    methodology === 2 ? 'against the target' : 'no target'
  }${limit !== null ? ', thresholds scaled by the limit coefficient C' : ''})`;
  const d = direction === 'higher' ? 1 : -1;
  const result = (
    status: ProgressStatus,
    formula: string,
    p: number | null = null,
    score: number | null = null,
    c: number | null = null,
  ): OpenSdgProgress => ({ methodology, p, score, status, c, formula, method });

  if (target !== null && (d === 1 ? current.value >= target.value : current.value <= target.value)) {
    const sign = d === 1 ? '≥' : '≤';
    return result(
      'target_achieved',
      `${formatNumber(current.value)} ${sign} target ${formatNumber(target.value)} → target_achieved, score 5`,
      null,
      5,
    );
  }
  const years = current.t - base.t;
  if (years < 1) {
    return result(
      'not_available',
      `${NOT_AVAILABLE}: less than one year between base and current (${formatNumber(years)})`,
    );
  }
  const y0 = base.value === 0 ? ZERO_REPLACEMENT : base.value;
  const yi = current.value;
  if (y0 * yi < 0) {
    return result(
      'not_available',
      `${NOT_AVAILABLE}: base ${formatNumber(y0)} and current ${formatNumber(yi)} have opposite signs`,
    );
  }
  const s = y0 < 0 ? -1 : 1;
  const cagrO = (yi / y0) ** (1 / years) - 1;
  const signs = `(${s > 0 ? '+1' : '−1'})·(${d > 0 ? '+1' : '−1'})`;
  const observed = `CAGR_o = (${formatNumber(yi)}/${formatNumber(y0)})^(1/(${formatNumber(current.t)} − ${formatNumber(base.t)})) − 1 = ${formatPercent(cagrO)}`;

  if (target !== null) {
    const yT = target.value === 0 ? ZERO_REPLACEMENT : target.value;
    const cagrT = (yT / y0) ** (1 / (target.t - base.t)) - 1;
    const required = `CAGR_T = (${formatNumber(yT)}/${formatNumber(y0)})^(1/(${formatNumber(target.t)} − ${formatNumber(base.t)})) − 1 = ${formatPercent(cagrT)}`;
    if (cagrT === 0 || !Number.isFinite(cagrT)) {
      return result(
        'not_available',
        `${observed}; ${required}; P ${NOT_AVAILABLE}: the target requires no growth from the base`,
      );
    }
    const p = (s * d * cagrO) / Math.abs(cagrT);
    const status = progressStatus(p, METHODOLOGY_2_THRESHOLDS);
    const score = progressScore(2, p);
    return result(
      status,
      `${observed}; ${required}; P = ${signs}·${formatPercent(cagrO)}/|${formatPercent(cagrT)}| = ${formatNumber(p)} → ${status}; score = ${score.formula}`,
      p,
      score.value,
    );
  }

  const c = limit === null ? 1 : limitCoefficient(y0, limit);
  const { high, med, low } = METHODOLOGY_1_THRESHOLDS;
  const thresholds = { high: high * c, med: med * c, low: low * c };
  const p = s * d * cagrO;
  const status = progressStatus(p, thresholds);
  const score = progressScore(1, p, c);
  const scaled =
    limit === null
      ? ''
      : `; C = ${formatNumber(c)} (|y0| = ${formatNumber(Math.abs(y0))}, limit ${formatNumber(Math.abs(limit))}), thresholds ${formatPercent(thresholds.high, 3)} / ${formatPercent(thresholds.med, 3)} / 0`;
  return result(
    status,
    `${observed}; P = ${signs}·${formatPercent(cagrO)} = ${formatNumber(p)}${scaled} → ${status}; score = ${score.formula}`,
    p,
    score.value,
    limit === null ? null : c,
  );
}
