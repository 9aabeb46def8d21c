/**
 * The periods of a report form and their deadlines. Dates are the bureau's calendar days (China Standard
 * Time, UTC+8): a form due on the 10th is on time all of that day and one day overdue on the 11th.
 */
import { formatPeriod, monthSpan, type Period, parsePeriod, previousPeriod } from '../domain/period.js';
import type { ReportForm } from '../plan/form-spec.js';

const KIND = { monthly: 'month', quarterly: 'quarter', annual: 'year' } as const;
const CST_MS = 8 * 3600 * 1000;
const DAY_MS = 24 * 3600 * 1000;

/** A clock the caller injects (tests fix it); the default is the system clock. */
export type Clock = () => Date;
export const systemClock: Clock = () => new Date();

/** `YYYY-MM-DD` of `at` on the bureau's calendar. */
export function bureauDate(at: Date): string {
  return new Date(at.getTime() + CST_MS).toISOString().slice(0, 10);
}

/** Whether `period` is of the form's period type (a monthly form takes `2026-10`, not `2026-Q4`). */
export function periodFitsForm(form: Pick<ReportForm, 'period'>, period: Period): boolean {
  return period.kind === KIND[form.period];
}

/** The deadline of `period` as a calendar date: day `deadline.day` of the `months_after`-th month after it ends. */
export function deadlineOf(form: Pick<ReportForm, 'deadline'>, period: Period): string {
  const { year, to } = monthSpan(period);
  const index = year * 12 + (to - 1) + form.deadline.months_after;
  const y = Math.floor(index / 12);
  const m = (index % 12) + 1;
  return `${y}-${String(m).padStart(2, '0')}-${String(form.deadline.day).padStart(2, '0')}`;
}

/** Whole days `today` is past `deadline` (0 on or before it). */
export function daysOverdue(deadline: string, today: string): number {
  const diff = (Date.parse(`${today}T00:00:00Z`) - Date.parse(`${deadline}T00:00:00Z`)) / DAY_MS;
  return Math.max(0, Math.round(diff));
}

/** The latest period of the form that has ended by `today` (the one being reported now). */
export function currentPeriod(form: Pick<ReportForm, 'period'>, today: string): Period {
  const [y, m] = today.split('-').map(Number) as [number, number];
  const thisOne: Period =
    form.period === 'monthly'
      ? { kind: 'month', year: y, month: m }
      : form.period === 'quarterly'
        ? { kind: 'quarter', year: y, quarter: Math.ceil(m / 3) }
        : { kind: 'year', year: y };
  return previousPeriod(thisOne);
}

/** The form's periods from its `from` (or `first`) up to the current one, newest first, at most `limit`. */
export function recentPeriods(
  form: Pick<ReportForm, 'period' | 'from'>,
  today: string,
  limit: number,
): Period[] {
  const out: Period[] = [];
  let p = currentPeriod(form, today);
  const first = form.from ? parsePeriod(form.from) : null;
  const key = (x: Period): number => monthSpan(x).year * 12 + monthSpan(x).to;
  while (out.length < limit && (!first || key(p) >= key(first))) {
    out.push(p);
    p = previousPeriod(p);
  }
  return out;
}

export const periodKey = (p: Period): string => formatPeriod(p);
