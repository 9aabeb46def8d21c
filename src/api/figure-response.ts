/** Engine results shaped into the contract's figures: named fields copied, statuses as the contract's codes. */
import type { ScheduleStatus as EngineScheduleStatus, IndicatorResult } from '../engine/indicator-result.js';
import type { ExplainedFigure, IndicatorFigure, ScheduleStatus } from './contract/schemas.js';

const SCHEDULE: Record<EngineScheduleStatus, ScheduleStatus> = {
  green: 'on_track',
  yellow: 'slightly_behind',
  red: 'behind',
};

export function indicatorFigure(r: IndicatorResult): IndicatorFigure {
  return {
    indicator: r.indicator,
    name: r.name,
    area: r.area,
    period: r.period,
    value: r.value,
    unit: r.unit,
    yoy: r.yoy && { value: r.yoy.value, naive: r.yoy.naive, basis: r.yoy.basis },
    mom: r.mom,
    baseline: r.baseline && { year: r.baseline.year, value: r.baseline.value },
    target: r.target && { year: r.target.year, value: r.target.value, comparator: r.target.comparator },
    multiple_of_baseline: r.multiple_of_baseline,
    avg_growth_since_baseline: r.avg_growth_since_baseline,
    completion: r.completion,
    schedule: r.schedule && {
      expected: r.schedule.expected,
      gap: r.schedule.gap,
      status: r.schedule.status && SCHEDULE[r.schedule.status],
    },
    required_growth: r.required_growth,
    projection: r.projection && {
      year: r.projection.year,
      value: r.projection.value,
      meets_target: r.projection.meets_target,
    },
    progress: r.progress && {
      method: r.progress.method,
      p: r.progress.p,
      score: r.progress.score,
      status: r.progress.status,
    },
    simulated: r.simulated,
  };
}

export function explainedFigure(r: IndicatorResult): ExplainedFigure {
  return {
    ...indicatorFigure(r),
    components: r.components.map((c) => ({
      of: c.of,
      formula: c.formula,
      method: c.method,
      inputs: c.inputs.map((i) => ({ ...i })),
      ...(c.note ? { note: c.note } : {}),
    })),
  };
}
