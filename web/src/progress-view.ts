/**
 * 报送进度 as an analyst reads it: one line per form × period (how many units report it, how many are in each
 * state, how many are late), the unit rows narrowed to one of those lines or to a state, and the alerts folded
 * by form × period so twenty late firms are one line, not twenty.
 */
import type { Alerts, Progress } from './collect-api.js';

type Row = Progress['rows'][number];
type Alert = Alerts['alerts'][number];

/** One form × period of 报送进度: its units counted by state. */
export interface OverviewLine {
  form: string;
  form_name: { zh: string; en: string };
  period: string;
  deadline: string;
  /** Units due to report it. */
  units: number;
  /** Units by state (a state no unit is in is absent). */
  states: Partial<Record<Row['state'], number>>;
  /** Submitted and awaiting a review (at either level). */
  awaiting: number;
  /** Units whose deadline passed without an approval. */
  overdue: number;
}

/** The form × period lines, in the order the rows first name them (the API's: newest period first). */
export function progressOverview(rows: readonly Row[]): OverviewLine[] {
  const lines = new Map<string, OverviewLine>();
  for (const r of rows) {
    const key = `${r.form}|${r.period}`;
    let line = lines.get(key);
    if (!line) {
      line = {
        form: r.form,
        form_name: r.form_name,
        period: r.period,
        deadline: r.deadline,
        units: 0,
        states: {},
        awaiting: 0,
        overdue: 0,
      };
      lines.set(key, line);
    }
    line.units += 1;
    line.states[r.state] = (line.states[r.state] ?? 0) + 1;
    if (r.state === 'submitted' || r.state === 'district_approved') line.awaiting += 1;
    if (r.days_overdue > 0) line.overdue += 1;
  }
  return [...lines.values()];
}

/** A narrowing of the unit rows: a form, a period, a state or 'overdue' ('' for any). */
export interface RowFilter {
  form: string;
  period: string;
  state: '' | 'overdue' | Row['state'];
}

export function filterRows(rows: readonly Row[], f: RowFilter): Row[] {
  return rows.filter(
    (r) =>
      (!f.form || r.form === f.form) &&
      (!f.period || r.period === f.period) &&
      (!f.state || (f.state === 'overdue' ? r.days_overdue > 0 : r.state === f.state)),
  );
}

/** Alerts of one kind about one form × period (a single alert when it concerns no form). */
export interface AlertGroup {
  key: string;
  kind: Alert['kind'];
  form_id: string | null;
  period: string | null;
  /** Newest first, as the API answers them. */
  alerts: Alert[];
}

/**
 * Folds the alerts of one kind, form and period into a group, kept where the group's newest alert stands;
 * alerts that name no form (a rejected feed, a red light) stay alone.
 */
export function groupAlerts(alerts: readonly Alert[]): AlertGroup[] {
  const groups = new Map<string, AlertGroup>();
  for (const a of alerts) {
    const key = a.form_id ? `${a.kind}|${a.form_id}|${a.period ?? ''}` : a.id;
    const g = groups.get(key);
    if (g) g.alerts.push(a);
    else groups.set(key, { key, kind: a.kind, form_id: a.form_id, period: a.period, alerts: [a] });
  }
  return [...groups.values()];
}
