import { describe, expect, it } from 'vitest';
import { rollUp } from './aggregation.js';
import {
  formatPeriod,
  monthsOf,
  parsePeriod,
  periodEndYear,
  periodLabelZh,
  previousPeriod,
  sameperiodLastYear,
} from './period.js';

describe('periods', () => {
  it('parses the four forms and formats them back', () => {
    for (const s of ['2021', '2021-Q1', '2021-03', '2021-01/2021-03'])
      expect(formatPeriod(parsePeriod(s))).toBe(s);
    expect(parsePeriod('2021-01/2021-03')).toEqual({ kind: 'range', year: 2021, from: 1, to: 3 });
  });

  it.each([
    ['2021-13', '月份 13 不在 01–12 之间'],
    ['2021-Q5', '无法识别的期间'],
    ['2021-3', '无法识别的期间'],
    ['2021-03/2022-05', '同一年内'],
    ['2021-05/2021-03', '起始月 5 晚于结束月 3'],
    ['21', '无法识别的期间'],
    ['2021年', '无法识别的期间'],
    ['', '无法识别的期间'],
  ])('rejects %s with a clear message', (input, message) => {
    expect(() => parsePeriod(input)).toThrow(message);
  });

  it('names the accepted forms when it cannot read a period', () => {
    expect(() => parsePeriod('Q1 2021')).toThrow('2021-01/2021-03（同一年内的累计）');
  });

  it('lists the months a period covers', () => {
    expect(monthsOf(parsePeriod('2021-Q2'))).toEqual(['2021-04', '2021-05', '2021-06']);
    expect(monthsOf(parsePeriod('2021-01/2021-03'))).toEqual(['2021-01', '2021-02', '2021-03']);
    expect(monthsOf(parsePeriod('2021'))).toHaveLength(12);
  });

  it('finds the same period last year and the previous period (环比)', () => {
    expect(formatPeriod(sameperiodLastYear(parsePeriod('2021-01/2021-05')))).toBe('2020-01/2020-05');
    expect(formatPeriod(previousPeriod(parsePeriod('2021-01')))).toBe('2020-12');
    expect(formatPeriod(previousPeriod(parsePeriod('2021-Q1')))).toBe('2020-Q4');
    expect(formatPeriod(previousPeriod(parsePeriod('2021-07')))).toBe('2021-06');
  });

  it('places a period on the year axis at its end: 2023 → 2023, 2023-06 → 2022.5', () => {
    expect(periodEndYear(parsePeriod('2023'))).toBe(2023);
    expect(periodEndYear(parsePeriod('2023-06'))).toBe(2022.5);
    expect(periodEndYear(parsePeriod('2023-Q3'))).toBe(2022.75);
  });

  it('labels periods the way Chinese bulletins do', () => {
    expect(periodLabelZh(parsePeriod('2024-05'))).toBe('2024年5月');
    expect(periodLabelZh(parsePeriod('2024-01/2024-05'))).toBe('2024年1-5月');
    expect(periodLabelZh(parsePeriod('2024-Q1'))).toBe('2024年第一季度');
    expect(periodLabelZh(parsePeriod('2024'))).toBe('2024年');
  });
});

describe('roll-ups respect flow and stock', () => {
  const months = [
    { month: '2021-01', value: 10 },
    { month: '2021-02', value: 20 },
    { month: '2021-03', value: 30 },
  ];
  it('a flow sums the months of the quarter', () => {
    expect(rollUp(months, parsePeriod('2021-Q1'), 'flow')).toBe(60);
  });
  it('a stock takes the last month of the quarter', () => {
    expect(rollUp(months, parsePeriod('2021-Q1'), 'stock')).toBe(30);
  });
  it('a flow with a missing month has no level rather than an understated one', () => {
    expect(rollUp(months.slice(1), parsePeriod('2021-Q1'), 'flow')).toBeNull();
  });
  it('a stock takes the latest month present', () => {
    expect(rollUp(months.slice(0, 2), parsePeriod('2021-Q1'), 'stock')).toBe(20);
  });
  it('a cumulative range 1–2月 sums two months', () => {
    expect(rollUp(months, parsePeriod('2021-01/2021-02'), 'flow')).toBe(30);
  });
});
