import type { ProgressStatus } from '../engine/indicator-result.js';

/**
 * NBS-style Chinese wording of figures: rise and fall (增长/下降, 提高/回落), 百分点 for differences of rates,
 * one rounding rule (one decimal) stated once in the notes. Decisions on the wording are taken on the rounded
 * figure, so "+0.0" is never "提高0.0个百分点" but 持平.
 */

/** The one rounding rule of the documents: one decimal. */
export const DECIMALS = 1;

export const ROUNDING_NOTE =
  '金额以亿元为单位、增速和比重以%表示，均保留一位小数；增速之差、比重之差以百分点表示。因四舍五入，分项之和与合计可能略有出入。';

export function fixed(x: number, digits = DECIMALS): string {
  const s = x.toFixed(digits);
  return Number(s) === 0 ? (0).toFixed(digits) : s;
}

/** A level with thousands separators: 4129.5 → "4,129.5"; counts without decimals. */
export function level(x: number | null, unit: string): string {
  if (x === null) return '—';
  const digits = isCount(unit) ? 0 : DECIMALS;
  return x.toLocaleString('zh-CN', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

export function isCount(unit: string): boolean {
  return ['个', '家', '名', '场', '人', '列'].includes(unit);
}

/** A growth rate (fraction): 同比增长12.3% / 同比下降4.0% / 与上年同期持平. */
export function growthZh(g: number, prefix = '同比'): string {
  const r = Number(fixed(g * 100));
  if (r === 0) return `与上年同期持平`;
  return r > 0 ? `${prefix}增长${fixed(r)}%` : `${prefix}下降${fixed(-r)}%`;
}

/** A change of a rate in 百分点: 提高1.2个百分点 / 回落0.8个百分点 / 持平. */
export function pointsChangeZh(points: number): string {
  const r = Number(fixed(points));
  if (r === 0) return '持平';
  return r > 0 ? `提高${fixed(r)}个百分点` : `回落${fixed(-r)}个百分点`;
}

/** A gap to an expectation in 百分点: 超序时进度1.2个百分点 / 低于序时进度0.8个百分点 / 与序时进度持平. */
export function gapZh(points: number, what: string): string {
  const r = Number(fixed(points));
  if (r === 0) return `与${what}持平`;
  return r > 0 ? `超${what}${fixed(r)}个百分点` : `低于${what}${fixed(-r)}个百分点`;
}

/** 1—6月 (NBS writes the span with an em dash); a single first month is 1月. */
export function spanZh(months: number): string {
  return months === 1 ? '1月' : `1—${months}月`;
}

/** "三" for 3, up to ten: 近三年. */
export function chineseCount(n: number): string {
  return ['零', '一', '两', '三', '四', '五', '六', '七', '八', '九', '十'][n] ?? String(n);
}

/** The Open SDG progress statuses in Chinese. */
export const PROGRESS_ZH: Record<ProgressStatus, string> = {
  target_achieved: '已达标',
  substantial_progress: '进展显著',
  moderate_progress: '进展一般',
  limited_progress: '进展有限',
  deterioration: '倒退',
  not_available: '无法评价',
};
