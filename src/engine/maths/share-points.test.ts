import { describe, expect, it } from 'vitest';
import { share, shareBeforeChange, shareChangePoints } from './share-points.js';

describe('shares and percentage points', () => {
  it('a share is part/total in percent', () => {
    const s = share(2618.8, 8100);
    expect(s.value).toBeCloseTo(32.3308642, 6);
    expect(s.formula).toBe('2618.8/8100 × 100 = 32.3309%');
    expect(share(1, 0).value).toBeNull();
    expect(share(null, 10).value).toBeNull();
  });

  it('a share rising from 15.0% to 32.3% moved 17.3个百分点, not 115%', () => {
    const c = shareChangePoints(32.3, 15.0);
    expect(c.value).toBeCloseTo(17.3, 12);
    expect(c.formula).toBe('32.3% − 15% = 17.3个百分点');
    expect(c.method).toContain('百分点');
    expect(shareChangePoints(32.3, null).value).toBeNull();
  });

  it('the seed: 32.3% in 2020 is 17.3个百分点 above 2015, so the 2015 share was 15.0%', () => {
    const before = shareBeforeChange(32.3, 17.3);
    expect(before.value).toBeCloseTo(15.0, 12);
    expect(before.formula).toBe('32.3% − 17.3个百分点 = 15%');
  });
});
