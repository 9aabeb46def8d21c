import { describe, expect, it } from 'vitest';
import { mom, yoy } from './growth-rate.js';

describe('year-on-year growth', () => {
  it('prefers the published comparable-basis rate and keeps the naive one beside it (NBS online retail 2021)', () => {
    const g = yoy({ current: 130884, previous: 117601, publishedYoy: 0.141 });
    expect(g.value).toBe(0.141);
    expect(g.naive).toBeCloseTo(130884 / 117601 - 1, 12);
    expect(g.naive).toBeCloseTo(0.1129497198, 9);
    expect(g.basis).toBe('published_comparable');
    expect(g.formula).toBe(
      'published comparable-basis growth 14.1% (naive from levels: 130884/117601 − 1 = 11.29%)',
    );
    expect(g.note).toContain('11.29%');
  });

  it('falls back to the naive ratio of levels when no rate is published', () => {
    const g = yoy({ current: 130884, previous: 117601 });
    expect(g.value).toBeCloseTo(0.1129497198, 9);
    expect(g.naive).toBe(g.value);
    expect(g.basis).toBe('naive');
    expect(g.formula).toBe('130884/117601 − 1 = 11.29%');
    expect(g.note).toBeUndefined();
  });

  it('uses the published rate even when the previous level is unknown', () => {
    const g = yoy({ current: 130884, previous: null, publishedYoy: 0.141 });
    expect(g.value).toBe(0.141);
    expect(g.naive).toBeNull();
    expect(g.basis).toBe('published_comparable');
    expect(g.formula).toContain('previous value missing');
  });

  it('has no value and no basis when neither a rate nor both levels are known', () => {
    for (const input of [
      { current: 100, previous: null },
      { current: 100, previous: 0 },
      { current: null, previous: 100 },
    ]) {
      const g = yoy(input);
      expect(g.value).toBeNull();
      expect(g.naive).toBeNull();
      expect(g.basis).toBeNull();
    }
    expect(yoy({ current: 100, previous: 0 }).formula).toBe('n/a: previous value is 0');
  });
});

describe('month-on-month growth (环比)', () => {
  it('is the ratio of consecutive levels minus one', () => {
    const g = mom({ current: 410, previous: 400 });
    expect(g.value).toBeCloseTo(0.025, 12);
    expect(g.formula).toBe('410/400 − 1 = 2.50%');
    expect(g.method).toContain('环比');
  });

  it('is null without a previous level', () => {
    expect(mom({ current: 410, previous: null }).value).toBeNull();
  });
});
