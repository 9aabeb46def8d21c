import { describe, expect, it } from 'vitest';
import { convertPeriod, frequencyOf, latestFullYear, normalizePeriod, periodOptions } from './periods.js';

describe('period selector', () => {
  it('offers complete years only', () => {
    expect(periodOptions('year', 2020, '2024-10')).toEqual(['2023', '2022', '2021', '2020']);
    expect(periodOptions('year', 2020, '2024-12')[0]).toBe('2024');
  });

  it('offers months, quarters and 1–N月累计 up to the latest month, newest first', () => {
    expect(periodOptions('month', 2024, '2024-03')).toEqual(['2024-03', '2024-02', '2024-01']);
    expect(periodOptions('quarter', 2023, '2024-05')).toEqual([
      '2024-Q1',
      '2023-Q4',
      '2023-Q3',
      '2023-Q2',
      '2023-Q1',
    ]);
    expect(periodOptions('cumulative', 2024, '2024-02')).toEqual(['2024-01/2024-02', '2024-01/2024-01']);
  });

  it('keeps the end month when the frequency changes', () => {
    expect(convertPeriod('2024-01/2024-05', 'month')).toBe('2024-05');
    expect(convertPeriod('2024-01/2024-05', 'quarter')).toBe('2024-Q1');
    expect(convertPeriod('2024-01/2024-05', 'year')).toBe('2023');
    expect(convertPeriod('2024-02', 'quarter')).toBe('2023-Q4');
    expect(convertPeriod('2023', 'cumulative')).toBe('2023-01/2023-12');
    expect(convertPeriod('2024-Q2', 'cumulative')).toBe('2024-01/2024-06');
  });

  it('knows the frequency of a period and the latest complete year', () => {
    expect(frequencyOf('2024-01/2024-05')).toBe('cumulative');
    expect(frequencyOf('2024-Q2')).toBe('quarter');
    expect(latestFullYear('2024-10', 2020)).toBe(2023);
    expect(latestFullYear('2024-12', 2020)).toBe(2024);
    expect(latestFullYear(null, 2020)).toBe(2020);
  });

  it('rejects what is not a period', () => {
    expect(normalizePeriod('2024-13')).toBeNull();
    expect(normalizePeriod(' 2024-05 ')).toBe('2024-05');
  });
});
