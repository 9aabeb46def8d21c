/**
 * Number, rate and period formatting for the dashboard, in Chinese (default) or English.
 * Conventions: growth rates and completion arrive as fractions (0.113 = 11.3%); shares, 贡献率 and
 * 拉动 arrive in percent (32.3 = 32.3%); a share change is in 百分点 (percentage points), never a percent.
 */
import {
  parsePeriod,
  periodLabelEn,
  periodLabelZh,
  tryParsePeriod,
  unitEnglish,
} from '../../src/api/contract/periods-and-units.js';

export type Locale = 'zh-CN' | 'en';

const DASH = '—';
const MINUS = '−';

const numberFormat = (decimals: number) =>
  new Intl.NumberFormat('en-US', { minimumFractionDigits: decimals, maximumFractionDigits: decimals });

/**
 * Decimals by unit, so every value of a column (and of a unit across the dashboard) is written alike, never
 * by magnitude: amounts one decimal (22,637.5亿元 · 435.8亿元), 万亿元 two, counts and persons none,
 * percent one, multiples two.
 */
const UNIT_DECIMALS: Record<string, number> = {
  元: 1,
  万元: 1,
  亿元: 1,
  万亿元: 2,
  个: 0,
  家: 0,
  场: 0,
  列: 0,
  名: 0,
  人: 0,
  万人: 1,
  '%': 1,
  倍: 2,
};

/** The decimals a unit is written with (one decimal for a unit the table does not know). */
export function decimalsForUnit(unit: string): number {
  return UNIT_DECIMALS[unit] ?? 1;
}

/** The Excel number format of a unit's values: its decimals, thousands separated (`#,##0.0`, `#,##0`). */
export function excelNumFmt(unit: string): string {
  const d = decimalsForUnit(unit);
  return d === 0 ? '#,##0' : `#,##0.${'0'.repeat(d)}`;
}

/** Whether a value reads as zero once rounded to `decimals`: `+0.0` would claim a direction it does not have. */
export function roundsToZero(value: number, decimals: number): boolean {
  return Number(Math.abs(value).toFixed(decimals)) === 0;
}

/** A true minus for negatives, `+` for positives when asked; a value that rounds to zero gets no sign. */
function signed(text: string, value: number, decimals: number, withSign: boolean): string {
  if (roundsToZero(value, decimals)) return text;
  if (value < 0) return `${MINUS}${text}`;
  return withSign ? `+${text}` : text;
}

/** A number with thousands separators and the decimals of its unit, without the unit: `22,637.5`. */
export function formatNumber(value: number | null | undefined, unit = '', decimals?: number): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return DASH;
  const d = decimals ?? decimalsForUnit(unit);
  return signed(numberFormat(d).format(Math.abs(value)), value, d, false);
}

/** A unit in the reader's language: `亿元` or `100m CNY`. */
export function formatUnit(unit: string, locale: Locale): string {
  return locale === 'zh-CN' ? unit : unitEnglish(unit);
}

/** A column header naming its unit: `数值（亿元）` / `Value (100m CNY)`. */
export function headerWithUnit(label: string, unit: string, locale: Locale): string {
  if (!unit) return label;
  return locale === 'zh-CN' ? `${label}（${unit}）` : `${label} (${unitEnglish(unit)})`;
}

/** A value with its unit: `22,637.5亿元` / `22,637.5 (100m CNY)`; counts `9个` / `9 units`. */
export function formatAmount(value: number | null | undefined, unit: string, locale: Locale): string {
  const n = formatNumber(value, unit);
  if (n === DASH) return DASH;
  return locale === 'zh-CN' ? `${n}${unit}` : `${n} ${unitEnglish(unit)}`;
}

/** A growth rate given as a fraction: 0.1134 → `+11.3%`, −0.021 → `−2.1%`. */
export function formatGrowth(value: number | null | undefined, decimals = 1): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return DASH;
  return signed(`${(Math.abs(value) * 100).toFixed(decimals)}%`, value * 100, decimals, true);
}

/** A ratio given as a fraction, without sign: completion 0.7728 → `77.3%`. */
export function formatRatio(value: number | null | undefined, decimals = 1): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return DASH;
  return signed(`${(Math.abs(value) * 100).toFixed(decimals)}%`, value * 100, decimals, false);
}

/** A share given in percent: 32.345 → `32.3%`. */
export function formatShare(value: number | null | undefined, decimals = 1): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return DASH;
  return signed(`${Math.abs(value).toFixed(decimals)}%`, value, decimals, false);
}

/** A change in percentage points: 0.45 → `+0.5个百分点` / `+0.5 pp`; without the unit `+0.5`. */
export function formatPoints(
  value: number | null | undefined,
  locale: Locale,
  decimals = 1,
  withUnit = true,
): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return DASH;
  const text = Math.abs(value).toFixed(decimals);
  const unit = withUnit ? (locale === 'zh-CN' ? '个百分点' : ' pp') : '';
  return signed(`${text}${unit}`, value, decimals, true);
}

/** A period as readers write it: `2024年5月`, `2024年1-5月`, `2024年第一季度`, `2024年` / `May 2024`, `Jan–May 2024`, `Q1 2024`. */
export function formatPeriod(period: string | null | undefined, locale: Locale): string {
  if (!period) return DASH;
  const p = tryParsePeriod(period);
  if (!p) return period;
  return locale === 'zh-CN' ? periodLabelZh(p) : periodLabelEn(p);
}

/**
 * A short period label for chart axes, where the frequency is shown elsewhere: `2024`, `2024Q1`,
 * `2024-05`; a 1–N月累计 range is labelled by its last month (`2024-01/2024-05` → `2024-05`).
 */
export function formatPeriodShort(period: string): string {
  const p = parsePeriod(period);
  switch (p.kind) {
    case 'year':
      return String(p.year);
    case 'quarter':
      return `${p.year}Q${p.quarter}`;
    case 'month':
      return `${p.year}-${String(p.month).padStart(2, '0')}`;
    case 'range':
      return `${p.year}-${String(p.to).padStart(2, '0')}`;
  }
}

const COMPARATORS: Record<string, string> = { '>=': '≥', '>': '>', '=': '', '<=': '≤', '<': '<' };

/** A target: `≥40,000亿元（2025年）` / `≥40,000 (100m CNY) by 2025`. */
export function formatTarget(
  target: { value: number; comparator: string; year: number } | null | undefined,
  unit: string,
  locale: Locale,
): string {
  if (!target) return DASH;
  const comparator = COMPARATORS[target.comparator] ?? target.comparator;
  const number = formatNumber(target.value, unit, Number.isInteger(target.value) ? 0 : undefined);
  const amount = locale === 'zh-CN' ? `${number}${unit}` : `${number} ${unitEnglish(unit)}`;
  return locale === 'zh-CN'
    ? `${comparator}${amount}（${target.year}年）`
    : `${comparator}${amount} by ${target.year}`;
}
