import { describe, expect, it } from 'vitest';
import { parsePeriod } from '../../domain/period.js';
import { expectedOnPath, type GrowthPath, schedule, scheduleStatus } from './schedule-progress.js';

const transactions: GrowthPath = { base: { t: 2020, value: 22637.5 }, target: { t: 2025, value: 40000 } };

describe('the constant-growth path from baseline to target', () => {
  it('expects 31854.25亿 of transactions at the end of 2023 (3 of 5 years at 12.06% a year)', () => {
    const e = expectedOnPath(transactions, 2023);
    expect(e.value).toBeCloseTo(31854.249702, 5);
    expect(e.value).toBeCloseTo(22637.5 * 1.1205888725 ** 3, 3);
    expect(e.formula).toBe('22637.5 × (40000/22637.5)^((2023 − 2020)/(2025 − 2020)) = 31854.2497');
    expect(e.method).toContain('constant-growth');
  });

  it('places a month at the end of the month: 2023-06 is t = 2022.5', () => {
    expect(expectedOnPath(transactions, 2022.5).value).toBeCloseTo(30091.527047, 5);
  });

  it('starts at the baseline and ends exactly at the target', () => {
    expect(expectedOnPath(transactions, 2020).value).toBe(22637.5);
    expect(expectedOnPath(transactions, 2025).value).toBe(40000);
  });

  it('is linear for a count target with no baseline (0 → 10 firms), and says so', () => {
    const e = expectedOnPath({ base: { t: 2020, value: 0 }, target: { t: 2025, value: 10 } }, 2023);
    expect(e.value).toBeCloseTo(6, 12);
    expect(e.method).toContain('linear');
    expect(e.formula).toBe('0 + (10 − 0) × (2023 − 2020)/(2025 − 2020) = 6');
  });

  it('has no value when baseline and target are at the same time', () => {
    expect(
      expectedOnPath({ base: { t: 2025, value: 1 }, target: { t: 2025, value: 2 } }, 2025).value,
    ).toBeNull();
  });
});

describe('序时进度 light', () => {
  const year2023 = parsePeriod('2023');

  it('is red when 5.82% behind the path, yellow when 2.68% behind, green when ahead', () => {
    const red = schedule({ path: transactions, actual: 30000, period: year2023, direction: 'higher' });
    expect(red.expected).toBeCloseTo(31854.249702, 5);
    expect(red.gap).toBeCloseTo(-0.0582104341, 9);
    expect(red.status).toBe('red');
    expect(red.formula).toBe(
      'expected 22637.5 × (40000/22637.5)^((2023 − 2020)/(2025 − 2020)) = 31854.2497; gap = (30000 − 31854.2497)/31854.2497 = -5.82% → red (green ≥ 0.00%, yellow ≥ -5.00%)',
    );
    const yellow = schedule({ path: transactions, actual: 31000, period: year2023, direction: 'higher' });
    expect(yellow.gap).toBeCloseTo(-0.0268174485, 9);
    expect(yellow.status).toBe('yellow');
    expect(
      schedule({ path: transactions, actual: 32000, period: year2023, direction: 'higher' }).status,
    ).toBe('green');
  });

  it('is green when the target is met exactly in the target year (national plan 37.2 → 46万亿, no float noise)', () => {
    const national: GrowthPath = { base: { t: 2020, value: 37.2 }, target: { t: 2025, value: 46 } };
    const r = schedule({ path: national, actual: 46, period: parsePeriod('2025'), direction: 'higher' });
    expect(r.expected).toBe(46);
    expect(r.gap).toBe(0);
    expect(r.status).toBe('green');
  });

  it('flips the sign for indicators where lower is better', () => {
    const path: GrowthPath = { base: { t: 2020, value: 10 }, target: { t: 2025, value: 5 } };
    const above = schedule({ path, actual: 7, period: year2023, direction: 'lower' });
    expect(above.expected).toBeCloseTo(6.5975395539, 9);
    expect(above.gap).toBeCloseTo(-0.0610015966, 9);
    expect(above.status).toBe('red');
    expect(above.formula).toContain('gap = −(7 − 6.5975)/6.5975');
    const below = schedule({ path, actual: 6.5, period: year2023, direction: 'lower' });
    expect(below.gap).toBeCloseTo(0.0147842318, 9);
    expect(below.status).toBe('green');
  });

  it('judges a count target on the linear path', () => {
    const path: GrowthPath = { base: { t: 2020, value: 0 }, target: { t: 2025, value: 10 } };
    const r = schedule({ path, actual: 5, period: year2023, direction: 'higher' });
    expect(r.gap).toBeCloseTo(-1 / 6, 12);
    expect(r.status).toBe('red');
    expect(r.method).toContain('linear');
  });

  it('applies the plan’s tolerances', () => {
    const r = schedule({
      path: transactions,
      actual: 30000,
      period: year2023,
      direction: 'higher',
      tolerances: { green: -0.02, yellow: -0.1 },
    });
    expect(r.status).toBe('yellow');
  });

  it('has no gap or light without an actual value', () => {
    const r = schedule({ path: transactions, actual: null, period: year2023, direction: 'higher' });
    expect(r.expected).toBeCloseTo(31854.249702, 5);
    expect(r.gap).toBeNull();
    expect(r.status).toBeNull();
    expect(r.formula).toContain('actual value missing');
  });

  it('bands gaps at the tolerance boundaries: ≥ green is green, ≥ yellow is yellow, below is red', () => {
    expect(scheduleStatus(0)).toBe('green');
    expect(scheduleStatus(-1e-7)).toBe('yellow');
    expect(scheduleStatus(-0.05)).toBe('yellow');
    expect(scheduleStatus(-0.0500001)).toBe('red');
    expect(scheduleStatus(null)).toBeNull();
  });
});
