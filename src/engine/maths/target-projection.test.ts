import { describe, expect, it } from 'vitest';
import { meetsTarget, projectToTargetYear } from './target-projection.js';

describe('projection to the target year at the trailing average growth', () => {
  it('online retail 4129.5 (2020) → 5500 (2023) grows 10.02% a year and reaches 6657.9 in 2025, missing ≥8000', () => {
    const p = projectToTargetYear({
      base: { t: 2020, value: 4129.5 },
      current: { t: 2023, value: 5500 },
      target: { year: 2025, value: 8000, comparator: '>=' },
      direction: 'higher',
    });
    expect(p.growth).toBeCloseTo(0.1002424735, 9);
    expect(p.value).toBeCloseTo(6657.934253, 5);
    expect(p.meetsTarget).toBe(false);
    expect(p.year).toBe(2025);
    expect(p.formula).toBe(
      'g = (5500/4129.5)^(1/(2023 − 2020)) − 1 = 10.02%; 5500 × (1 + 10.02%)^(2025 − 2023) = 6657.9343 (misses target >= 8000)',
    );
  });

  it('transactions at 36000 in 2023 project to 49047.7 in 2025 and meet ≥40000', () => {
    const p = projectToTargetYear({
      base: { t: 2020, value: 22637.5 },
      current: { t: 2023, value: 36000 },
      target: { year: 2025, value: 40000, comparator: '>=' },
      direction: 'higher',
    });
    expect(p.value).toBeCloseTo(49047.686331, 5);
    expect(p.meetsTarget).toBe(true);
  });

  it('is null when the latest value is not after the baseline or has passed the target year', () => {
    const base = { t: 2020, value: 4129.5 };
    const target = { year: 2025, value: 8000, comparator: '>=' as const };
    expect(
      projectToTargetYear({ base, current: { t: 2020, value: 4129.5 }, target, direction: 'higher' }).value,
    ).toBeNull();
    expect(
      projectToTargetYear({ base, current: { t: 2026, value: 9000 }, target, direction: 'higher' }).value,
    ).toBeNull();
    expect(projectToTargetYear({ base, current: null, target, direction: 'higher' }).meetsTarget).toBeNull();
    const zeroBase = projectToTargetYear({
      base: { t: 2020, value: 0 },
      current: { t: 2023, value: 5 },
      target,
      direction: 'higher',
    });
    expect(zeroBase.value).toBeNull();
    expect(zeroBase.formula).toBe('n/a: baseline 0 is not positive');
  });
});

describe('meeting a target by its comparator', () => {
  it('applies each comparator', () => {
    expect(meetsTarget(8000, { value: 8000, comparator: '>=' }, 'higher')).toBe(true);
    expect(meetsTarget(8000, { value: 8000, comparator: '>' }, 'higher')).toBe(false);
    expect(meetsTarget(5, { value: 5, comparator: '<=' }, 'lower')).toBe(true);
    expect(meetsTarget(5, { value: 5, comparator: '<' }, 'lower')).toBe(false);
  });

  it('reads "=" as reaching at least the target when higher is better, at most when lower is better', () => {
    expect(meetsTarget(12, { value: 10, comparator: '=' }, 'higher')).toBe(true);
    expect(meetsTarget(9, { value: 10, comparator: '=' }, 'higher')).toBe(false);
    expect(meetsTarget(9, { value: 10, comparator: '=' }, 'lower')).toBe(true);
    expect(meetsTarget(12, { value: 10, comparator: '=' }, 'lower')).toBe(false);
  });
});
