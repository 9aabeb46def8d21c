/**
 * 企业报表汇总: an enterprise form's figures for a period added up by the area each reporter is registered in,
 * and for the city, from the approved submissions only (a draft, a submitted or a returned one is counted as
 * reporting but not summed). The sums are exact (decimal strings). This is the bureau's own view (the city's
 * roles): an area with a single reporter shows that firm's figures, so it is never published.
 */
import { addDecimals, trimDecimalZeros } from '../domain/decimal-string.js';
import { convertDecimal } from '../domain/unit.js';
import type { FormMeasure } from '../plan/form-spec.js';
import type { Driver } from '../store/driver.js';
import type { Reporter } from './form-reporters.js';

export interface SummaryRow {
  /** An area code, or the plan's root area for the city's row. */
  area: string;
  /** Entities that report the form for the period. */
  reporters: number;
  /** Of them, with a submission past draft (submitted, approved or returned). */
  submitted: number;
  /** Of them, approved: the ones summed. */
  approved: number;
  /** Σ of the approved values per measure in the form's unit (null when none approved has a value). */
  values: Record<string, string | null>;
}

export interface EnterpriseSummary {
  form: string;
  period: string;
  measures: FormMeasure[];
  /** One row per area with reporters, by area code (a firm registered at the city level: the root area's). */
  rows: SummaryRow[];
  /** The whole city: every reporter (area = the root area). */
  total: SummaryRow;
}

/** Adds up `form`'s approved submissions of `period` over `reporters`, by area and for `rootArea`. */
export async function enterpriseSummary(
  db: Driver,
  form: { id: string; measures: FormMeasure[] },
  period: string,
  reporters: readonly Reporter[],
  rootArea: string,
): Promise<EnterpriseSummary> {
  const latest = new Map<string, { batch: string; status: string }>();
  for (const r of await db.query<{ area: string; batch_id: string; status: string }>(
    `SELECT f.area, f.batch_id, b.status FROM form_submissions f JOIN batches b ON b.id = f.batch_id
     WHERE f.form_id = $1 AND f.period = $2 AND b.status <> 'rolled_back' ORDER BY f.revision`,
    [form.id, period],
  ))
    latest.set(String(r.area), { batch: String(r.batch_id), status: String(r.status) });
  const unitOf = new Map(form.measures.map((m) => [m.measure, m.unit]));
  const values = new Map<string, Map<string, string>>();
  for (const r of await db.query<{ batch_id: string; measure: string; value: string | null; unit: string }>(
    `SELECT v.batch_id, v.measure, v.value, v.unit FROM form_values v JOIN form_submissions f ON f.batch_id = v.batch_id
     JOIN batches b ON b.id = v.batch_id WHERE f.form_id = $1 AND f.period = $2 AND b.status = 'approved'`,
    [form.id, period],
  )) {
    const to = unitOf.get(String(r.measure));
    if (r.value === null || !to) continue;
    const cells = values.get(String(r.batch_id)) ?? new Map<string, string>();
    cells.set(String(r.measure), convertDecimal(String(r.value), String(r.unit), to));
    values.set(String(r.batch_id), cells);
  }
  const row = (area: string, members: readonly Reporter[]): SummaryRow => {
    const subs = members.map((m) => latest.get(m.id)).filter((s) => s !== undefined);
    const approved = subs.filter((s) => s.status === 'approved');
    return {
      area,
      reporters: members.length,
      submitted: subs.filter((s) => s.status !== 'draft').length,
      approved: approved.length,
      values: Object.fromEntries(
        form.measures.map((m) => {
          const cells = approved.flatMap((s) => values.get(s.batch)?.get(m.measure) ?? []);
          return [m.measure, cells.length ? trimDecimalZeros(addDecimals(cells)) : null];
        }),
      ),
    };
  };
  const areas = [...new Set(reporters.map((r) => r.area))].sort();
  return {
    form: form.id,
    period,
    measures: form.measures,
    rows: areas.map((a) =>
      row(
        a,
        reporters.filter((r) => r.area === a),
      ),
    ),
    total: row(rootArea, reporters),
  };
}
