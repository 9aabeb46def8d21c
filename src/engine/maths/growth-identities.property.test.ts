import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { avgAnnualGrowthRate, multiple } from './average-annual-growth.js';
import { growthRate, yoyRates } from './growth-rate.js';
import { requiredGrowthRate } from './required-growth.js';
import { expectedValueOnPath, scheduleFigures } from './schedule-progress.js';

/**
 * Compounding a computed rate back reproduces its end value within this relative error. 1 + g carries an
 * absolute error of about 1e-16, so the identities are stated for ratios between 0.2 and 5 (growth from −80%
 * to +400%), where (1 + g)^n for n ≤ 30 stays within ~1e-14; near −100% the cancellation in 1 + g grows.
 */
const RELATIVE = 1e-12;
const level = fc.double({ min: 0.01, max: 1e9, noNaN: true });
const ratio = fc.double({ min: 0.2, max: 5, noNaN: true });
const years = fc.integer({ min: 1, max: 30 });
const close = (a: number, b: number): void => {
  expect(Math.abs(a - b)).toBeLessThanOrEqual(RELATIVE * Math.max(Math.abs(a), Math.abs(b)));
};

describe('growth and average identities (property-based)', () => {
  it('the geometric average compounds back to the ratio: x0·(1+g)^n = xn and (1+g)^n = the multiple', () => {
    fc.assert(
      fc.property(level, ratio, years, (x0, r, n) => {
        const xn = x0 * r;
        const g = avgAnnualGrowthRate(x0, xn, n) as number;
        close(x0 * (1 + g) ** n, xn);
        close((1 + g) ** n, multiple(x0, xn) as number);
      }),
    );
  });

  it('a growth rate applied to the previous level gives the current one; the naive YoY is that rate', () => {
    fc.assert(
      fc.property(level, ratio, (previous, r) => {
        const current = previous * r;
        const g = growthRate(current, previous) as number;
        close(previous * (1 + g), current);
        expect(yoyRates({ current, previous })).toEqual({ value: g, naive: g, basis: 'naive' });
      }),
    );
  });

  it('growing at the required rate from the latest value reaches the target in the target year', () => {
    fc.assert(
      fc.property(level, ratio, years, (now, r, n) => {
        const target = now * r;
        const g = requiredGrowthRate({
          current: { t: 2020, value: now },
          target: { t: 2020 + n, value: target },
        });
        close(now * ((1 + g) as number) ** n, target);
      }),
    );
  });

  it('the schedule path is the baseline and the target at its ends, and a value on it is green', () => {
    fc.assert(
      fc.property(level, level, years, fc.integer({ min: 1, max: 12 }), (y0, yT, n, month) => {
        const path = { base: { t: 2020, value: y0 }, target: { t: 2020 + n, value: yT } };
        expect(expectedValueOnPath(path, 2020)).toBe(y0);
        expect(expectedValueOnPath(path, 2020 + n)).toBe(yT);
        const period = { kind: 'month' as const, year: 2021, month };
        const expected = expectedValueOnPath(path, 2020 + month / 12) as number;
        const s = scheduleFigures({ path, actual: expected, period, direction: 'higher' });
        expect(s).toEqual({ expected, gap: 0, status: 'green' });
      }),
    );
  });
});
