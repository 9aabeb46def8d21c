import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  formatPeriod,
  monthSpan,
  type Period,
  parsePeriod,
  periodEndYear,
  previousPeriod,
  sameperiodLastYear,
} from './period.js';

const year = fc.integer({ min: 1951, max: 2100 });
const month = fc.integer({ min: 1, max: 12 });
const period: fc.Arbitrary<Period> = fc.oneof(
  year.map((y) => ({ kind: 'year' as const, year: y })),
  fc.record({ kind: fc.constant('quarter' as const), year, quarter: fc.integer({ min: 1, max: 4 }) }),
  fc.record({ kind: fc.constant('month' as const), year, month }),
  fc.record({ year, a: month, b: month }).map(({ year: y, a, b }) => ({
    kind: 'range' as const,
    year: y,
    from: Math.min(a, b),
    to: Math.max(a, b),
  })),
);

describe('periods (property-based)', () => {
  it('format then parse gives the period back, and parse then format the text', () => {
    fc.assert(
      fc.property(period, (p) => {
        expect(parsePeriod(formatPeriod(p))).toEqual(p);
        expect(formatPeriod(parsePeriod(formatPeriod(p)))).toBe(formatPeriod(p));
      }),
    );
  });

  it('the same period last year covers the same months one year earlier and ends exactly a year earlier', () => {
    fc.assert(
      fc.property(period, (p) => {
        const q = sameperiodLastYear(p);
        expect(monthSpan(q)).toEqual({ ...monthSpan(p), year: p.year - 1 });
        expect(periodEndYear(q)).toBeCloseTo(periodEndYear(p) - 1, 12);
      }),
    );
  });

  it('the previous month or quarter ends where the period starts; twelve months or four quarters back is last year', () => {
    fc.assert(
      fc.property(period, (p) => {
        const prev = previousPeriod(p);
        expect(prev.kind).toBe(p.kind);
        if (p.kind === 'month' || p.kind === 'quarter') {
          const s = monthSpan(p);
          const e = monthSpan(prev);
          // Months counted from year 0: the previous period's last month is the month before this one's first.
          expect(e.year * 12 + e.to).toBe(s.year * 12 + s.from - 1);
          let back: Period = p;
          for (let i = 0; i < (p.kind === 'month' ? 12 : 4); i++) back = previousPeriod(back);
          expect(back).toEqual(sameperiodLastYear(p));
        } else expect(prev).toEqual(sameperiodLastYear(p));
      }),
    );
  });

  it('a period ends at year − 1 + last month/12 (a December ends on its year)', () => {
    fc.assert(
      fc.property(period, (p) => {
        const { year: y, to } = monthSpan(p);
        expect(periodEndYear(p)).toBe(y - 1 + to / 12);
        if (to === 12) expect(periodEndYear(p)).toBe(y);
      }),
    );
  });
});
