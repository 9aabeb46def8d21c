/** The entities behind a count: who was counted for a measure, in some areas, over a period. */
import { monthSpan, parsePeriod } from '../domain/period.js';
import type { Plan } from '../plan/plan-types.js';
import type { Driver } from '../store/driver.js';
import { compileCountedEntitiesQuery } from './compile-count-rules.js';

export interface CountedEntity {
  /** 统一社会信用代码 or the carrier's code. */
  code: string;
  name: string;
  area: string;
  designation: string;
  valid_from: string;
  valid_to: string | null;
  document: string | null;
  body: string | null;
}

/** First and last day of a period (`2023` → 2023-01-01..2023-12-31). */
export function periodDays(period: string): { first: string; last: string } {
  const s = monthSpan(parsePeriod(period));
  const last = new Date(Date.UTC(s.year, s.to, 0)).getUTCDate();
  const mm = (m: number): string => String(m).padStart(2, '0');
  return { first: `${s.year}-${mm(s.from)}-01`, last: `${s.year}-${mm(s.to)}-${last}` };
}

/** Null when the plan has no count rule for `measure`. `areas` null: the whole plan area. */
export async function countedEntities(
  driver: Driver,
  plan: Plan,
  measure: string,
  period: string,
  areas: readonly string[] | null,
): Promise<CountedEntity[] | null> {
  const rule = plan.registry.counts.find((r) => r.measure === measure);
  if (!rule) return null;
  const names = new Map(plan.registry.designations.map((d) => [d.id, d.name]));
  const q = compileCountedEntitiesQuery(plan, rule, periodDays(period), areas);
  return (await driver.query(q.sql, q.params)).map((r) => ({
    code: String(r.id),
    name: String(r.name),
    area: String(r.area),
    designation: names.get(String(r.designation)) ?? String(r.designation),
    valid_from: String(r.valid_from),
    valid_to: r.valid_to === null ? null : String(r.valid_to),
    document: r.document === null ? null : String(r.document),
    body: r.body === null ? null : String(r.body),
  }));
}
