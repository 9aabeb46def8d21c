import { describe, expect, it } from 'vitest';
import {
  limitCoefficient,
  METHODOLOGY_1_THRESHOLDS,
  METHODOLOGY_2_THRESHOLDS,
  progressOpenSdg,
  progressScore,
  progressStatus,
} from './progress-open-sdg.js';

const at = (t: number, value: number) => ({ t, value });

describe('Open SDG methodology 2 (with a target)', () => {
  const base = at(2020, 4129.5);
  const target = at(2025, 8000);

  it('online retail 4129.5 → 5500 by 2023 against 8000 in 2025: P = 0.7089, moderate progress, score 0.78', () => {
    const r = progressOpenSdg({ base, current: at(2023, 5500), target, direction: 'higher' });
    expect(r.methodology).toBe(2);
    expect(r.p).toBeCloseTo(0.1002424735 / 0.1414016691, 9);
    expect(r.p).toBeCloseTo(0.7089200158, 9);
    expect(r.status).toBe('moderate_progress');
    expect(r.score).toBeCloseTo(7.1429 * 0.7089200158 - 4.2857, 8);
    expect(r.score).toBeCloseTo(0.778044781, 8);
    expect(r.c).toBeNull();
    expect(r.formula).toBe(
      'CAGR_o = (5500/4129.5)^(1/(2023 − 2020)) − 1 = 10.02%; CAGR_T = (8000/4129.5)^(1/(2025 − 2020)) − 1 = 14.14%; ' +
        'P = (+1)·(+1)·10.02%/|14.14%| = 0.7089 → moderate_progress; score = min(7.1429 × 0.7089 − 4.2857, 5) = 0.778',
    );
  });

  it('transactions growing faster than the 12.06% the target needs: substantial progress, score capped at 5', () => {
    const r = progressOpenSdg({
      base: at(2020, 22637.5),
      current: at(2023, 36000),
      target: at(2025, 40000),
      direction: 'higher',
    });
    expect(r.p).toBeCloseTo(1.3868130576, 9);
    expect(r.status).toBe('substantial_progress');
    expect(r.score).toBe(5);
  });

  it('slow growth is limited progress, decline is deterioration', () => {
    const slow = progressOpenSdg({ base, current: at(2023, 4500), target, direction: 'higher' });
    expect(slow.p).toBeCloseTo(0.2054744683, 9);
    expect(slow.status).toBe('limited_progress');
    expect(slow.score).toBeCloseTo(-1.6438495331, 9);
    const decline = progressOpenSdg({ base, current: at(2023, 4000), target, direction: 'higher' });
    expect(decline.p).toBeCloseTo(-0.0747123972, 9);
    expect(decline.status).toBe('deterioration');
    expect(decline.score).toBeCloseTo(-2.8113041454, 9);
  });

  it('a target reached is target_achieved with score 5, whatever the time elapsed', () => {
    const r = progressOpenSdg({ base, current: at(2024, 8100), target, direction: 'higher' });
    expect(r.status).toBe('target_achieved');
    expect(r.score).toBe(5);
    expect(r.p).toBeNull();
    expect(r.formula).toBe('8100 ≥ target 8000 → target_achieved, score 5');
    expect(progressOpenSdg({ base, current: at(2020.5, 8000), target, direction: 'higher' }).status).toBe(
      'target_achieved',
    );
  });

  it('works for lower-is-better indicators: 10 → 8 against 5 is limited progress', () => {
    const r = progressOpenSdg({
      base: at(2020, 10),
      current: at(2023, 8),
      target: at(2025, 5),
      direction: 'lower',
    });
    expect(r.p).toBeCloseTo(0.5537469695, 9);
    expect(r.status).toBe('limited_progress');
    expect(r.score).toBeCloseTo(4.1667 * 0.5537469695 - 2.5, 9);
    expect(
      progressOpenSdg({ base: at(2020, 10), current: at(2023, 5), target: at(2025, 5), direction: 'lower' })
        .status,
    ).toBe('target_achieved');
  });

  it('replaces a target of 0 by 0.001', () => {
    const r = progressOpenSdg({
      base: at(2020, 10),
      current: at(2023, 5),
      target: at(2025, 0),
      direction: 'lower',
    });
    expect(r.p).toBeCloseTo(0.206299474 / 0.8415106808, 9);
    expect(r.status).toBe('limited_progress');
    expect(r.formula).toContain('CAGR_T = (0.001/10)^(1/(2025 − 2020)) − 1 = -84.15%');
  });

  it('is not available when the base already equals the target (CAGR_T = 0)', () => {
    const r = progressOpenSdg({
      base: at(2020, 10),
      current: at(2023, 9),
      target: at(2025, 10),
      direction: 'higher',
    });
    expect(r.status).toBe('not_available');
    expect(r.p).toBeNull();
    expect(r.score).toBeNull();
  });
});

describe('Open SDG methodology 1 (no target)', () => {
  const base = at(2015, 100);
  const run = (value: number, direction: 'higher' | 'lower' = 'higher') =>
    progressOpenSdg({ base, current: at(2020, value), direction });

  it('bands the observed growth at 1.5% and 0.5% a year', () => {
    const substantial = run(110);
    expect(substantial.methodology).toBe(1);
    expect(substantial.p).toBeCloseTo(0.0192448765, 9);
    expect(substantial.status).toBe('substantial_progress');
    expect(substantial.score).toBeCloseTo(4.6224382457, 9);
    expect(substantial.formula).toBe(
      'CAGR_o = (110/100)^(1/(2020 − 2015)) − 1 = 1.92%; P = (+1)·(+1)·1.92% = 0.0192 → substantial_progress; score = min(500 × 0.0192/1 − 5, 5) = 4.6224',
    );
    const moderate = run(104);
    expect(moderate.p).toBeCloseTo(0.0078749885, 9);
    expect(moderate.status).toBe('moderate_progress');
    expect(moderate.score).toBeCloseTo(0.7187471295, 9);
    const limited = run(101);
    expect(limited.p).toBeCloseTo(0.0019920477, 9);
    expect(limited.status).toBe('limited_progress');
    expect(limited.score).toBeCloseTo(-1.5039761667, 9);
    const deterioration = run(95);
    expect(deterioration.p).toBeCloseTo(-0.0102062183, 9);
    expect(deterioration.status).toBe('deterioration');
    expect(deterioration.score).toBeCloseTo(-3.7757772891, 9);
  });

  it('counts a fall as progress when lower is better', () => {
    const r = run(90, 'lower');
    expect(r.p).toBeCloseTo(0.0208516376, 9);
    expect(r.status).toBe('substantial_progress');
    expect(r.score).toBe(5);
  });

  it('flips the sign for a negative base: −100 → −120 is deterioration when higher is better', () => {
    const r = progressOpenSdg({ base: at(2015, -100), current: at(2020, -120), direction: 'higher' });
    expect(r.p).toBeCloseTo(-0.0371372893, 9);
    expect(r.status).toBe('deterioration');
    expect(r.score).toBe(-5);
    expect(r.formula).toContain('P = (−1)·(+1)·3.71%');
  });

  it('replaces a base of 0 by 0.001', () => {
    const r = progressOpenSdg({ base: at(2015, 0), current: at(2020, 0.002), direction: 'higher' });
    expect(r.p).toBeCloseTo(0.148698355, 9);
    expect(r.status).toBe('substantial_progress');
  });

  it('is not available with less than a year between base and current, or with a sign change', () => {
    const short = progressOpenSdg({ base: at(2020, 100), current: at(2020.5, 110), direction: 'higher' });
    expect(short.status).toBe('not_available');
    expect(short.score).toBeNull();
    expect(short.formula).toBe('n/a: less than one year between base and current (0.5)');
    expect(progressOpenSdg({ base: at(2020, 100), current: at(2021, 110), direction: 'higher' }).status).toBe(
      'substantial_progress',
    );
    const flip = progressOpenSdg({ base: at(2015, -10), current: at(2020, 5), direction: 'higher' });
    expect(flip.status).toBe('not_available');
    expect(flip.p).toBeNull();
  });
});

describe('the limit coefficient C', () => {
  it('is 1 far from the limit, 0 at it, and follows 1 − (b/L)^4.44 on either side', () => {
    expect(limitCoefficient(90, 100)).toBeCloseTo(0.373621645, 9);
    expect(limitCoefficient(-90, -100)).toBeCloseTo(0.373621645, 9);
    expect(limitCoefficient(150, 100)).toBeCloseTo(0.953929087, 9);
    expect(limitCoefficient(100, 100)).toBe(0);
    expect(limitCoefficient(200, 100)).toBe(1);
    expect(limitCoefficient(250, 100)).toBe(1);
    expect(limitCoefficient(0.001, 100)).toBeCloseTo(1, 12);
  });

  it('scales methodology 1 thresholds: 90% → 92% of a 100% limit is moderate, not limited', () => {
    const r = progressOpenSdg({ base: at(2015, 90), current: at(2020, 92), direction: 'higher', limit: 100 });
    expect(r.c).toBeCloseTo(0.373621645, 9);
    expect(r.p).toBeCloseTo(0.004405457, 9);
    expect(r.status).toBe('moderate_progress');
    expect(r.score).toBeCloseTo(1.6978063045, 9);
    expect(r.method).toContain('limit coefficient C');
    expect(r.formula).toContain('C = 0.3736 (|y0| = 90, limit 100), thresholds 0.560% / 0.187% / 0');
    const unscaled = progressOpenSdg({ base: at(2015, 90), current: at(2020, 92), direction: 'higher' });
    expect(unscaled.status).toBe('limited_progress');
  });

  it('at the limit (C = 0) holding steady scores 5 and any fall is deterioration', () => {
    const steady = progressOpenSdg({
      base: at(2015, 100),
      current: at(2020, 100),
      direction: 'higher',
      limit: 100,
    });
    expect(steady.c).toBe(0);
    expect(steady.status).toBe('substantial_progress');
    expect(steady.score).toBe(5);
    const fall = progressOpenSdg({
      base: at(2015, 100),
      current: at(2020, 99),
      direction: 'higher',
      limit: 100,
    });
    expect(fall.status).toBe('deterioration');
    expect(fall.score).toBeCloseTo(125 * (0.99 ** 0.2 - 1) - 2.5, 9);
  });
});

describe('progress scores are continuous at the thresholds', () => {
  const below = (x: number) => x - 1e-12;

  it('methodology 1 with C = 1 meets at 2.5, 0 and −2.5', () => {
    expect(progressScore(1, 0.015).value).toBeCloseTo(2.5, 9);
    expect(progressScore(1, below(0.015)).value).toBeCloseTo(2.5, 8);
    expect(progressScore(1, 0.005).value).toBeCloseTo(0, 9);
    expect(progressScore(1, below(0.005)).value).toBeCloseTo(0, 8);
    expect(progressScore(1, 0).value).toBeCloseTo(-2.5, 9);
    expect(progressScore(1, -1e-12).value).toBeCloseTo(-2.5, 9);
    expect(progressScore(1, 0.02).value).toBeCloseTo(5, 9);
    expect(progressScore(1, -0.02).value).toBeCloseTo(-5, 9);
  });

  it('methodology 1 with C < 1 meets at the scaled thresholds', () => {
    const c = 0.4;
    expect(progressScore(1, 0.015 * c, c).value).toBeCloseTo(2.5, 9);
    expect(progressScore(1, below(0.015 * c), c).value).toBeCloseTo(2.5, 8);
    expect(progressScore(1, 0.005 * c, c).value).toBeCloseTo(0, 9);
    expect(progressScore(1, below(0.005 * c), c).value).toBeCloseTo(0, 8);
  });

  it('methodology 2 meets at 0.95 → 2.5 and at 0.6 → 0 (to the 4-decimal coefficients, within 0.00006)', () => {
    expect(progressScore(2, 0.95).value).toBeCloseTo(2.500055, 9);
    expect(progressScore(2, 0.6).value).toBeCloseTo(0.00004, 9);
    expect(progressScore(2, below(0.6)).value).toBeCloseTo(0.00002, 8);
    expect(progressScore(2, 0).value).toBeCloseTo(-2.5, 9);
    expect(progressScore(2, -1).value).toBe(-5);
    expect(progressScore(2, 2).value).toBe(5);
    expect(progressScore(2, 0.95).formula).toBe('min(7.1429 × 0.95 − 4.2857, 5) = 2.5001');
  });

  it('statuses band at the thresholds inclusively from below', () => {
    expect(progressStatus(0.95, METHODOLOGY_2_THRESHOLDS)).toBe('substantial_progress');
    expect(progressStatus(0.6, METHODOLOGY_2_THRESHOLDS)).toBe('moderate_progress');
    expect(progressStatus(0, METHODOLOGY_2_THRESHOLDS)).toBe('limited_progress');
    expect(progressStatus(-0.01, METHODOLOGY_2_THRESHOLDS)).toBe('deterioration');
    expect(progressStatus(0.015, METHODOLOGY_1_THRESHOLDS)).toBe('substantial_progress');
    expect(progressStatus(null, METHODOLOGY_1_THRESHOLDS)).toBe('not_available');
  });
});
