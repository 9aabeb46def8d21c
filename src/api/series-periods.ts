import { monthSpan, type Period } from '../domain/period.js';
import type { Frequency } from './contract/schemas.js';

/** The periods of a frequency from the first year after `base` (the base year itself for `year`) up to `last`. */
export function periodsOf(frequency: Frequency, last: Period, base: number): Period[] {
  const out: Period[] = [];
  const endYear = last.year;
  const lastMonth = monthSpan(last).to;
  for (let y = base; y <= endYear; y++) {
    const months = y === endYear ? lastMonth : 12;
    if (frequency === 'year') {
      if (y < endYear || lastMonth === 12) out.push({ kind: 'year', year: y });
    } else if (y > base) {
      if (frequency === 'month')
        for (let m = 1; m <= months; m++) out.push({ kind: 'month', year: y, month: m });
      if (frequency === 'quarter')
        for (let qt = 1; qt * 3 <= months; qt++) out.push({ kind: 'quarter', year: y, quarter: qt });
      if (frequency === 'cumulative')
        for (let m = 1; m <= months; m++) out.push({ kind: 'range', year: y, from: 1, to: m });
    }
  }
  return out;
}

/** The period the detail view judges: the latest of the frequency ending at `latest`. */
export function latestOf(frequency: Frequency, latest: Period): Period {
  const month = monthSpan(latest).to;
  if (frequency === 'year') return { kind: 'year', year: month === 12 ? latest.year : latest.year - 1 };
  if (frequency === 'quarter')
    return month >= 3
      ? { kind: 'quarter', year: latest.year, quarter: Math.floor(month / 3) }
      : { kind: 'quarter', year: latest.year - 1, quarter: 4 };
  if (frequency === 'cumulative') return { kind: 'range', year: latest.year, from: 1, to: month };
  return { kind: 'month', year: latest.year, month };
}
