import { describe, expect, it } from 'vitest';
import { expectedOnPoints, targetPoints, yearTarget } from './year-target.js';
import { explainYtd, ytdFigures } from './year-to-date.js';

const path = targetPoints({ t: 2020, value: 4129.5 }, { t: 2025, value: 8000 });
const yt = { year: 2023, value: 100, basis: 'path' as const };

describe('the year target', () => {
  it('is on the constant-growth path, at an explicit annual target, and the final target after the end', () => {
    expect(yearTarget(path, 2023)?.value).toBeCloseTo(4129.5 * (8000 / 4129.5) ** 0.6, 9);
    expect(yearTarget(path, 2023)?.basis).toBe('path');
    expect(yearTarget(path, 2027)).toEqual({ year: 2027, value: 8000, basis: 'final_target' });
    const withAnnual = targetPoints({ t: 2020, value: 100 }, { t: 2025, value: 200 }, [
      { year: 2022, value: 121 },
    ]);
    expect(yearTarget(withAnnual, 2022)).toEqual({ year: 2022, value: 121, basis: 'annual_target' });
    expect(expectedOnPoints(withAnnual, 2021)).toBeCloseTo(110, 9);
  });
});

describe('1–N月累计 against the year target', () => {
  it('states completion, the time-proportional gap in points and puts the light on the seasonal share', () => {
    const f = ytdFigures({
      value: 45,
      months: 6,
      yearTarget: yt,
      seasonal: [
        { year: 2022, share: 0.44 },
        { year: 2021, share: 0.42 },
      ],
      prefer: 'seasonal',
      direction: 'higher',
    });
    expect(f.completion).toBe(0.45);
    expect(f.time_gap_points).toBeCloseTo(-5, 12);
    expect(f.seasonal_share).toBeCloseTo(0.43, 12);
    expect(f.seasonal_gap_points).toBeCloseTo(2, 12);
    expect(f.light_on).toBe('seasonal_average');
    expect(f.expected).toBeCloseTo(43, 12);
    expect(f.status).toBe('green');
  });

  it('falls back to N/12 without earlier years, or when the plan asks for it', () => {
    const input = { value: 45, months: 6, yearTarget: yt, direction: 'higher' as const };
    const none = ytdFigures({ ...input, seasonal: [], prefer: 'seasonal' });
    expect(none.light_on).toBe('time_proportional');
    expect(none.status).toBe('red');
    const chosen = ytdFigures({
      ...input,
      seasonal: [{ year: 2022, share: 0.4 }],
      prefer: 'time_proportional',
    });
    expect(chosen.light_on).toBe('time_proportional');
    expect(chosen.seasonal_gap_points).toBeCloseTo(5, 12);
  });

  it('names the method and the time-proportional figure in the explanation', () => {
    const e = explainYtd({
      value: 45,
      months: 6,
      yearTarget: yt,
      seasonal: [{ year: 2022, share: 0.44 }],
      prefer: 'seasonal',
      direction: 'higher',
    });
    expect(e.method).toContain('seasonal_previous_year');
    expect(e.formula).toContain('完成全年目标的45.0%');
    expect(e.formula).toContain('序时进度 6/12 = 50.0% → -5个百分点');
    expect(e.formula).toContain('seasonal expectation 44.0% (share of 1–6月 in the year, 2022) → +1个百分点');
  });
});
