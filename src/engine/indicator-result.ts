import type { CountedEntity } from '../registry/counted-entities.js';
import type { YtdFigures } from './maths/year-to-date.js';

/**
 * One evaluated indicator for one area and period: what `ecmon indicators --format json` prints and the
 * dashboard API serves. Fields that do not apply are `null`, never absent.
 */
export type YoyBasis = 'published_comparable' | 'naive' | null;
export type ScheduleStatus = 'green' | 'yellow' | 'red';
export type ProgressStatus =
  | 'target_achieved'
  | 'substantial_progress'
  | 'moderate_progress'
  | 'limited_progress'
  | 'deterioration'
  | 'not_available';

/** The outcome of a complete year at or after the target year, against the (final) target. */
export interface Verdict {
  year: number;
  value: number | null;
  target: { year: number; value: number; comparator: string };
  achieved: boolean | null;
  completion: number | null;
}

/** One input a computed value rests on: a measure's value for an area and period, and where it came from. */
export interface ComponentInput {
  measure: string;
  area: string;
  period: string;
  value: number | null;
  unit: string;
  /** Plan section, document, or `batch:<id>` (a long list of batches is shortened here; see `batches`). */
  source: string | null;
  /** Every batch the value rests on (lineage), when it comes from batches. */
  batches?: string[];
  simulated?: boolean;
}

/** How one figure was computed: the formula, its inputs, and the method. */
export interface Component {
  /** Which figure this explains: value, yoy, avg_growth_since_baseline, completion, schedule, required_growth, projection, progress. */
  of: string;
  formula: string;
  method: string;
  inputs: ComponentInput[];
  /** A language-neutral code of the judgement method (seasonal_average, time_proportional, verdict, path…). */
  method_code?: string;
  /** Anything the reader should know (e.g. the published rate disagrees with the one implied by the levels). */
  note?: string;
  /** For a count from the registry (`of: counted_entities`): the entities counted. */
  entities?: CountedEntity[];
}

export interface IndicatorResult {
  indicator: string;
  name: string;
  area: string;
  period: string;
  value: number | null;
  unit: string;
  yoy: { value: number | null; naive: number | null; basis: YoyBasis } | null;
  mom: number | null;
  baseline: { year: number; value: number } | null;
  target: { year: number; value: number; comparator: string } | null;
  multiple_of_baseline: number | null;
  avg_growth_since_baseline: number | null;
  completion: number | null;
  schedule: { expected: number | null; gap: number | null; status: ScheduleStatus | null } | null;
  required_growth: number | null;
  projection: { year: number; value: number | null; meets_target: boolean | null } | null;
  progress: { method: 1 | 2; p: number | null; score: number | null; status: ProgressStatus } | null;
  /**
   * For a flow with a target, the judgement of 1–N月累计 (the months of the period's year up to its end)
   * against the year's target: the light of a month, a quarter and 1–N月累计 ending in the same month is
   * this one (`schedule` repeats its expected value, gap and status). Null for a closed target year.
   */
  ytd: YtdFigures | null;
  /**
   * A complete year at or after the target year: 已完成 / 未完成 with the completion; no schedule,
   * required growth or projection then.
   */
  verdict: Verdict | null;
  /** True when any input is simulated data. */
  simulated: boolean;
  components: Component[];
}
