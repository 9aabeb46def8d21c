/** What the registry holds, as plain records: the current version of each (registry-repository.ts). */

/** An enterprise (id = 统一社会信用代码), a carrier or a project (id = its 编号). */
export interface EntityRecord {
  id: string;
  kind: string;
  name: string;
  area: string;
  domain: string | null;
  founded: string | null;
  /** The enterprise (USCC) that operates a carrier or project. */
  operator: string | null;
  /** The kind's own fields (plan `registry.kinds[].fields`), by field id. */
  fields: Record<string, string>;
}

/** A designation held from `valid_from` until the day before `valid_to` (the day it ended), if any. */
export interface DesignationRecord {
  id: string;
  entity_id: string;
  designation: string;
  valid_from: string;
  valid_to: string | null;
  body: string | null;
  document: string | null;
  source: string | null;
}

export interface CreditRecord {
  id: string;
  entity_id: string;
  credit_type: string;
  record_date: string;
  source: string | null;
  document: string | null;
  valid_to: string | null;
  /** Whether the record is published (公示); only published records are shown publicly. */
  public: boolean;
  note: string | null;
}

export interface RegistryContent {
  entities: EntityRecord[];
  designations: DesignationRecord[];
  credit: CreditRecord[];
  /** Entities whose latest version removed them, with the first day they no longer count (read only). */
  removed?: RemovedEntity[];
}

export interface RemovedEntity extends EntityRecord {
  removed_on: string;
}

/** A designation is one per entity, title and start date: a later row with the same three corrects it. */
export const designationId = (entityId: string, designation: string, validFrom: string): string =>
  `${entityId}|${designation}|${validFrom}`;

export const creditId = (entityId: string, type: string, date: string, document: string | null): string =>
  `${entityId}|${type}|${date}|${document ?? ''}`;

/** Whether a designation is in force on `date` (ISO dates compare as text). */
export const activeOn = (d: Pick<DesignationRecord, 'valid_from' | 'valid_to'>, date: string): boolean =>
  d.valid_from <= date && (d.valid_to === null || d.valid_to > date);
