import { describe, expect, it } from 'vitest';
import {
  avgAnnualGrowth,
  avgAnnualGrowthSince,
  impliedAvgGrowthFromMultiple,
  multipleOfBaseline,
} from './average-annual-growth.js';

describe('average annual growth (水平法)', () => {
  it('is geometric: the Chengdu 2025 transaction-volume target needs 12.06% a year from 2020', () => {
    const g = avgAnnualGrowth(22637.5, 40000, 5);
    expect(g.value).toBeCloseTo(0.1205888725, 9);
    expect(g.formula).toBe('(40000/22637.5)^(1/5) − 1 = 12.06%');
    expect(g.method).toBe('geometric average annual growth (水平法)');
  });

  it('online retail 4129.5 → 8000 needs 14.14% a year', () => {
    expect(avgAnnualGrowth(4129.5, 8000, 5).value).toBeCloseTo(0.1414016691, 9);
  });

  it('compounds back to the end value', () => {
    const g = avgAnnualGrowth(100, 150, 3).value as number;
    expect(100 * (1 + g) ** 3).toBeCloseTo(150, 10);
    expect(g).not.toBeCloseTo(0.5 / 3, 3);
  });

  it('counts 2021–2025年均 as 5 years after the base year 2020', () => {
    const g = avgAnnualGrowthSince({ baseYear: 2020, baseValue: 22637.5, endYear: 2025, endValue: 40000 });
    expect(g.value).toBeCloseTo(0.1205888725, 9);
    expect(g.method).toContain('2021–2025年均 (base year 2020, n = 5)');
  });

  it('is null for a non-positive start, a negative end, no years or a missing value', () => {
    expect(avgAnnualGrowth(0, 10, 5).value).toBeNull();
    expect(avgAnnualGrowth(-1, 10, 5).value).toBeNull();
    expect(avgAnnualGrowth(10, -1, 5).value).toBeNull();
    expect(avgAnnualGrowth(10, 20, 0).value).toBeNull();
    expect(avgAnnualGrowth(null, 20, 5).formula).toBe('n/a: start or end value missing');
    expect(avgAnnualGrowth(10, 0, 2).value).toBe(-1);
  });
});

describe('multiple of the baseline', () => {
  it('is the ratio of levels', () => {
    const m = multipleOfBaseline(22637.5, 40000);
    expect(m.value).toBeCloseTo(1.76698, 6);
    expect(m.formula).toBe('40000/22637.5 = 1.767倍');
  });

  it('is null against a zero baseline', () => {
    expect(multipleOfBaseline(0, 3).value).toBeNull();
  });

  it('implies an average growth: 3.3倍 over 5 years is 26.97%, 3.6倍 is 29.20%', () => {
    expect(impliedAvgGrowthFromMultiple(3.3, 5).value).toBeCloseTo(0.2697048777, 9);
    expect(impliedAvgGrowthFromMultiple(3.6, 5).value).toBeCloseTo(0.29199401, 9);
    expect(impliedAvgGrowthFromMultiple(3.3, 5).formula).toBe('3.3^(1/5) − 1 = 26.97%');
    expect(impliedAvgGrowthFromMultiple(3.3, 0).value).toBeNull();
  });
});
