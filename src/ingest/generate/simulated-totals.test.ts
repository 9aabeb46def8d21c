import { describe, expect, it } from 'vitest';
import { centsToYuan, simulatedAnnualTotals, simulatedGrowthRate } from './simulated-totals.js';

describe('simulatedAnnualTotals', () => {
  it('reproduces the plan’s 2020 figures (一(一), 专栏4) in 分', () => {
    expect(simulatedAnnualTotals(2020)).toEqual({
      transactionVolume: 2_263_750_000_000_00,
      onlineRetail: 412_950_000_000_00,
      onlineRetailGoods: 261_880_000_000_00,
      onlineRetailServices: 151_070_000_000_00,
      crossBorder: 43_582_000_000_00,
      liveStream: 10_260_000_000_00,
    });
  });

  it('grows 2021 by the assumed rates, rounded to 万元', () => {
    expect(simulatedAnnualTotals(2021)).toEqual({
      transactionVolume: 2_512_762_500_000_00, // 22637.5亿 × 1.11
      onlineRetail: 470_763_000_000_00, // 4129.5亿 × 1.14
      onlineRetailGoods: 298_543_200_000_00, // keeps the 2020 goods share 2618.8 / 4129.5
      onlineRetailServices: 172_219_800_000_00,
      crossBorder: 54_477_500_000_00, // 435.82亿 × 1.25
      liveStream: 16_416_000_000_00, // 102.6亿 × 1.6
    });
  });

  it('tapers growth after 2025 to 0.8 of the year before', () => {
    expect(simulatedGrowthRate('onlineRetail', 2025)).toBeCloseTo(0.12, 10);
    expect(simulatedGrowthRate('onlineRetail', 2026)).toBeCloseTo(0.096, 10);
    expect(simulatedGrowthRate('crossBorder', 2027)).toBeCloseTo(0.1152, 10);
  });

  it('refuses years outside 2020–2035', () => {
    expect(() => simulatedAnnualTotals(2019)).toThrow(/2020–2035/);
    expect(() => simulatedAnnualTotals(2036)).toThrow(/2020–2035/);
  });
});

describe('centsToYuan', () => {
  it('formats 分 as 元 with two decimals exactly', () => {
    expect(centsToYuan(2_263_750_000_000_00)).toBe('2263750000000.00');
    expect(centsToYuan(12_345)).toBe('123.45');
    expect(centsToYuan(5)).toBe('0.05');
    expect(centsToYuan(-120)).toBe('-1.20');
  });
});
