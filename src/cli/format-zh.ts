import type { ScheduleStatus } from '../engine/indicator-result.js';

/** 22637.5 亿元 → "22,637.50"; counts without decimals. */
export function formatValue(v: number | null, unit: string): string {
  if (v === null) return '—';
  const decimals = ['个', '家', '名', '场', '人', '列'].includes(unit) ? 0 : 2;
  return v.toLocaleString('zh-CN', { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
}

/** A fraction as a signed percent: 0.1412 → "+14.12%". */
export function formatGrowth(f: number | null): string {
  if (f === null) return '—';
  return `${f >= 0 ? '+' : ''}${(f * 100).toFixed(2)}%`;
}

/** A fraction as a percent without sign: 0.516 → "51.6%". */
export function formatRatio(f: number | null): string {
  return f === null ? '—' : `${(f * 100).toFixed(1)}%`;
}

export const SCHEDULE_ZH: Record<ScheduleStatus, string> = {
  green: '●绿 正常',
  yellow: '●黄 预警',
  red: '●红 滞后',
};

export { PROGRESS_ZH } from '../report/wording-zh.js';
