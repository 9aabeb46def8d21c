import { type Period, periodEndYear } from '../../domain/period.js';

/**
 * A value placed on a continuous time axis, `t` in years. Every function here measures time the same way:
 * a value sits at the END of its period, `t = periodEndYear(period)`. So a plan's baseline year 2020 is
 * t = 2020, the full year 2023 is t = 2023, the month 2023-06 (and 2023-Q2, and 1–6月累计 2023) is
 * t = 2022.5, and 2023-12 is t = 2023 like the full year.
 */
export interface TimedValue {
  t: number;
  value: number;
}

/** Places a value at the end of a period, or at the end of a year given as a number (a baseline or target year). */
export function timedValue(when: Period | number, value: number): TimedValue {
  return { t: typeof when === 'number' ? when : periodEndYear(when), value };
}
