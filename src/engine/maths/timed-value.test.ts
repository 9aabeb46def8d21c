import { describe, expect, it } from 'vitest';
import { parsePeriod } from '../../domain/period.js';
import { timedValue } from './timed-value.js';

describe('placing values on the time axis', () => {
  it('puts a value at the end of its period', () => {
    expect(timedValue(2020, 22637.5)).toEqual({ t: 2020, value: 22637.5 });
    expect(timedValue(parsePeriod('2023'), 1).t).toBe(2023);
    expect(timedValue(parsePeriod('2023-06'), 1).t).toBe(2022.5);
    expect(timedValue(parsePeriod('2023-Q2'), 1).t).toBe(2022.5);
    expect(timedValue(parsePeriod('2023-01/2023-06'), 1).t).toBe(2022.5);
    expect(timedValue(parsePeriod('2023-12'), 1).t).toBe(2023);
  });
});
