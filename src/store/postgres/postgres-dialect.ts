import { AMOUNT_PRECISION, type Dialect, flagOf, quoteIdent, type ValueKind } from '../dialect.js';
import { PostgresDriver } from './postgres-driver.js';
import { stageFilePostgres } from './stage-file-postgres.js';

const TYPES: Readonly<Record<ValueKind, string>> = {
  text: 'TEXT',
  amount: `NUMERIC(${AMOUNT_PRECISION})`,
  count: 'BIGINT',
  flag: 'BOOLEAN',
};

/**
 * {@link ACCEPTS} as character checks: translate/LIKE are several times faster than a regular expression on
 * PostgreSQL.
 */
const ACCEPTS_TEXT: Readonly<Record<'amount' | 'count', (t: string) => string>> = {
  amount: (t) => `translate(${t}, '0123456789', '') IN ('', '.', '-', '-.') AND ${t} NOT LIKE '_%-%'
      AND ${t} NOT LIKE '%.' AND length(rtrim(split_part(${t}, '.', 2), '0')) <= 2
      AND length(replace(split_part(${t}, '.', 1), '-', '')) BETWEEN 1 AND 16`,
  count: (t) => `translate(${t}, '0123456789', '') IN ('', '-') AND ${t} NOT LIKE '_%-%'
      AND length(replace(${t}, '-', '')) BETWEEN 1 AND 18`,
};

export const postgresDialect: Dialect = {
  engine: 'postgres',
  text: 'TEXT',
  amount: 'NUMERIC(38,6)',
  timestamp: 'TIMESTAMPTZ',
  bigint: 'BIGINT',
  now: 'now()',
  ident: quoteIdent,
  typeOf: (kind) => TYPES[kind],
  asText: (expr) => `CAST(${expr} AS TEXT)`,
  // No TRY_CAST: the accept rule guards the cast, so a text that passes always converts.
  tryCast: (t, kind) =>
    kind === 'flag' ? flagOf(t) : `CASE WHEN ${ACCEPTS_TEXT[kind](t)} THEN CAST(${t} AS ${TYPES[kind]}) END`,
  fullMatch: (expr, re) => `${expr} ~ '^(?:${re})$'`,
  bulkFormats: ['csv'],
  stageFile(driver, req, work) {
    if (!(driver instanceof PostgresDriver))
      throw new Error('the PostgreSQL dialect stages files on PostgreSQL only');
    return driver.transaction(async (tx) => work(tx, await stageFilePostgres(tx as PostgresDriver, req)));
  },
  // The rows table has no index on the partition: one grouping over all of it.
  duplicateProbe: (table, partition, key) => ({
    sql: `SELECT count(*) AS n FROM (SELECT 1 FROM ${quoteIdent(table)}
           GROUP BY ${[partition, ...key].map(quoteIdent).join(', ')} HAVING count(*) > 1) x`,
    perPartition: false,
  }),
  duplicateCandidates: (relation) => relation,
  // One statement-level trigger: even an UPDATE or DELETE matching no row is refused, and so is TRUNCATE.
  appendOnlyGuard: (table) => [
    `CREATE OR REPLACE FUNCTION ecmon_refuse_edit() RETURNS trigger LANGUAGE plpgsql AS $$
     BEGIN
       RAISE EXCEPTION 'ecmon: % is append-only: % refused', TG_TABLE_NAME, TG_OP USING ERRCODE = '42501';
     END $$`,
    `CREATE TRIGGER ${quoteIdent(`${table}_append_only`)} BEFORE UPDATE OR DELETE OR TRUNCATE ON ${quoteIdent(table)}
     FOR EACH STATEMENT EXECUTE FUNCTION ecmon_refuse_edit()`,
  ],
  isUniqueViolation: (error) => (error as { code?: unknown } | null)?.code === '23505',
};
