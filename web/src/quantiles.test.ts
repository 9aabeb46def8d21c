import { describe, expect, it } from 'vitest';
import { quantileClasses } from './quantiles.js';

describe('quantile classes for the districts map', () => {
  it('split the districts into classes of about equal count, not equal width', () => {
    // One district 100 times the others: a linear scale would put 9 of 10 in its lowest fifth.
    const values = [1, 2, 3, 4, 5, 6, 7, 8, 9, 1000];
    expect(quantileClasses(values, 5)).toEqual([
      { min: 1, max: 2 },
      { min: 2, max: 4 },
      { min: 4, max: 6 },
      { min: 6, max: 8 },
      { min: 8, max: 1000 },
    ]);
  });

  it('give fewer classes when values repeat, and one class for a single value', () => {
    expect(quantileClasses([5, 5, 5, 5, 9], 5)).toEqual([{ min: 5, max: 9 }]);
    expect(quantileClasses([7], 5)).toEqual([{ min: 7, max: 7 }]);
    expect(quantileClasses([], 5)).toEqual([]);
  });
});
