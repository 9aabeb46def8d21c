import { formatPeriod } from '../domain/period.js';
import type { Tolerances } from '../plan/plan-types.js';
import type { PairAt, PeriodAt } from './evaluate-indicators.js';
import type { IndicatorResult, Verdict } from './indicator-result.js';
import {
  completionRatio,
  type Explanation,
  expectedOnPoints,
  explainYtd,
  formatNumber,
  formatPercent,
  meetsTarget,
  type SeasonalShare,
  scheduleGap,
  scheduleStatus,
  yearTarget,
  ytdFigures,
} from './maths/index.js';

/** What a pair's target says about one period: the light (or the verdict) and the year-to-date figures. */
export interface TargetJudgement {
  schedule: IndicatorResult['schedule'];
  ytd: IndicatorResult['ytd'];
  verdict: Verdict | null;
  /** The explanation of the judgement, with its method code (only when asked to explain). */
  explanation?: Explanation & { of: string; method_code: string };
}

/**
 * Judges a period against the pair's target:
 * - a complete year at or after the target year (a year, 2025-12, 2025-Q4 or 1–12月 of it) is a verdict:
 *   已完成 / 未完成 with the completion, against the final target;
 * - a flow is judged by its 1–N月累计 against the year's target (年度目标, else the constant-growth path,
 *   after the plan's end the final target) at the seasonal or time-proportional share (ytd-figures);
 *   a single month or a quarter carries the light of the 1–N月累计 it ends;
 * - a stock, count or share is compared with the path (through any annual targets) at the period's end.
 */
export function judgeTarget(
  pair: PairAt,
  p: PeriodAt,
  settings: { prefer: 'seasonal' | 'time_proportional'; tolerances: Tolerances },
  explain: boolean,
): TargetJudgement {
  const none: TargetJudgement = { schedule: null, ytd: null, verdict: null };
  const { target, points, series, indicator, flow } = pair;
  if (!target) return none;
  const direction = indicator.direction;
  const value = series.values[p.self] ?? null;
  const judged = flow ? (series.values[p.cumulative] ?? null) : value;

  if (p.months === 12 && p.period.year >= target.year) {
    const verdict: Verdict = {
      year: p.period.year,
      value: judged,
      target: { year: target.year, value: target.value, comparator: target.comparator },
      achieved: judged === null ? null : meetsTarget(judged, target, direction),
      completion: completionRatio(judged, target.value),
    };
    const word =
      verdict.achieved === null ? 'no value' : verdict.achieved ? '已完成 achieved' : '未完成 not achieved';
    return {
      ...none,
      verdict,
      ...(explain && {
        explanation: {
          of: 'verdict',
          method_code: 'verdict',
          method:
            'verdict: a complete year at or after the target year is judged against the final target, without projection',
          formula: `${p.period.year} ${formatNumber(judged)} ${target.comparator} ${formatNumber(target.value)} (${target.year} target) → ${word}, completion ${formatPercent(verdict.completion, 1)}`,
        },
      }),
    };
  }
  if (!points) return none;

  if (flow) {
    const yt = yearTarget(points, p.period.year);
    if (!yt) return none;
    const seasonal: SeasonalShare[] = [];
    for (const s of p.seasonal) {
      const part = series.values[s.part] ?? null;
      const whole = series.values[s.whole] ?? null;
      if (part !== null && whole !== null && whole > 0) seasonal.push({ year: s.year, share: part / whole });
    }
    const input = {
      value: judged,
      months: p.months,
      yearTarget: yt,
      seasonal,
      prefer: settings.prefer,
      direction,
      tolerances: settings.tolerances,
    };
    if (explain) {
      const { formula, method, ...ytd } = explainYtd(input);
      return {
        ...judgementOf(ytd),
        explanation: {
          of: 'schedule',
          method_code: ytd.light_on,
          method,
          formula: `year target along ${pathText(points)}; ${formula}`,
        },
      };
    }
    return judgementOf(ytdFigures(input));
  }

  const expected = expectedOnPoints(points, p.endYear);
  const gap = scheduleGap(value, expected, direction);
  const status = scheduleStatus(gap, settings.tolerances);
  return {
    ...none,
    schedule: value === null ? null : { expected, gap, status },
    ...(explain &&
      value !== null && {
        explanation: {
          of: 'schedule',
          method_code: 'path',
          method:
            'constant-growth path from baseline through any annual targets to the target, at the period end (序时进度); after the target year the final target',
          formula: `${pathText(points)}; expected at ${formatNumber(p.endYear)} = ${formatNumber(expected)}; gap = ${formatPercent(gap)} → ${status ?? 'n/a'}`,
        },
      }),
  };
}

function pathText(points: readonly { t: number; value: number }[]): string {
  return `path ${points.map((x) => `${formatNumber(x.t)}: ${formatNumber(x.value)}`).join(' → ')}`;
}

function judgementOf(ytd: NonNullable<IndicatorResult['ytd']>): TargetJudgement {
  return {
    schedule: ytd.value === null ? null : { expected: ytd.expected, gap: ytd.gap, status: ytd.status },
    ytd,
    verdict: null,
  };
}

/** The grid key of 1–N月累计 of a year. */
export function cumulativeKey(year: number, months: number): string {
  return formatPeriod({ kind: 'range', year, from: 1, to: months });
}
