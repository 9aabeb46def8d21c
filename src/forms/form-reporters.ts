/**
 * Who reports an enterprise form (企业报表) for a period: the registry's entities of the form's kinds, not
 * removed by the period's last day (like the counts, a removal stops reporting from then on but keeps the
 * past), registered in the form's areas when it lists any, and — when the form names designations — holding
 * one of them on the period's last day (a firm designated 独角兽 in August reports the third quarter; one whose
 * designation ended in June does not). Each reports on its own behalf under its code (统一社会信用代码 or
 * registry code), which is the submission's reporting unit.
 */

import type { ReportForm } from '../plan/form-spec.js';
import { periodDays } from '../registry/counted-entities.js';
import { activeOn } from '../registry/registry-records.js';
import { currentRows, latestEntities } from '../registry/registry-repository.js';
import type { Driver } from '../store/driver.js';

export interface Reporter {
  /** The entity's code: the reporting unit of its submissions. */
  id: string;
  name: string;
  /** The area it is registered in. */
  area: string;
}

/** The entities that report `form` for `period`, ordered by area and code. */
export async function enterpriseReporters(db: Driver, form: ReportForm, period: string): Promise<Reporter[]> {
  const kinds = form.enterprise_kinds ?? [];
  if (!kinds.length) return [];
  const { last } = periodDays(period);
  const kindParams = kinds.map((_, i) => `$${i + 2}`).join(', ');
  const entities = await db.query<{ id: string; name: string; area: string }>(
    `SELECT e.id, e.name, e.area FROM ${latestEntities()} e
     WHERE (NOT e.removed OR e.removed_on > $1) AND e.kind IN (${kindParams}) ORDER BY e.area, e.id`,
    [last, ...kinds],
  );
  const inAreas = form.areas.length ? new Set(form.areas) : null;
  let out = entities
    .map((e) => ({ id: String(e.id), name: String(e.name), area: String(e.area) }))
    .filter((e) => !inAreas || inAreas.has(e.area));
  if (form.designations?.length) {
    const titles = form.designations;
    const held = await db.query<{ entity_id: string; valid_from: string; valid_to: string | null }>(
      `SELECT d.entity_id, d.valid_from, d.valid_to FROM ${currentRows('registry_designations')} d
       WHERE d.designation IN (${titles.map((_, i) => `$${i + 1}`).join(', ')})`,
      titles,
    );
    const holding = new Set(
      held
        .filter((d) => activeOn({ valid_from: String(d.valid_from), valid_to: d.valid_to }, last))
        .map((d) => String(d.entity_id)),
    );
    out = out.filter((e) => holding.has(e.id));
  }
  return out;
}

/** Entities by code as the registry last knew them (removed ones too): name and area of a past reporter. */
export async function entitiesByCode(db: Driver, codes: readonly string[]): Promise<Reporter[]> {
  if (!codes.length) return [];
  const rows = await db.query<{ id: string; name: string; area: string }>(
    `SELECT e.id, e.name, e.area FROM ${latestEntities()} e
     WHERE e.id IN (${codes.map((_, i) => `$${i + 1}`).join(', ')}) ORDER BY e.area, e.id`,
    codes,
  );
  return rows.map((e) => ({ id: String(e.id), name: String(e.name), area: String(e.area) }));
}
