import type { ProgressStatus } from '../indicator-result.js';
import { type Explanation, formatNumber } from './explained-figure.js';
import { atLeast, PROGRESS_TOLERANCE } from './judgement-tolerance.js';

/** The progress of an indicator made of several series (areas or breakdowns). */
export interface AggregateProgress extends Explanation {
  score: number | null;
  status: ProgressStatus;
}

const METHOD = 'Open SDG progress of an indicator with several series: mean of the series scores';

/** The status band of an aggregate score: [2.5, 5] substantial, [0, 2.5) moderate, [−2.5, 0) limited, [−5, −2.5) deterioration. */
export function scoreStatus(score: number): ProgressStatus {
  // Within PROGRESS_TOLERANCE (judgement-tolerance.ts): a mean computed as 2.4999999999999996 is 2.5.
  if (atLeast(score, 2.5, PROGRESS_TOLERANCE)) return 'substantial_progress';
  if (atLeast(score, 0, PROGRESS_TOLERANCE)) return 'moderate_progress';
  if (atLeast(score, -2.5, PROGRESS_TOLERANCE)) return 'limited_progress';
  return 'deterioration';
}

/**
 * Combines the progress of several series: the mean of their non-null scores, banded by {@link scoreStatus};
 * `target_achieved` only when every series achieved its target; `not_available` when no series has a score.
 */
export function aggregateProgress(
  series: { score: number | null; status: ProgressStatus }[],
): AggregateProgress {
  const scores = series.flatMap((s) => (s.score === null ? [] : [s.score]));
  const left = series.length - scores.length;
  const leftOut = left > 0 ? ` (${left} series without a score left out)` : '';
  if (scores.length === 0) {
    return {
      score: null,
      status: 'not_available',
      formula: `no series has a score${leftOut}`,
      method: METHOD,
    };
  }
  const score = scores.reduce((a, b) => a + b, 0) / scores.length;
  const status = series.every((s) => s.status === 'target_achieved') ? 'target_achieved' : scoreStatus(score);
  return {
    score,
    status,
    formula: `mean(${scores.map((s) => formatNumber(s)).join(', ')}) = ${formatNumber(score)} → ${status}${leftOut}`,
    method: METHOD,
  };
}
