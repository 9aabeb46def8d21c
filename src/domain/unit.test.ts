import { describe, expect, it } from 'vitest';
import { areaCodeProblem } from './area-code.js';
import { cleanDecimal, shiftDecimal } from './decimal-string.js';
import { convertDecimal, convertible } from './unit.js';
import { usccCheckChar, usccProblem } from './uscc.js';

describe('unit conversion is exact', () => {
  it('converts 亿元 to 元 without float drift', () => {
    expect(convertDecimal('22637.5', '亿元', '元')).toBe('2263750000000');
    expect(convertDecimal('0.1', '亿元', '万元')).toBe('1000');
    expect(convertDecimal('12345.6789', '万元', '亿元')).toBe('1.23456789');
    expect(convertDecimal('-3.5', '万元', '元')).toBe('-35000');
    expect(convertDecimal('221.9', '万人', '人')).toBe('2219000');
  });
  it('refuses to convert across dimensions', () => {
    expect(convertible('亿元', '个')).toBe(false);
    expect(() => convertDecimal('1', '亿元', '个')).toThrow();
  });
  it('shifts decimals both ways and strips zeros', () => {
    expect(shiftDecimal('0.000123', 6)).toBe('123');
    expect(shiftDecimal('123', -5)).toBe('0.00123');
    expect(shiftDecimal('100.500', 0)).toBe('100.5');
    expect(shiftDecimal('0.0', 3)).toBe('0');
  });
  it('reads numbers as people write them', () => {
    expect(cleanDecimal(' 1,234.50 ')).toBe('1234.50');
    expect(cleanDecimal('12亿')).toBeNull();
    expect(cleanDecimal('1e5')).toBeNull();
  });
});

describe('codes', () => {
  it('accepts GB/T 2260 codes and says what is wrong with others', () => {
    expect(areaCodeProblem('510118')).toBeNull();
    expect(areaCodeProblem('51011')).toContain('6位数字');
    expect(areaCodeProblem('990100')).toContain('省级部分 99 不存在');
  });
  it('computes the USCC check character (GB 32100-2015)', () => {
    // 91350100M000100Y43: a published example code.
    expect(usccCheckChar('91350100M000100Y4')).toBe('3');
    expect(usccProblem('91350100M000100Y43')).toBeNull();
    expect(usccProblem('91350100M000100Y44')).toContain('校验位错误：应为 3');
    expect(usccProblem('91350100M000100Y4')).toContain('18位');
    expect(usccProblem('91350100M000100I43')).toContain('非法字符「I」');
  });
});
