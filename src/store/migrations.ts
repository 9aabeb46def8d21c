import type { Dialect } from './dialect.js';
import type { Driver } from './driver.js';

/**
 * Versioned schema migrations. Each is applied once, in order, inside a transaction, and recorded in
 * `schema_migrations`. Never edit a released migration: add a new one.
 */
export interface Migration {
  version: number;
  name: string;
  sql(d: Dialect): string;
}

const observationColumns = (d: Dialect): string => `
  measure ${d.text} NOT NULL,
  area ${d.text} NOT NULL,
  period ${d.text} NOT NULL,
  period_kind ${d.text} NOT NULL,
  year INTEGER NOT NULL,
  month_from INTEGER NOT NULL,
  month_to INTEGER NOT NULL,
  domain ${d.text} NOT NULL DEFAULT '',
  platform ${d.text} NOT NULL DEFAULT '',
  category ${d.text} NOT NULL DEFAULT '',
  value ${d.amount} NOT NULL,
  unit ${d.text} NOT NULL,
  value_base ${d.amount} NOT NULL,
  base_unit ${d.text} NOT NULL,
  published_yoy DECIMAL(12,6),
  source ${d.text},
  batch_id ${d.text},
  simulated BOOLEAN NOT NULL DEFAULT FALSE,
  loaded_at ${d.timestamp} NOT NULL`;

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'plan, areas, zones, measures, observations with history, batches',
    sql: (d) => `
CREATE TABLE meta (key ${d.text} PRIMARY KEY, value ${d.text} NOT NULL);
INSERT INTO meta VALUES ('data_version', '0');
CREATE TABLE plans (
  id ${d.text} PRIMARY KEY,
  version ${d.text} NOT NULL,
  title ${d.text} NOT NULL,
  file ${d.text} NOT NULL,
  content ${d.text} NOT NULL,
  active BOOLEAN NOT NULL,
  loaded_at ${d.timestamp} NOT NULL
);
CREATE TABLE areas (
  code ${d.text} PRIMARY KEY,
  name ${d.text} NOT NULL,
  name_en ${d.text},
  kind ${d.text} NOT NULL,
  parent ${d.text}
);
CREATE TABLE zones (id ${d.text} PRIMARY KEY, name ${d.text} NOT NULL, kind ${d.text} NOT NULL);
CREATE TABLE zone_areas (zone_id ${d.text} NOT NULL, area_code ${d.text} NOT NULL, PRIMARY KEY (zone_id, area_code));
CREATE TABLE measures (
  id ${d.text} PRIMARY KEY,
  name ${d.text} NOT NULL,
  unit ${d.text} NOT NULL,
  aggregation ${d.text} NOT NULL
);
CREATE TABLE batches (
  id ${d.text} PRIMARY KEY,
  kind ${d.text} NOT NULL,
  platform ${d.text},
  period ${d.text},
  file ${d.text},
  status ${d.text} NOT NULL,
  row_count ${d.bigint} NOT NULL DEFAULT 0,
  rejected ${d.bigint} NOT NULL DEFAULT 0,
  observations ${d.bigint} NOT NULL DEFAULT 0,
  simulated BOOLEAN NOT NULL DEFAULT FALSE,
  loaded_at ${d.timestamp} NOT NULL,
  replaces ${d.text},
  note ${d.text}
);
CREATE TABLE observations (${observationColumns(d)},
  PRIMARY KEY (measure, area, period, domain, platform, category)
);
CREATE TABLE observation_history (${observationColumns(d)},
  replaced_at ${d.timestamp} NOT NULL,
  replaced_by ${d.text}
);
`,
  },
  {
    version: 2,
    name: 'platform feeds: loads, batch lineage, per-batch aggregates, quarantine, batch events',
    sql: (d) => `
CREATE TABLE feed_loads (
  id ${d.text} PRIMARY KEY,
  file ${d.text} NOT NULL,
  format ${d.text} NOT NULL,
  encoding ${d.text},
  platform ${d.text} NOT NULL,
  rows_table ${d.text} NOT NULL,
  row_count ${d.bigint} NOT NULL,
  rejected ${d.bigint} NOT NULL,
  simulated BOOLEAN NOT NULL,
  loaded_at ${d.timestamp} NOT NULL
);
ALTER TABLE batches ADD COLUMN load_id ${d.text};
CREATE TABLE feed_cells (
  batch_id ${d.text} NOT NULL,
  measure ${d.text} NOT NULL,
  area ${d.text} NOT NULL,
  domain ${d.text} NOT NULL,
  category ${d.text} NOT NULL,
  value ${d.amount} NOT NULL,
  PRIMARY KEY (batch_id, measure, area, domain, category)
);
CREATE TABLE feed_quarantine (
  load_id ${d.text} NOT NULL,
  batch_id ${d.text},
  line ${d.bigint} NOT NULL,
  column_name ${d.text} NOT NULL,
  value ${d.text},
  rule ${d.text} NOT NULL,
  message ${d.text} NOT NULL,
  raw ${d.text}
);
CREATE TABLE feed_events (
  batch_id ${d.text} NOT NULL,
  action ${d.text} NOT NULL,
  happened_at ${d.timestamp} NOT NULL,
  detail ${d.text}
);
`,
  },
  {
    version: 3,
    name: 'batch states, batch events, one live batch per key',
    // committed/partial → published (partial stays visible as rejected > 0), replaced → superseded. The index
    // comes before the updates: DuckDB cannot create an index over updates outstanding in the transaction. Where
    // concurrent ingests left two batches in force for one platform × month, the newest keeps the key.
    sql: (d) => `
ALTER TABLE batches ADD COLUMN live_key ${d.text};
CREATE UNIQUE INDEX batches_live_key ON batches (live_key);
UPDATE batches SET status = 'published' WHERE status IN ('committed', 'partial');
UPDATE batches SET status = 'superseded' WHERE status = 'replaced';
UPDATE batches SET status = 'superseded'
WHERE kind = 'feed' AND status = 'published' AND EXISTS (
  SELECT 1 FROM batches n WHERE n.kind = 'feed' AND n.status = 'published' AND n.platform = batches.platform
    AND n.period = batches.period AND (n.loaded_at > batches.loaded_at OR (n.loaded_at = batches.loaded_at AND n.id > batches.id)));
UPDATE batches SET live_key = 'feed|' || platform || '|' || period WHERE kind = 'feed' AND status = 'published';
CREATE TABLE batch_events (
  batch_id ${d.text} NOT NULL,
  from_status ${d.text},
  to_status ${d.text} NOT NULL,
  actor ${d.text} NOT NULL,
  reason ${d.text},
  happened_at ${d.timestamp} NOT NULL,
  seq INTEGER NOT NULL
);
INSERT INTO batch_events
SELECT batch_id,
  CASE action WHEN 'replaced' THEN 'published' WHEN 'rolled_back' THEN 'published' WHEN 'restored' THEN 'superseded' END,
  CASE action WHEN 'committed' THEN 'published' WHEN 'replaced' THEN 'superseded' WHEN 'restored' THEN 'published'
    ELSE action END,
  'system', detail, happened_at, CAST(row_number() OVER (PARTITION BY batch_id ORDER BY happened_at) AS INTEGER)
FROM feed_events;
DROP TABLE feed_events;
`,
  },
  {
    version: 4,
    name: 'observation layers: published, and working for batches awaiting approval',
    sql: (d) => `
CREATE TABLE observations_layered (${observationColumns(d)},
  layer ${d.text} NOT NULL DEFAULT 'published',
  PRIMARY KEY (measure, area, period, domain, platform, category, layer)
);
INSERT INTO observations_layered SELECT *, 'published' FROM observations;
DROP TABLE observations;
ALTER TABLE observations_layered RENAME TO observations;
ALTER TABLE observation_history ADD COLUMN layer ${d.text} DEFAULT 'published';
`,
  },
  {
    version: 10,
    name: 'registry: enterprises, carriers and projects, designations over time, credit records; every change a version',
    sql: (d) => `
CREATE TABLE registry_changes (
  version INTEGER PRIMARY KEY,
  recorded_at ${d.timestamp} NOT NULL,
  recorded_by ${d.text} NOT NULL,
  reason ${d.text},
  source_file ${d.text},
  summary ${d.text} NOT NULL,
  simulated BOOLEAN NOT NULL DEFAULT FALSE
);
CREATE TABLE registry_entities (
  id ${d.text} NOT NULL,
  version INTEGER NOT NULL,
  removed BOOLEAN NOT NULL DEFAULT FALSE,
  kind ${d.text} NOT NULL,
  name ${d.text} NOT NULL,
  area ${d.text} NOT NULL,
  domain ${d.text},
  founded ${d.text},
  operator ${d.text},
  fields ${d.text},
  PRIMARY KEY (id, version)
);
CREATE TABLE registry_designations (
  id ${d.text} NOT NULL,
  version INTEGER NOT NULL,
  removed BOOLEAN NOT NULL DEFAULT FALSE,
  entity_id ${d.text} NOT NULL,
  designation ${d.text} NOT NULL,
  valid_from ${d.text} NOT NULL,
  valid_to ${d.text},
  body ${d.text},
  document ${d.text},
  source ${d.text},
  PRIMARY KEY (id, version)
);
CREATE TABLE registry_credit (
  id ${d.text} NOT NULL,
  version INTEGER NOT NULL,
  removed BOOLEAN NOT NULL DEFAULT FALSE,
  entity_id ${d.text} NOT NULL,
  credit_type ${d.text} NOT NULL,
  record_date ${d.text} NOT NULL,
  source ${d.text},
  document ${d.text},
  valid_to ${d.text},
  public BOOLEAN NOT NULL DEFAULT FALSE,
  note ${d.text},
  PRIMARY KEY (id, version)
);
`,
  },
  {
    version: 11,
    name: 'registry: removal date of an entity (a removal is a version); per-batch per-seller feed figures (seller_uscc)',
    sql: (d) => `
ALTER TABLE registry_entities ADD COLUMN removed_on ${d.text};
CREATE TABLE feed_seller_cells (
  batch_id ${d.text} NOT NULL,
  seller_uscc ${d.text} NOT NULL,
  measure ${d.text} NOT NULL,
  value ${d.amount} NOT NULL,
  store_rows ${d.bigint} NOT NULL,
  PRIMARY KEY (batch_id, seller_uscc, measure)
);
CREATE INDEX feed_seller_cells_seller ON feed_seller_cells (seller_uscc);
`,
  },
  {
    version: 30,
    name: 'report archive: every generated bulletin and evaluation with its data version and who generated it',
    sql: (d) => `
CREATE TABLE reports (
  id ${d.text} PRIMARY KEY,
  kind ${d.text} NOT NULL,
  period ${d.text} NOT NULL,
  format ${d.text} NOT NULL,
  data_version ${d.bigint} NOT NULL,
  simulated BOOLEAN NOT NULL,
  generated_by ${d.text} NOT NULL,
  generated_at ${d.timestamp} NOT NULL,
  size_bytes ${d.bigint} NOT NULL,
  content_base64 ${d.text} NOT NULL
);
`,
  },
];

/** Applies pending migrations (up to `upTo`: tests build old stores); returns the versions applied. */
export async function migrate(
  driver: Driver,
  dialect: Dialect,
  upTo = Number.POSITIVE_INFINITY,
): Promise<number[]> {
  await driver.exec(
    `CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name ${dialect.text} NOT NULL, applied_at ${dialect.timestamp} NOT NULL)`,
  );
  const done = new Set(
    (await driver.query<{ version: number }>('SELECT version FROM schema_migrations')).map((r) =>
      Number(r.version),
    ),
  );
  const applied: number[] = [];
  for (const m of MIGRATIONS) {
    if (done.has(m.version) || m.version > upTo) continue;
    await driver.transaction(async (tx) => {
      for (const stmt of splitStatements(m.sql(dialect))) await tx.exec(stmt);
      await tx.query(`INSERT INTO schema_migrations VALUES ($1, $2, ${dialect.now})`, [m.version, m.name]);
    });
    applied.push(m.version);
  }
  return applied;
}

function splitStatements(sql: string): string[] {
  return sql
    .split(/;\s*\n/)
    .map((s) => s.trim().replace(/;$/, ''))
    .filter((s) => s.length > 0);
}
