/**
 * The indicator maths: pure functions over plain numbers, each returning its value with a `formula` and a
 * `method` (see {@link Explanation}). Growth rates, completion and gaps are fractions; shares and
 * contributions are percent; share changes and pulls are percentage points. Time is measured in years with
 * a value at the end of its period (see {@link TimedValue}).
 */
export {
  avgAnnualGrowth,
  avgAnnualGrowthRate,
  avgAnnualGrowthSince,
  impliedAvgGrowthFromMultiple,
  multiple,
  multipleOfBaseline,
} from './average-annual-growth.js';
export { contribution, type PartOfTotal, pull } from './contribution-pull.js';
export {
  type Explanation,
  type Figure,
  formatNumber,
  formatPercent,
  formatPoints,
  NOT_AVAILABLE,
} from './explained-figure.js';
export { growthRate, mom, type YoyGrowth, yoy, yoyRates } from './growth-rate.js';
export {
  atLeast,
  GAP_TOLERANCE,
  PROGRESS_TOLERANCE,
  VALUE_TOLERANCE,
  valueAtLeast,
  valueAtMost,
} from './judgement-tolerance.js';
export { type AggregateProgress, aggregateProgress, scoreStatus } from './progress-aggregate.js';
export {
  limitCoefficient,
  METHODOLOGY_1_THRESHOLDS,
  METHODOLOGY_2_THRESHOLDS,
  type OpenSdgProgress,
  type ProgressFigures,
  type ProgressInput,
  type ProgressThresholds,
  progressFigures,
  progressOpenSdg,
  progressScore,
  progressScoreValue,
  progressStatus,
} from './progress-open-sdg.js';
export { requiredGrowth, requiredGrowthRate } from './required-growth.js';
export {
  DEFAULT_TOLERANCES,
  expectedOnPath,
  expectedValueOnPath,
  type GrowthPath,
  type ScheduleInput,
  type ScheduleResult,
  schedule,
  scheduleFigures,
  scheduleGap,
  scheduleStatus,
} from './schedule-progress.js';
export { share, shareBeforeChange, shareChangePoints } from './share-points.js';
export { checkStatedAvgGrowth, type StatedGrowthCheck } from './stated-growth-consistency.js';
export { completion, completionRatio } from './target-completion.js';
export {
  meetsTarget,
  type Projection,
  projectionFigures,
  projectToTargetYear,
  type TargetCondition,
} from './target-projection.js';
export { type TimedValue, timedValue } from './timed-value.js';
export { expectedOnPoints, targetPoints, type YearTargetBasis, yearTarget } from './year-target.js';
export {
  explainYtd,
  type SeasonalShare,
  YTD_METHOD_TEXT,
  type YtdFigures,
  type YtdMethod,
  ytdFigures,
} from './year-to-date.js';
