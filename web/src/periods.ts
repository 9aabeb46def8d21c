/** Period choices offered by the selectors, and how a period maps to another frequency. */

import {
  formatPeriod as canonical,
  monthSpan,
  parsePeriod,
} from '../../src/api/contract/periods-and-units.js';
import type { Frequency } from '../../src/api/contract/schemas.js';

export const FREQUENCIES: readonly Frequency[] = ['month', 'quarter', 'year', 'cumulative'];

const pad = (n: number) => String(n).padStart(2, '0');

/** The frequency a period string belongs to: `2024-01/2024-05` → cumulative. */
export function frequencyOf(period: string): Frequency {
  const kind = parsePeriod(period).kind;
  return kind === 'range' ? 'cumulative' : kind;
}

/** The latest complete year: the year of `latestMonth` when it is December, else the year before. */
export function latestFullYear(latestMonth: string | null, baseYear: number): number {
  if (!latestMonth) return baseYear;
  const [year, month] = latestMonth.split('-').map(Number) as [number, number];
  return month === 12 ? year : year - 1;
}

/** Every period of a frequency from `firstYear` to `latestMonth`, newest first. Years must be complete. */
export function periodOptions(frequency: Frequency, firstYear: number, latestMonth: string | null): string[] {
  const [lastYear, lastMonth] = latestMonth
    ? (latestMonth.split('-').map(Number) as [number, number])
    : [firstYear, 12];
  const out: string[] = [];
  for (let year = lastYear; year >= firstYear; year--) {
    const months = year === lastYear ? lastMonth : 12;
    if (frequency === 'year') {
      if (months === 12) out.push(String(year));
      continue;
    }
    for (let m = months; m >= 1; m--) {
      if (frequency === 'month') out.push(`${year}-${pad(m)}`);
      if (frequency === 'cumulative') out.push(`${year}-01/${year}-${pad(m)}`);
      if (frequency === 'quarter' && m % 3 === 0) out.push(`${year}-Q${m / 3}`);
    }
  }
  return out;
}

/**
 * The period of another frequency that ends where this one ends (or the last complete one before):
 * `2024-01/2024-05` → month `2024-05`, quarter `2024-Q1`, year `2023`.
 */
export function convertPeriod(period: string, frequency: Frequency): string {
  const { year, to } = monthSpan(parsePeriod(period));
  switch (frequency) {
    case 'month':
      return `${year}-${pad(to)}`;
    case 'cumulative':
      return `${year}-01/${year}-${pad(to)}`;
    case 'quarter':
      return to >= 3 ? `${year}-Q${Math.floor(to / 3)}` : `${year - 1}-Q4`;
    case 'year':
      return to === 12 ? String(year) : String(year - 1);
  }
}

/** Canonical form of a period string, or null when it is not one. */
export function normalizePeriod(period: string | null | undefined): string | null {
  if (!period) return null;
  try {
    return canonical(parsePeriod(period));
  } catch {
    return null;
  }
}
