import { describe, expect, it } from 'vitest';
import { projectionPath, schedulePath } from './target-path.js';

describe('target lines', () => {
  it('the schedule path grows at a constant rate from the baseline to the target, exact at both ends', () => {
    const path = schedulePath({
      baseline: { year: 2020, value: 100 },
      target: { year: 2022, value: 121, comparator: '>=' },
    });
    expect(path.map((p) => p.year)).toEqual([2020, 2021, 2022]);
    expect(path[0]?.value).toBe(100);
    expect(path[1]?.value).toBeCloseTo(110, 10);
    expect(path[2]?.value).toBe(121);
  });

  it('no path without a baseline or a target', () => {
    expect(schedulePath({ baseline: null, target: { year: 2025, value: 1, comparator: '>=' } })).toEqual([]);
    expect(schedulePath({ baseline: { year: 2020, value: 1 }, target: null })).toEqual([]);
  });

  it('the projection continues the trailing growth from the latest full year to the target year', () => {
    const line = projectionPath(
      { target: { year: 2025, value: 8000, comparator: '>=' }, avg_growth_since_baseline: 0.1 },
      { year: 2023, value: 5000 },
    );
    expect(line).toEqual([
      { year: 2023, value: 5000 },
      { year: 2024, value: 5500 },
      { year: 2025, value: 5000 * 1.1 ** 2 },
    ]);
  });

  it('no projection without growth or a full year', () => {
    const target = { year: 2025, value: 8000, comparator: '>=' };
    expect(projectionPath({ target, avg_growth_since_baseline: null }, { year: 2023, value: 1 })).toEqual([]);
    expect(projectionPath({ target, avg_growth_since_baseline: 0.1 }, null)).toEqual([]);
  });
});
