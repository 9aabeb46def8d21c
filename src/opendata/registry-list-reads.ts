/**
 * Store reads for the registry's open lists: designations (认定名单) and public credit records (失信名单, 重点关注名单),
 * with only the fields the public may see. A record is withheld when any version of it, or of its entity,
 * came from a simulated (demonstration) registry change: a demonstration entity corrected later by hand is
 * still not a real one.
 */
import { currentRows, latestEntities } from '../registry/registry-repository.js';
import type { Driver } from '../store/driver.js';

export interface PublicDesignationRow {
  entity_id: string;
  kind: string;
  name: string;
  area: string;
  /** The first day the entity no longer counts, when it was removed from the registry. */
  removed_on: string | null;
  designation: string;
  valid_from: string;
  valid_to: string | null;
  body: string | null;
  document: string | null;
  source: string | null;
  /** When the newest of the row's records was written (YYYY-MM-DD…). */
  recorded_at: string;
}

export interface PublicCreditRow {
  entity_id: string;
  kind: string;
  name: string;
  area: string;
  credit_type: string;
  record_date: string;
  valid_to: string | null;
  document: string | null;
  source: string | null;
  recorded_at: string;
}

/** No version of `table`'s row `alias`.id came from a simulated change. */
const neverSimulated = (table: string, alias: string): string =>
  `NOT EXISTS (SELECT 1 FROM ${table} x JOIN registry_changes xc ON xc.version = x.version
               WHERE x.id = ${alias}.id AND xc.simulated)`;

const text = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

/** Every current designation of a real (never simulated) entity, removed entities included with their date. */
export async function publicDesignations(driver: Driver): Promise<PublicDesignationRow[]> {
  const rows = await driver.query(
    `SELECT e.id AS entity_id, e.kind, e.name, e.area, e.removed_on, d.designation, d.valid_from, d.valid_to,
            d.body, d.document, d.source,
            CAST(CASE WHEN dc.recorded_at > ec.recorded_at THEN dc.recorded_at ELSE ec.recorded_at END AS VARCHAR) AS recorded_at
       FROM ${currentRows('registry_designations')} d
       JOIN ${latestEntities()} e ON e.id = d.entity_id
       JOIN registry_changes dc ON dc.version = d.version
       JOIN registry_changes ec ON ec.version = e.version
      WHERE ${neverSimulated('registry_designations', 'd')} AND ${neverSimulated('registry_entities', 'e')}
      ORDER BY e.kind, d.designation, d.valid_from, e.name, e.id`,
  );
  return rows.map((r) => ({
    entity_id: String(r.entity_id),
    kind: String(r.kind),
    name: String(r.name),
    area: String(r.area),
    removed_on: text(r.removed_on),
    designation: String(r.designation),
    valid_from: String(r.valid_from),
    valid_to: text(r.valid_to),
    body: text(r.body),
    document: text(r.document),
    source: text(r.source),
    recorded_at: String(r.recorded_at),
  }));
}

/** Every current credit record marked public (公示) of a real entity still in the registry. */
export async function publicCreditRecords(driver: Driver): Promise<PublicCreditRow[]> {
  const rows = await driver.query(
    `SELECT e.id AS entity_id, e.kind, e.name, e.area, c.credit_type, c.record_date, c.valid_to, c.document,
            c.source,
            CAST(CASE WHEN cc.recorded_at > ec.recorded_at THEN cc.recorded_at ELSE ec.recorded_at END AS VARCHAR) AS recorded_at
       FROM ${currentRows('registry_credit')} c
       JOIN ${currentRows('registry_entities')} e ON e.id = c.entity_id
       JOIN registry_changes cc ON cc.version = c.version
       JOIN registry_changes ec ON ec.version = e.version
      WHERE c.public AND ${neverSimulated('registry_credit', 'c')} AND ${neverSimulated('registry_entities', 'e')}
      ORDER BY c.record_date, e.name, e.id`,
  );
  return rows.map((r) => ({
    entity_id: String(r.entity_id),
    kind: String(r.kind),
    name: String(r.name),
    area: String(r.area),
    credit_type: String(r.credit_type),
    record_date: String(r.record_date),
    valid_to: text(r.valid_to),
    document: text(r.document),
    source: text(r.source),
    recorded_at: String(r.recorded_at),
  }));
}

/** Whether the registry holds simulated records (never shown in open data: the portal says so). */
export async function hasSimulatedRegistry(driver: Driver): Promise<boolean> {
  const rows = await driver.query<{ n: number | string }>(
    'SELECT COUNT(*) AS n FROM (SELECT 1 FROM registry_changes WHERE simulated LIMIT 1) s',
  );
  return Number(rows[0]?.n ?? 0) > 0;
}
