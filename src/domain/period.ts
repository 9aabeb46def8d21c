/**
 * Statistical periods: a year `2021`, a quarter `2021-Q1`, a month `2021-03`,
 * or a cumulative range inside one year `2021-01/2021-03` (1–3月累计).
 */
export type Period =
  | { kind: 'year'; year: number }
  | { kind: 'quarter'; year: number; quarter: number }
  | { kind: 'month'; year: number; month: number }
  | { kind: 'range'; year: number; from: number; to: number };

export type PeriodKind = Period['kind'];

const YEAR = /^(\d{4})$/;
const QUARTER = /^(\d{4})-Q([1-4])$/;
const MONTH = /^(\d{4})-(\d{2})$/;
const RANGE = /^(\d{4})-(\d{2})\/(\d{4})-(\d{2})$/;

export class PeriodError extends Error {
  constructor(
    readonly input: string,
    readonly reason: string,
  ) {
    super(`${reason}`);
    this.name = 'PeriodError';
  }
}

const FORMS = '可用格式：2021（年）、2021-Q1（季度）、2021-03（月）、2021-01/2021-03（同一年内的累计）';

function checkYear(input: string, year: number): void {
  if (year < 1949 || year > 2100) throw new PeriodError(input, `年份 ${year} 超出 1949–2100 的范围`);
}
function checkMonth(input: string, month: number): void {
  if (month < 1 || month > 12) throw new PeriodError(input, `月份 ${month} 不在 01–12 之间`);
}

/** Parses a period string; throws {@link PeriodError} with a message naming the accepted forms. */
export function parsePeriod(input: string): Period {
  const s = input.trim();
  let m = YEAR.exec(s);
  if (m) {
    const year = Number(m[1]);
    checkYear(s, year);
    return { kind: 'year', year };
  }
  m = QUARTER.exec(s);
  if (m) {
    const year = Number(m[1]);
    checkYear(s, year);
    return { kind: 'quarter', year, quarter: Number(m[2]) };
  }
  m = MONTH.exec(s);
  if (m) {
    const year = Number(m[1]);
    const month = Number(m[2]);
    checkYear(s, year);
    checkMonth(s, month);
    return { kind: 'month', year, month };
  }
  m = RANGE.exec(s);
  if (m) {
    const year = Number(m[1]);
    const from = Number(m[2]);
    const year2 = Number(m[3]);
    const to = Number(m[4]);
    checkYear(s, year);
    checkMonth(s, from);
    checkMonth(s, to);
    if (year2 !== year) throw new PeriodError(s, '累计期间的起止月份必须在同一年内');
    if (from > to) throw new PeriodError(s, `累计期间的起始月 ${from} 晚于结束月 ${to}`);
    return { kind: 'range', year, from, to };
  }
  throw new PeriodError(s, `无法识别的期间「${s}」。${FORMS}`);
}

/** Like {@link parsePeriod} but returns null instead of throwing. */
export function tryParsePeriod(input: string): Period | null {
  try {
    return parsePeriod(input);
  } catch {
    return null;
  }
}

const pad = (n: number): string => String(n).padStart(2, '0');

export function formatPeriod(p: Period): string {
  switch (p.kind) {
    case 'year':
      return String(p.year);
    case 'quarter':
      return `${p.year}-Q${p.quarter}`;
    case 'month':
      return `${p.year}-${pad(p.month)}`;
    case 'range':
      return `${p.year}-${pad(p.from)}/${p.year}-${pad(p.to)}`;
  }
}

/** The first and last month (1–12) the period covers, within its year. */
export function monthSpan(p: Period): { year: number; from: number; to: number } {
  switch (p.kind) {
    case 'year':
      return { year: p.year, from: 1, to: 12 };
    case 'quarter':
      return { year: p.year, from: p.quarter * 3 - 2, to: p.quarter * 3 };
    case 'month':
      return { year: p.year, from: p.month, to: p.month };
    case 'range':
      return { year: p.year, from: p.from, to: p.to };
  }
}

/** Every month string (`YYYY-MM`) the period covers. */
export function monthsOf(p: Period): string[] {
  const { year, from, to } = monthSpan(p);
  const out: string[] = [];
  for (let m = from; m <= to; m++) out.push(`${year}-${pad(m)}`);
  return out;
}

/** The same period one year earlier (for year-on-year comparison). */
export function sameperiodLastYear(p: Period): Period {
  return { ...p, year: p.year - 1 };
}

/** The period immediately before, of the same kind (for month-on-month / 环比). A range steps back a year (the same months a year earlier). */
export function previousPeriod(p: Period): Period {
  switch (p.kind) {
    case 'year':
      return { kind: 'year', year: p.year - 1 };
    case 'quarter':
      return p.quarter === 1
        ? { kind: 'quarter', year: p.year - 1, quarter: 4 }
        : { kind: 'quarter', year: p.year, quarter: p.quarter - 1 };
    case 'month':
      return p.month === 1
        ? { kind: 'month', year: p.year - 1, month: 12 }
        : { kind: 'month', year: p.year, month: p.month - 1 };
    case 'range':
      return { ...p, year: p.year - 1 };
  }
}

/** The period's end on a continuous year axis, year − 1 + last month/12: 2021-06 → 2020.5, 2021-Q3 → 2020.75, 2021 and 2021-12 → 2021. */
export function periodEndYear(p: Period): number {
  const { year, to } = monthSpan(p);
  return year - 1 + to / 12;
}

/** Whether the period covers a whole year. */
export function isFullYear(p: Period): boolean {
  const { from, to } = monthSpan(p);
  return from === 1 && to === 12;
}

/** 2024年5月, 2024年1-5月, 2024年第一季度, 2024年 — the Chinese label used in tables and bulletins. */
export function periodLabelZh(p: Period): string {
  switch (p.kind) {
    case 'year':
      return `${p.year}年`;
    case 'quarter':
      return `${p.year}年第${['一', '二', '三', '四'][p.quarter - 1]}季度`;
    case 'month':
      return `${p.year}年${p.month}月`;
    case 'range':
      return p.from === p.to ? `${p.year}年${p.to}月` : `${p.year}年${p.from}-${p.to}月`;
  }
}

export function periodLabelEn(p: Period): string {
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  switch (p.kind) {
    case 'year':
      return String(p.year);
    case 'quarter':
      return `Q${p.quarter} ${p.year}`;
    case 'month':
      return `${months[p.month - 1]} ${p.year}`;
    case 'range':
      return `${months[p.from - 1]}–${months[p.to - 1]} ${p.year}`;
  }
}
