import { describe, expect, it } from 'vitest';
import { aggregateProgress, scoreStatus } from './progress-aggregate.js';

describe('progress of an indicator with several series', () => {
  it('is the mean of the series scores, banded', () => {
    const r = aggregateProgress([
      { score: 4.6224, status: 'substantial_progress' },
      { score: 0.7187, status: 'moderate_progress' },
      { score: -1.504, status: 'limited_progress' },
    ]);
    expect(r.score).toBeCloseTo((4.6224 + 0.7187 - 1.504) / 3, 12);
    expect(r.status).toBe('moderate_progress');
    expect(r.formula).toBe('mean(4.6224, 0.7187, -1.504) = 1.279 → moderate_progress');
  });

  it('leaves out series without a score', () => {
    const r = aggregateProgress([
      { score: null, status: 'not_available' },
      { score: 3, status: 'substantial_progress' },
    ]);
    expect(r.score).toBe(3);
    expect(r.status).toBe('substantial_progress');
    expect(r.formula).toBe('mean(3) = 3 → substantial_progress (1 series without a score left out)');
  });

  it('is target_achieved only when every series achieved its target', () => {
    const achieved = { score: 5, status: 'target_achieved' as const };
    expect(aggregateProgress([achieved, achieved]).status).toBe('target_achieved');
    const mixed = aggregateProgress([achieved, achieved, { score: -3, status: 'deterioration' }]);
    expect(mixed.status).toBe('moderate_progress');
    expect(mixed.score).toBeCloseTo(7 / 3, 12);
    expect(aggregateProgress([achieved, { score: null, status: 'not_available' }]).status).toBe(
      'substantial_progress',
    );
  });

  it('is not available when no series has a score', () => {
    const r = aggregateProgress([{ score: null, status: 'not_available' }]);
    expect(r.score).toBeNull();
    expect(r.status).toBe('not_available');
    expect(aggregateProgress([]).status).toBe('not_available');
  });

  it('bands scores at 2.5, 0 and −2.5, each boundary belonging to the band above', () => {
    expect(scoreStatus(5)).toBe('substantial_progress');
    expect(scoreStatus(2.5)).toBe('substantial_progress');
    expect(scoreStatus(2.4999)).toBe('moderate_progress');
    expect(scoreStatus(0)).toBe('moderate_progress');
    expect(scoreStatus(-0.0001)).toBe('limited_progress');
    expect(scoreStatus(-2.5)).toBe('limited_progress');
    expect(scoreStatus(-2.5001)).toBe('deterioration');
    expect(scoreStatus(-5)).toBe('deterioration');
  });
});
