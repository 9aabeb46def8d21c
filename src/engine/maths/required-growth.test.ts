import { describe, expect, it } from 'vitest';
import { requiredGrowth } from './required-growth.js';

describe('required average growth to reach the target', () => {
  it('online retail at 5500亿 in 2023 needs 20.60% a year to reach 8000亿 in 2025', () => {
    const r = requiredGrowth({ current: { t: 2023, value: 5500 }, target: { t: 2025, value: 8000 } });
    expect(r.value).toBeCloseTo(0.2060453783, 9);
    expect(r.formula).toBe('(8000/5500)^(1/(2025 − 2023)) − 1 = 20.60%');
  });

  it('counts fractional years from a mid-year value (t = 2022.5)', () => {
    const r = requiredGrowth({ current: { t: 2022.5, value: 5200 }, target: { t: 2025, value: 8000 } });
    expect(r.value).toBeCloseTo(0.1880498323, 9);
  });

  it('is negative once the target is already exceeded', () => {
    const r = requiredGrowth({ current: { t: 2024, value: 8800 }, target: { t: 2025, value: 8000 } });
    expect(r.value).toBeCloseTo(8000 / 8800 - 1, 12);
  });

  it('is null at or after the target year, or from a non-positive value', () => {
    expect(
      requiredGrowth({ current: { t: 2025, value: 7000 }, target: { t: 2025, value: 8000 } }).value,
    ).toBeNull();
    expect(
      requiredGrowth({ current: { t: 2026, value: 7000 }, target: { t: 2025, value: 8000 } }).value,
    ).toBeNull();
    expect(
      requiredGrowth({ current: { t: 2023, value: 0 }, target: { t: 2025, value: 8000 } }).value,
    ).toBeNull();
    expect(requiredGrowth({ current: null, target: { t: 2025, value: 8000 } }).value).toBeNull();
  });
});
