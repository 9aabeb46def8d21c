import type { Direction, Tolerances } from '../../plan/plan-types.js';
import type { ScheduleStatus } from '../indicator-result.js';
import { type Explanation, formatNumber, formatPercent, isNumber } from './explained-figure.js';
import { DEFAULT_TOLERANCES, scheduleGap, scheduleStatus } from './schedule-progress.js';
import type { YearTargetBasis } from './year-target.js';

/** Which expectation a sub-year light is on (language-neutral codes; zh/en in judgement-methods.ts). */
export type YtdMethod = 'seasonal_previous_year' | 'seasonal_average' | 'time_proportional';

/** One earlier year's share of 1–N月 in its whole year. */
export interface SeasonalShare {
  year: number;
  share: number;
}

export interface YtdInput {
  /** The cumulative value 1–N月 of the year. */
  value: number | null;
  months: number;
  yearTarget: { year: number; value: number; basis: YearTargetBasis };
  /** Earlier years' shares of 1–N月 (most recent first); empty when none is known. */
  seasonal: readonly SeasonalShare[];
  /** The plan's choice: the light on the seasonal expectation (when one is known) or on N/12. */
  prefer: 'seasonal' | 'time_proportional';
  direction: Direction;
  tolerances?: Tolerances;
}

/** The year-to-date judgement: completion of the year's target, against N/12 and the seasonal share. */
export interface YtdFigures {
  value: number | null;
  months: number;
  year_target: { year: number; value: number; basis: YearTargetBasis };
  /** value / the year's target (完成全年目标的X%). */
  completion: number | null;
  /** N/12 (序时进度). */
  time_share: number;
  /** completion − N/12 in 百分点 (negated for direction 'lower'). */
  time_gap_points: number | null;
  /** The average share of 1–N月 over `seasonal_years`, or null without earlier years' months. */
  seasonal_share: number | null;
  seasonal_years: number[];
  seasonal_gap_points: number | null;
  /** The expectation the light is on (seasonal falls back to time-proportional when no share is known). */
  light_on: YtdMethod;
  expected: number | null;
  /** (value − expected)/|expected|, as for 序时进度. */
  gap: number | null;
  status: ScheduleStatus | null;
}

/**
 * Judges 1–N月累计 against the year's target, the way statistical bureaus phrase it: 完成全年目标的X%,
 * 超/低于序时进度 (N/12) Y个百分点, and the seasonal expectation (earlier years' share of 1–N月 in the year),
 * with the light on the plan's choice. A full year (N = 12) has both shares 1.
 *
 * @example
 * ytdFigures({ value: 45, months: 6, yearTarget: { year: 2025, value: 100, basis: 'path' },
 *   seasonal: [{ year: 2024, share: 0.44 }], prefer: 'seasonal', direction: 'higher' });
 * // completion 0.45, time_gap_points −5, seasonal_gap_points 1, expected 44, status 'green'
 */
export function ytdFigures(input: YtdInput): YtdFigures {
  const { value, months, yearTarget, seasonal, direction } = input;
  const sign = direction === 'lower' ? -1 : 1;
  const completion = isNumber(value) && yearTarget.value !== 0 ? value / yearTarget.value : null;
  const timeShare = months / 12;
  const seasonalShare =
    months === 12 ? 1 : seasonal.length ? seasonal.reduce((s, x) => s + x.share, 0) / seasonal.length : null;
  const points = (share: number | null): number | null =>
    completion === null || share === null ? null : sign * (completion - share) * 100;
  const method: YtdMethod =
    input.prefer === 'seasonal' && seasonalShare !== null && months < 12
      ? seasonal.length === 1
        ? 'seasonal_previous_year'
        : 'seasonal_average'
      : 'time_proportional';
  const share = method === 'time_proportional' ? timeShare : (seasonalShare as number);
  const expected = yearTarget.value * share;
  const gap = scheduleGap(value, expected, direction);
  return {
    value,
    months,
    year_target: yearTarget,
    completion,
    time_share: timeShare,
    time_gap_points: points(timeShare),
    seasonal_share: seasonalShare,
    seasonal_years: months === 12 ? [] : seasonal.map((s) => s.year),
    seasonal_gap_points: points(seasonalShare),
    light_on: method,
    expected,
    gap,
    status: scheduleStatus(gap, input.tolerances ?? DEFAULT_TOLERANCES),
  };
}

const BASIS: Record<YearTargetBasis, string> = {
  annual_target: "the plan's annual target (年度目标)",
  path: 'on the constant-growth path from baseline to target',
  final_target: "the plan's final target (years after the plan compare with it)",
};

/** {@link ytdFigures} with its explanation: both expectations with their numbers, the method the light is on. */
export function explainYtd(input: YtdInput): YtdFigures & Explanation {
  const f = ytdFigures(input);
  const t = f.year_target;
  const span = f.months === 12 ? `${t.year}` : `${t.year} 1–${f.months}月累计`;
  const pts = (x: number | null): string =>
    x === null ? 'n/a' : `${x >= 0 ? '+' : ''}${formatNumber(x)}个百分点`;
  const seasonal =
    f.seasonal_share === null
      ? 'seasonal expectation n/a (no earlier year with all of 1–12月)'
      : f.months === 12
        ? 'seasonal share of a full year = 100%'
        : `seasonal expectation ${formatPercent(f.seasonal_share, 1)} (share of 1–${f.months}月 in the year, ${f.seasonal_years.length === 1 ? `${f.seasonal_years[0]}` : `average of ${f.seasonal_years.join(', ')}`}) → ${pts(f.seasonal_gap_points)}`;
  const light = f.status
    ? `light on ${f.light_on}: expected ${formatNumber(f.expected)}, gap ${formatPercent(f.gap)} → ${f.status}`
    : 'no light (value missing)';
  return {
    ...f,
    formula:
      `${span} ${formatNumber(f.value)} / ${t.year} target ${formatNumber(t.value)} (${BASIS[t.basis]}) = 完成全年目标的${formatPercent(f.completion, 1)}; ` +
      `time-proportional 序时进度 ${f.months}/12 = ${formatPercent(f.time_share, 1)} → ${pts(f.time_gap_points)}; ${seasonal}; ${light}`,
    method: `${f.light_on}: ${YTD_METHOD_TEXT[f.light_on].en}`,
  };
}

/** The methods' names in both languages, for the edges (CLI, reports, web). */
export const YTD_METHOD_TEXT: Record<YtdMethod, { zh: string; en: string }> = {
  seasonal_previous_year: {
    zh: '季节进度：按上年1—N月占全年的比重',
    en: "seasonal expectation: the previous year's share of months 1–N in the year",
  },
  seasonal_average: {
    zh: '季节进度：按近几年1—N月占全年比重的平均',
    en: 'seasonal expectation: the average share of months 1–N in the year over recent years',
  },
  time_proportional: {
    zh: '序时进度：按时间比例N/12',
    en: "time-proportional: N/12 of the year's target",
  },
};
