import { describe, expect, it } from 'vitest';
import { completion } from './target-completion.js';

describe('target completion', () => {
  it('is actual over target as a fraction', () => {
    const c = completion(6000, 8000);
    expect(c.value).toBe(0.75);
    expect(c.formula).toBe('6000/8000 = 75.00%');
    expect(completion(30000, 40000).value).toBe(0.75);
    expect(completion(12, 10).value).toBeCloseTo(1.2, 12);
  });

  it('is null for a zero or missing target', () => {
    expect(completion(5, 0).value).toBeNull();
    expect(completion(null, 8000).value).toBeNull();
  });
});
