import { describe, expect, it } from 'vitest';
import { formatNumber, formatPercent, formatPoints, unavailable } from './explained-figure.js';

describe('formatting numbers inside formulas', () => {
  it('writes amounts as given, with at most 4 decimals and no trailing zeros', () => {
    expect(formatNumber(22637.5)).toBe('22637.5');
    expect(formatNumber(40000)).toBe('40000');
    expect(formatNumber(32140.712345)).toBe('32140.7123');
    expect(formatNumber(32.3 - 17.3)).toBe('15');
    expect(formatNumber(-0.00001)).toBe('0');
    expect(formatNumber(null)).toBe('n/a');
    expect(formatNumber(Number.NaN)).toBe('n/a');
  });

  it('writes growth fractions as percentages with two decimals', () => {
    expect(formatPercent(0.1206012)).toBe('12.06%');
    expect(formatPercent(-0.0666)).toBe('-6.66%');
    expect(formatPercent(-0.000001)).toBe('0.00%');
    expect(formatPercent(0.141, 1)).toBe('14.1%');
    expect(formatPercent(null)).toBe('n/a');
  });

  it('writes share changes in 百分点, never as a percent', () => {
    expect(formatPoints(17.3)).toBe('17.3个百分点');
    expect(formatPoints(Number.POSITIVE_INFINITY)).toBe('n/a');
  });

  it('an unavailable figure says why', () => {
    expect(unavailable('m', 'previous value missing')).toEqual({
      value: null,
      formula: 'n/a: previous value missing',
      method: 'm',
    });
  });
});
