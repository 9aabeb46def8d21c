import { describe, expect, it } from 'vitest';
import {
  decimalsForUnit,
  formatAmount,
  formatGrowth,
  formatNumber,
  formatPeriod,
  formatPeriodShort,
  formatPoints,
  formatRatio,
  formatShare,
  formatTarget,
} from './format.js';
import { changeArrow, changeColor, changeDirection } from './rise-fall.js';

describe('amounts in 亿元/万元 and counts', () => {
  it('uses thousands separators and one rule of decimals per unit, whatever the magnitude', () => {
    // One column of 亿元 reads alike: never 435.82 beside 1,176.4.
    expect([22637.5, 1176.42, 435.82, 8.149, 0.04].map((v) => formatNumber(v, '亿元'))).toEqual([
      '22,637.5',
      '1,176.4',
      '435.8',
      '8.1',
      '0.0',
    ]);
    expect(formatAmount(1234567.891, '万元', 'zh-CN')).toBe('1,234,567.9万元');
    expect(formatAmount(2.384, '万亿元', 'zh-CN')).toBe('2.38万亿元');
    expect(formatAmount(1.5, '倍', 'zh-CN')).toBe('1.50倍');
    expect(formatAmount(32.26, '%', 'zh-CN')).toBe('32.3%');
    expect(decimalsForUnit('亿元')).toBe(1);
  });

  it('writes counts and persons as whole numbers, even when a sum is fractional', () => {
    expect(formatAmount(9, '个', 'zh-CN')).toBe('9个');
    expect(formatNumber(1200, '个')).toBe('1,200');
    expect(formatNumber(12.6, '家')).toBe('13');
    expect(formatNumber(100, '名')).toBe('100');
  });

  it('shows the English unit in English', () => {
    expect(formatAmount(22637.5, '亿元', 'en')).toBe('22,637.5 100m CNY');
    expect(formatAmount(9, '个', 'en')).toBe('9 units');
  });

  it('prints a dash, never a zero, for a missing value', () => {
    expect(formatAmount(null, '亿元', 'zh-CN')).toBe('—');
    expect(formatNumber(undefined)).toBe('—');
    expect(formatNumber(Number.NaN)).toBe('—');
  });

  it('uses a true minus sign for negatives, and no sign on a value that rounds to zero', () => {
    expect(formatNumber(-1234.5, '亿元')).toBe('−1,234.5');
    expect(formatNumber(-0.04, '亿元')).toBe('0.0');
  });
});

describe('rates: growth in %, shares in %, share changes in 百分点', () => {
  it('growth arrives as a fraction and is signed', () => {
    expect(formatGrowth(0.1134)).toBe('+11.3%');
    expect(formatGrowth(-0.021)).toBe('−2.1%');
    expect(formatGrowth(0)).toBe('0.0%');
    expect(formatGrowth(null)).toBe('—');
  });

  it('completion is a fraction shown without a sign', () => {
    expect(formatRatio(0.7728)).toBe('77.3%');
    expect(formatRatio(1.05)).toBe('105.0%');
  });

  it('a share arrives in percent', () => {
    expect(formatShare(32.345)).toBe('32.3%');
  });

  it('a change that rounds to zero carries no sign: not +0.0, not −0.0', () => {
    expect(formatGrowth(0.0004)).toBe('0.0%');
    expect(formatGrowth(-0.0004)).toBe('0.0%');
    expect(formatPoints(0.04, 'zh-CN')).toBe('0.0个百分点');
    expect(formatPoints(-0.004, 'en', 2, false)).toBe('0.00');
    expect(formatGrowth(0.0005)).toBe('+0.1%');
  });

  it('a share change is in percentage points, never a percent', () => {
    expect(formatPoints(0.45, 'zh-CN')).toBe('+0.5个百分点');
    expect(formatPoints(-1.25, 'en')).toBe('−1.3 pp');
    expect(formatPoints(2.279, 'zh-CN', 2, false)).toBe('+2.28');
  });
});

describe('periods as readers write them', () => {
  it('in Chinese', () => {
    expect(formatPeriod('2024-05', 'zh-CN')).toBe('2024年5月');
    expect(formatPeriod('2024-01/2024-05', 'zh-CN')).toBe('2024年1-5月');
    expect(formatPeriod('2024-Q1', 'zh-CN')).toBe('2024年第一季度');
    expect(formatPeriod('2024', 'zh-CN')).toBe('2024年');
  });

  it('in English', () => {
    expect(formatPeriod('2024-05', 'en')).toBe('May 2024');
    expect(formatPeriod('2024-01/2024-05', 'en')).toBe('Jan–May 2024');
    expect(formatPeriod('2024-Q1', 'en')).toBe('Q1 2024');
  });

  it('leaves an unknown string as it is and a missing one as a dash', () => {
    expect(formatPeriod('soon', 'zh-CN')).toBe('soon');
    expect(formatPeriod(null, 'zh-CN')).toBe('—');
  });

  it('short axis labels', () => {
    expect(formatPeriodShort('2024-01/2024-05')).toBe('2024-05');
    expect(formatPeriodShort('2024-Q3')).toBe('2024Q3');
  });
});

describe('targets', () => {
  it('shows the comparator, the amount and the year', () => {
    expect(formatTarget({ value: 40000, comparator: '>=', year: 2025 }, '亿元', 'zh-CN')).toBe(
      '≥40,000亿元（2025年）',
    );
    expect(formatTarget({ value: 3, comparator: '=', year: 2025 }, '个', 'zh-CN')).toBe('3个（2025年）');
    expect(formatTarget({ value: 1200, comparator: '>=', year: 2025 }, '亿元', 'en')).toBe(
      '≥1,200 100m CNY by 2025',
    );
  });
});

describe('rise/fall colours', () => {
  it('are red up, green down by default (as Chinese readers expect)', () => {
    expect(changeColor(0.1, 'red-up')).toBe('#c62828');
    expect(changeColor(-0.1, 'red-up')).toBe('#2e7d32');
  });

  it('swap with the green-up option', () => {
    expect(changeColor(0.1, 'green-up')).toBe('#2e7d32');
    expect(changeColor(-0.1, 'green-up')).toBe('#c62828');
  });

  it('are neutral for no change, and an arrow carries the direction', () => {
    expect(changeColor(0, 'red-up')).toBe('#4b5563');
    expect(changeColor(null, 'red-up')).toBe('#4b5563');
    expect(changeArrow(0.2)).toBe('▲');
    expect(changeArrow(-0.2)).toBe('▼');
    expect(changeArrow(null)).toBe('');
  });

  it('read a change as it is shown: one that rounds to 0.0 is flat (grey ◆), never a red ▲', () => {
    expect(changeDirection(0.04, 1)).toBe('flat');
    expect(changeArrow(0.04, 1)).toBe('◆');
    expect(changeColor(0.04, 'red-up', 1)).toBe('#4b5563');
    expect(changeColor(-0.049, 'green-up', 1)).toBe('#4b5563');
    // With two decimals the same 0.04 is a rise.
    expect(changeArrow(0.04, 2)).toBe('▲');
    expect(changeColor(0.04, 'red-up', 2)).toBe('#c62828');
  });
});
