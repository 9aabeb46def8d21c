import { breakdownKey } from '../domain/breakdown.js';
import type { Dialect } from './dialect.js';
import type { Driver } from './driver.js';
import { registerKeys } from './write/breakdown-parts.js';

/**
 * Versioned schema migrations. Each is applied once, in order, inside a transaction, and recorded in
 * `schema_migrations`. Never edit a released migration: add a new one.
 */
export interface Migration {
  version: number;
  name: string;
  sql(d: Dialect): string;
  /** Work SQL cannot say alike on every engine (splitting packed text), run after `sql` in its transaction. */
  run?(tx: Driver, d: Dialect): Promise<void>;
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

/** Observation columns from version 5 on: one canonical breakdown key instead of domain/platform/category. */
const observationColumnsV5 = (d: Dialect): string => `
  measure ${d.text} NOT NULL,
  area ${d.text} NOT NULL,
  period ${d.text} NOT NULL,
  period_kind ${d.text} NOT NULL,
  year INTEGER NOT NULL,
  month_from INTEGER NOT NULL,
  month_to INTEGER NOT NULL,
  breakdown ${d.text} NOT NULL DEFAULT '',
  value ${d.amount} NOT NULL,
  unit ${d.text} NOT NULL,
  value_base ${d.amount} NOT NULL,
  base_unit ${d.text} NOT NULL,
  published_yoy DECIMAL(12,6),
  source ${d.text},
  batch_id ${d.text},
  simulated BOOLEAN NOT NULL DEFAULT FALSE,
  loaded_at ${d.timestamp} NOT NULL,
  layer ${d.text} NOT NULL DEFAULT 'published'`;

/** The columns kept as they were by migration 5, in table order around the breakdown. */
const V5_BEFORE = 'measure, area, period, period_kind, year, month_from, month_to';
const V5_AFTER = 'value, unit, value_base, base_unit, published_yoy, source, batch_id, simulated, loaded_at';

/**
 * Migration 5's data move: every (domain, platform, category) the store holds gets its canonical breakdown
 * key — a `k=v;…` packed into category (the plan's employment_type=direct) becomes parts of their own — and
 * every key its parts; then observations and history are rebuilt with the key in place of the three columns.
 */
async function moveToBreakdownKeys(tx: Driver, d: Dialect): Promise<void> {
  const triples = await tx.query<{ domain: string; platform: string; category: string }>(
    `SELECT domain, platform, category FROM observations
     UNION SELECT domain, platform, category FROM observation_history`,
  );
  const keys = new Set<string>();
  for (const t of triples) {
    const packed = t.category.includes('=');
    const parts: Record<string, string> = { domain: t.domain, platform: t.platform };
    if (packed)
      for (const kv of t.category.split(';')) {
        const i = kv.indexOf('=');
        if (i > 0) parts[kv.slice(0, i).trim()] = kv.slice(i + 1).trim();
      }
    else parts.category = t.category;
    const key = breakdownKey(parts);
    keys.add(key);
    await tx.query(
      `INSERT INTO breakdown_map VALUES (CAST($1 AS ${d.text}), CAST($2 AS ${d.text}), CAST($3 AS ${d.text}), CAST($4 AS ${d.text}))`,
      [t.domain, t.platform, t.category, key],
    );
  }
  await registerKeys(tx, [...keys]);
  const m = `m.domain = o.domain AND m.platform = o.platform AND m.category = o.category`;
  for (const stmt of [
    `CREATE TABLE observations_v5 (${observationColumnsV5(d)},
       PRIMARY KEY (measure, area, period, breakdown, layer))`,
    `INSERT INTO observations_v5 (${V5_BEFORE}, breakdown, ${V5_AFTER}, layer)
     SELECT ${prefixed(V5_BEFORE)}, m.breakdown, ${prefixed(V5_AFTER)}, o.layer
     FROM observations o JOIN breakdown_map m ON ${m}`,
    'DROP TABLE observations',
    'ALTER TABLE observations_v5 RENAME TO observations',
    `CREATE TABLE observation_history_v5 (${observationColumnsV5(d)},
       replaced_at ${d.timestamp} NOT NULL, replaced_by ${d.text})`,
    `INSERT INTO observation_history_v5 (${V5_BEFORE}, breakdown, ${V5_AFTER}, layer, replaced_at, replaced_by)
     SELECT ${prefixed(V5_BEFORE)}, m.breakdown, ${prefixed(V5_AFTER)}, coalesce(o.layer, 'published'),
       o.replaced_at, o.replaced_by FROM observation_history o JOIN breakdown_map m ON ${m}`,
    'DROP TABLE observation_history',
    'ALTER TABLE observation_history_v5 RENAME TO observation_history',
    'DROP TABLE breakdown_map',
  ])
    await tx.exec(stmt);
}

const prefixed = (cols: string): string =>
  cols
    .split(', ')
    .map((c) => `o.${c}`)
    .join(', ');

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
    version: 5,
    name: 'dimensions as data: one canonical breakdown key per observation, its parts indexed for roll-ups',
    sql: (d) => `
CREATE TABLE breakdown_parts (
  breakdown ${d.text} NOT NULL,
  dimension ${d.text} NOT NULL,
  code ${d.text} NOT NULL,
  rest ${d.text} NOT NULL,
  PRIMARY KEY (breakdown, dimension)
);
CREATE INDEX breakdown_parts_rollup ON breakdown_parts (dimension, rest);
CREATE TABLE breakdown_map (domain ${d.text}, platform ${d.text}, category ${d.text}, breakdown ${d.text});
`,
    run: moveToBreakdownKeys,
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
    version: 20,
    name: 'accounts with roles and scopes, sessions, platform tokens (times as ISO-8601 UTC text)',
    sql: (d) => `
CREATE TABLE accounts (
  id ${d.text} PRIMARY KEY,
  name ${d.text} NOT NULL UNIQUE,
  display_name ${d.text} NOT NULL,
  role ${d.text} NOT NULL,
  areas ${d.text} NOT NULL DEFAULT '',
  enterprises ${d.text} NOT NULL DEFAULT '',
  platform ${d.text},
  password_hash ${d.text},
  demo BOOLEAN NOT NULL DEFAULT FALSE,
  disabled BOOLEAN NOT NULL DEFAULT FALSE,
  failed_logins INTEGER NOT NULL DEFAULT 0,
  locked_until ${d.text},
  created_at ${d.text} NOT NULL,
  created_by ${d.text} NOT NULL
);
CREATE TABLE sessions (
  token_hash ${d.text} PRIMARY KEY,
  account_id ${d.text} NOT NULL,
  csrf_token ${d.text} NOT NULL,
  created_at ${d.text} NOT NULL,
  expires_at ${d.text} NOT NULL,
  ip ${d.text}
);
CREATE TABLE api_tokens (
  token_hash ${d.text} PRIMARY KEY,
  account_id ${d.text} NOT NULL,
  hint ${d.text} NOT NULL,
  created_at ${d.text} NOT NULL,
  revoked_at ${d.text}
);
`,
  },
  {
    version: 25,
    name: 'report forms: submissions (one batch each), entered values and notes; append-only audit log; alerts',
    sql: (d) => `
CREATE TABLE form_submissions (
  batch_id ${d.text} PRIMARY KEY,
  form_id ${d.text} NOT NULL,
  area ${d.text} NOT NULL,
  period ${d.text} NOT NULL,
  revision INTEGER NOT NULL,
  created_by ${d.text} NOT NULL,
  created_at ${d.timestamp} NOT NULL
);
CREATE TABLE form_values (
  batch_id ${d.text} NOT NULL,
  measure ${d.text} NOT NULL,
  value ${d.text},
  unit ${d.text} NOT NULL,
  PRIMARY KEY (batch_id, measure)
);
CREATE TABLE form_notes (
  batch_id ${d.text} NOT NULL,
  note_key ${d.text} NOT NULL,
  note ${d.text} NOT NULL,
  PRIMARY KEY (batch_id, note_key)
);
CREATE TABLE audit_log (
  seq ${d.bigint} NOT NULL,
  happened_at ${d.timestamp} NOT NULL,
  actor ${d.text} NOT NULL,
  via ${d.text} NOT NULL,
  what ${d.text} NOT NULL,
  subject ${d.text},
  form_id ${d.text},
  area ${d.text},
  period ${d.text},
  measure ${d.text},
  old_value ${d.text},
  new_value ${d.text},
  reason ${d.text}
);
CREATE TABLE alerts (
  id ${d.text} PRIMARY KEY,
  kind ${d.text} NOT NULL,
  dedupe_key ${d.text} NOT NULL UNIQUE,
  raised_at ${d.timestamp} NOT NULL,
  form_id ${d.text},
  area ${d.text},
  period ${d.text},
  subject ${d.text},
  message_zh ${d.text} NOT NULL,
  message_en ${d.text} NOT NULL,
  webhook_status ${d.text}
);
`,
  },
  {
    version: 26,
    name: 'report forms: approval levels (a district reviewer approves a submission before the city does)',
    sql: (d) => `
CREATE TABLE form_approvals (
  batch_id ${d.text} NOT NULL,
  level ${d.text} NOT NULL,
  approved_by ${d.text} NOT NULL,
  approved_at ${d.timestamp} NOT NULL,
  PRIMARY KEY (batch_id, level)
);
`,
  },
  {
    version: 27,
    name: 'audit log: the database refuses UPDATE, DELETE and TRUNCATE on it (PostgreSQL trigger)',
    sql: () => '',
    async run(tx, d) {
      for (const statement of d.appendOnlyGuard?.('audit_log') ?? []) await tx.exec(statement);
    },
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
  {
    version: 31,
    name: 'bulletin requests: a publish covering a month, or the configured day, asks the schedule for a bulletin',
    sql: (d) => `
CREATE TABLE bulletin_requests (
  id ${d.text} PRIMARY KEY,
  cause ${d.text} NOT NULL,
  month ${d.text},
  batch_id ${d.text},
  requested_at ${d.timestamp} NOT NULL,
  status ${d.text} NOT NULL,
  handled_at ${d.timestamp},
  note ${d.text}
);
`,
  },
  {
    version: 40,
    name: 'open data: API keys (hashed) with their rate limits, and requests counted per key and day',
    sql: (d) => `
CREATE TABLE api_keys (
  id ${d.text} PRIMARY KEY,
  name ${d.text} NOT NULL,
  key_hash ${d.text} NOT NULL UNIQUE,
  per_minute INTEGER NOT NULL,
  created_at ${d.timestamp} NOT NULL,
  created_by ${d.text} NOT NULL,
  disabled BOOLEAN NOT NULL DEFAULT FALSE
);
CREATE TABLE api_key_usage (
  key_id ${d.text} NOT NULL,
  day ${d.text} NOT NULL,
  requests ${d.bigint} NOT NULL,
  PRIMARY KEY (key_id, day)
);
`,
  },
  {
    version: 41,
    name: 'open data: requests per client (hashed) and minute, shared by every server process for the rate limits',
    sql: (d) => `
CREATE TABLE open_rate_usage (
  minute ${d.bigint} NOT NULL,
  client ${d.text} NOT NULL,
  requests ${d.bigint} NOT NULL,
  PRIMARY KEY (minute, client)
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
      await m.run?.(tx, dialect);
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
