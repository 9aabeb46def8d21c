/**
 * The registry tables (migration 10). Every change is a new version row under a `registry_changes` entry that
 * says who, when and why; nothing is updated in place. The current state of a record is its latest version
 * unless that version removed it.
 */
import type { Driver, Row, SqlValue } from '../store/driver.js';
import type { CreditRecord, DesignationRecord, EntityRecord, RegistryContent } from './registry-records.js';

export interface RegistryChange {
  by: string;
  reason: string | null;
  file: string | null;
  simulated: boolean;
}

export interface ChangeSet {
  entities: EntityRecord[];
  designations: DesignationRecord[];
  credit: CreditRecord[];
  /** Entities removed from the registry on a date (a version marking the entity removed; history kept). */
  removals?: { id: string; on: string }[];
}

const ENTITY_COLS = ['id', 'version', 'kind', 'name', 'area', 'domain', 'founded', 'operator', 'fields'];
const DESIGNATION_COLS = [
  'id',
  'version',
  'entity_id',
  'designation',
  'valid_from',
  'valid_to',
  'body',
  'document',
  'source',
];
const CREDIT_COLS = [
  'id',
  'version',
  'entity_id',
  'credit_type',
  'record_date',
  'source',
  'document',
  'valid_to',
  'public',
  'note',
];

/** The latest version of each row of `table` that is not removed (SQL text for FROM/JOIN). */
export const currentRows = (table: string): string => `(${latest(table)} WHERE NOT t.removed)`;

/** Each row's latest version: a join to the grouped maxima, which both engines plan as hash joins. */
const latest = (table: string): string =>
  `SELECT t.* FROM ${table} t JOIN (SELECT id, max(version) AS v FROM ${table} GROUP BY id) l ON l.id = t.id AND l.v = t.version`;

/**
 * The latest version of each entity, removed ones included (with `removed_on`): counts stop at the removal
 * date rather than forgetting the entity's past.
 */
export const latestEntities = (): string => `(${latest('registry_entities')})`;

export async function registryVersion(driver: Driver): Promise<number> {
  const [r] = await driver.query('SELECT max(version) AS v FROM registry_changes');
  return Number(r?.v ?? 0);
}

export async function readRegistry(driver: Driver): Promise<RegistryContent> {
  const [entities, designations, credit] = await Promise.all([
    driver.query(`SELECT * FROM ${currentRows('registry_entities')} e ORDER BY kind, id`),
    driver.query(
      `SELECT * FROM ${currentRows('registry_designations')} d ORDER BY entity_id, valid_from, designation`,
    ),
    driver.query(`SELECT * FROM ${currentRows('registry_credit')} c ORDER BY entity_id, record_date`),
  ]);
  const removed = await driver.query(`SELECT * FROM ${latestEntities()} e WHERE e.removed ORDER BY kind, id`);
  return {
    entities: entities.map(toEntity),
    designations: designations.map(toDesignation),
    credit: credit.map(toCredit),
    removed: removed.map((r) => ({ ...toEntity(r), removed_on: String(r.removed_on ?? '') })),
  };
}

/** The records of `incoming` that are new or differ from `current` (an identical row is no change). */
export function changesFrom(current: RegistryContent, incoming: RegistryContent): ChangeSet {
  const changed = <T extends { id: string }>(now: readonly T[], next: readonly T[]): T[] => {
    const byId = new Map(now.map((r) => [r.id, JSON.stringify(r)]));
    return next.filter((r) => byId.get(r.id) !== JSON.stringify(r));
  };
  return {
    entities: changed(current.entities, incoming.entities.map(normaliseFields)),
    designations: changed(current.designations, incoming.designations),
    credit: changed(current.credit, incoming.credit),
  };
}

export const isEmptyChange = (c: ChangeSet): boolean =>
  c.entities.length + c.designations.length + c.credit.length + (c.removals?.length ?? 0) === 0;

/** Writes a change set as the next registry version; returns that version. Runs in the caller's transaction. */
export async function recordChange(driver: Driver, meta: RegistryChange, set: ChangeSet): Promise<number> {
  const version = (await registryVersion(driver)) + 1;
  const removals = set.removals ?? [];
  const summary = `企业/载体 ${set.entities.length}，认定 ${set.designations.length}，信用 ${set.credit.length}${
    removals.length ? `，移除 ${removals.length}` : ''
  }`;
  await driver.query(
    `INSERT INTO registry_changes (version, recorded_at, recorded_by, reason, source_file, summary, simulated)
     VALUES ($1, CURRENT_TIMESTAMP, $2, $3, $4, $5, $6)`,
    [version, meta.by, meta.reason, meta.file, summary, meta.simulated],
  );
  await insertRows(
    driver,
    'registry_entities',
    ENTITY_COLS,
    set.entities.map((e) => [
      e.id,
      version,
      e.kind,
      e.name,
      e.area,
      e.domain,
      e.founded,
      e.operator,
      JSON.stringify(e.fields),
    ]),
  );
  await insertRows(
    driver,
    'registry_designations',
    DESIGNATION_COLS,
    set.designations.map((d) => [
      d.id,
      version,
      d.entity_id,
      d.designation,
      d.valid_from,
      d.valid_to,
      d.body,
      d.document,
      d.source,
    ]),
  );
  await insertRows(
    driver,
    'registry_credit',
    CREDIT_COLS,
    set.credit.map((c) => [
      c.id,
      version,
      c.entity_id,
      c.credit_type,
      c.record_date,
      c.source,
      c.document,
      c.valid_to,
      c.public,
      c.note,
    ]),
  );
  for (const r of removals)
    await driver.query(
      `INSERT INTO registry_entities (id, version, removed, removed_on, kind, name, area, domain, founded, operator, fields)
       SELECT id, $1, TRUE, $2, kind, name, area, domain, founded, operator, fields FROM ${currentRows('registry_entities')} e
       WHERE e.id = $3`,
      [version, r.on, r.id],
    );
  return version;
}

async function insertRows(driver: Driver, table: string, cols: string[], rows: SqlValue[][]): Promise<void> {
  const chunk = Math.floor(2000 / cols.length);
  for (let i = 0; i < rows.length; i += chunk) {
    const params: SqlValue[] = [];
    const tuples = rows
      .slice(i, i + chunk)
      .map((r) => `(${r.map((v) => `$${params.push(v)}`).join(', ')})`)
      .join(', ');
    await driver.query(`INSERT INTO ${table} (${cols.join(', ')}) VALUES ${tuples}`, params);
  }
}

/** Every version of an entity's records with who changed them, when and why (oldest first). */
export async function entityHistory(driver: Driver, id: string): Promise<Row[]> {
  return driver.query(
    `SELECT 'entity' AS record, e.id, e.version, e.removed, e.name AS what, NULL AS valid_from, e.removed_on AS valid_to,
            c.recorded_by, CAST(c.recorded_at AS VARCHAR) AS recorded_at, c.reason
       FROM registry_entities e JOIN registry_changes c ON c.version = e.version WHERE e.id = $1
     UNION ALL
     SELECT 'designation', d.id, d.version, d.removed, d.designation, d.valid_from, d.valid_to,
            c.recorded_by, CAST(c.recorded_at AS VARCHAR), c.reason
       FROM registry_designations d JOIN registry_changes c ON c.version = d.version WHERE d.entity_id = $1
     ORDER BY version, record, id`,
    [id],
  );
}

const str = (v: SqlValue | undefined): string | null => (v === null || v === undefined ? null : String(v));

function normaliseFields(e: EntityRecord): EntityRecord {
  return {
    ...e,
    fields: Object.fromEntries(Object.entries(e.fields).sort(([a], [b]) => a.localeCompare(b))),
  };
}

function toEntity(r: Row): EntityRecord {
  return normaliseFields({
    id: String(r.id),
    kind: String(r.kind),
    name: String(r.name),
    area: String(r.area),
    domain: str(r.domain),
    founded: str(r.founded),
    operator: str(r.operator),
    fields: r.fields ? (JSON.parse(String(r.fields)) as Record<string, string>) : {},
  });
}

function toDesignation(r: Row): DesignationRecord {
  return {
    id: String(r.id),
    entity_id: String(r.entity_id),
    designation: String(r.designation),
    valid_from: String(r.valid_from),
    valid_to: str(r.valid_to),
    body: str(r.body),
    document: str(r.document),
    source: str(r.source),
  };
}

function toCredit(r: Row): CreditRecord {
  return {
    id: String(r.id),
    entity_id: String(r.entity_id),
    credit_type: String(r.credit_type),
    record_date: String(r.record_date),
    source: str(r.source),
    document: str(r.document),
    valid_to: str(r.valid_to),
    public: r.public === true || r.public === 'true',
    note: str(r.note),
  };
}
