import { describe, expect, it } from 'vitest';
import { checkStatedAvgGrowth } from './stated-growth-consistency.js';

describe('a stated average growth checked against a stated multiple', () => {
  it('says that 28.4% a year does not match transaction volume growing 3.3倍 in 5 years (26.97%)', () => {
    const c = checkStatedAvgGrowth({ multiple: 3.3, avgGrowth: 0.284, years: 5, multipleDecimals: 1 });
    expect(c.agrees).toBe(false);
    expect(c.implied).toBeCloseTo(0.2697048777, 9);
    expect(c.difference).toBeCloseTo(0.0142951223, 9);
    expect(c.impliedRange?.low).toBeCloseTo(0.2658337542, 9);
    expect(c.impliedRange?.high).toBeCloseTo(0.2735293593, 9);
    expect(c.withinRounding).toBe(false);
    expect(c.formula).toBe('3.3^(1/5) − 1 = 26.97% ≠ stated 28.4% (difference 1.43个百分点)');
    expect(c.note).toBe(
      '所述年均增速 28.4% 与 3.3 倍隐含的 26.97% 相差 1.43个百分点，超出倍数四舍五入可解释的范围（3.25–3.35 倍隐含 26.58%–27.35%）',
    );
  });

  it('says that 29.4% does not match online retail growing 3.6倍 (29.20%), though the rounding of 3.6 could explain it', () => {
    const c = checkStatedAvgGrowth({ multiple: 3.6, avgGrowth: 0.294, years: 5, multipleDecimals: 1 });
    expect(c.agrees).toBe(false);
    expect(c.implied).toBeCloseTo(0.29199401, 8);
    expect(c.difference).toBeCloseTo(0.00200599, 8);
    expect(c.withinRounding).toBe(true);
    expect(c.impliedRange?.low).toBeCloseTo(0.2883850317, 9);
    expect(c.impliedRange?.high).toBeCloseTo(0.2955631086, 9);
    expect(c.note).toContain('相差 0.2个百分点；倍数为四舍五入值');
  });

  it('agrees within the tolerance, and without a stated precision makes no rounding claim', () => {
    const c = checkStatedAvgGrowth({ multiple: 3.6, avgGrowth: 0.292, years: 5 });
    expect(c.agrees).toBe(true);
    expect(c.impliedRange).toBeNull();
    expect(c.withinRounding).toBeNull();
    expect(c.note).toBeUndefined();
    expect(c.formula).toContain('≈ stated 29.2%');
    expect(
      checkStatedAvgGrowth({ multiple: 3.6, avgGrowth: 0.294, years: 5, tolerance: 0.0025 }).agrees,
    ).toBe(true);
  });

  it('cannot judge a multiple over zero years', () => {
    const c = checkStatedAvgGrowth({ multiple: 3.6, avgGrowth: 0.294, years: 0 });
    expect(c.agrees).toBeNull();
    expect(c.implied).toBeNull();
  });
});
