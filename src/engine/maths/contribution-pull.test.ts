import { describe, expect, it } from 'vitest';
import { contribution, pull } from './contribution-pull.js';

// Three districts; the city total is their sum: 1000 → 1150 (+15%).
const totals = { total: 1150, totalPrevious: 1000 };
const district1 = { part: 600, partPrevious: 500, ...totals };
const district2 = { part: 330, partPrevious: 300, ...totals };
const district3 = { part: 220, partPrevious: 200, ...totals };
const parts = [district1, district2, district3];

describe('contribution (贡献率) and pull (拉动) of districts to the city growth', () => {
  it('contribution is the part’s increase over the total’s increase, in percent', () => {
    const c = contribution(district1);
    expect(c.value).toBeCloseTo(66.6666667, 6);
    expect(c.formula).toBe('(600 − 500)/(1150 − 1000) × 100 = 66.6667%');
    expect(contribution(district2).value).toBeCloseTo(20, 10);
    expect(contribution(district3).value).toBeCloseTo(13.3333333, 6);
  });

  it('pull is the part’s increase over the previous total, in percentage points', () => {
    const p = pull(district1);
    expect(p.value).toBeCloseTo(10, 10);
    expect(p.formula).toBe('(600 − 500)/1000 × 100 = 10个百分点');
    expect(pull(district2).value).toBeCloseTo(3, 10);
    expect(pull(district3).value).toBeCloseTo(2, 10);
  });

  it('the contributions of all parts sum to 100 and their pulls to the total’s growth in percent', () => {
    const contributions = parts.map((x) => contribution(x).value as number);
    const pulls = parts.map((x) => pull(x).value as number);
    expect(contributions.reduce((a, b) => a + b, 0)).toBeCloseTo(100, 10);
    expect(pulls.reduce((a, b) => a + b, 0)).toBeCloseTo((1150 / 1000 - 1) * 100, 10);
  });

  it('a part that shrank contributes negatively', () => {
    const x = { part: 90, partPrevious: 100, total: 1100, totalPrevious: 1000 };
    expect(contribution(x).value).toBeCloseTo(-10, 10);
    expect(pull(x).value).toBeCloseTo(-1, 10);
  });

  it('is null when the total did not change, the previous total is 0, or a value is missing', () => {
    expect(contribution({ part: 5, partPrevious: 4, total: 10, totalPrevious: 10 }).formula).toBe(
      'n/a: the total did not change',
    );
    expect(pull({ part: 5, partPrevious: 0, totalPrevious: 0 }).value).toBeNull();
    expect(contribution({ part: null, partPrevious: 4, total: 11, totalPrevious: 10 }).value).toBeNull();
    expect(pull({ part: 5, partPrevious: null, totalPrevious: 10 }).value).toBeNull();
  });
});
