import { ACCEPTS, AMOUNT_PRECISION, type Dialect, flagOf, quoteIdent, type ValueKind } from '../dialect.js';
import { DuckDbDriver } from './duckdb-driver.js';
import { stageFileDuckDb } from './stage-file-duckdb.js';

const TYPES: Readonly<Record<ValueKind, string>> = {
  text: 'VARCHAR',
  amount: `DECIMAL(${AMOUNT_PRECISION})`,
  count: 'BIGINT',
  flag: 'BOOLEAN',
};

const fullMatch = (expr: string, re: string): string => `regexp_full_match(${expr}, '${re}')`;

const hashOf = (key: readonly string[]): string => `hash(${key.map(quoteIdent).join(', ')})`;

export const duckdbDialect: Dialect = {
  engine: 'duckdb',
  text: 'VARCHAR',
  amount: 'DECIMAL(38,6)',
  timestamp: 'TIMESTAMP',
  bigint: 'BIGINT',
  now: 'current_timestamp',
  ident: quoteIdent,
  typeOf: (kind) => TYPES[kind],
  asText: (expr) => `CAST(${expr} AS VARCHAR)`,
  tryCast: (t, kind) =>
    kind === 'flag'
      ? flagOf(t)
      : `CASE WHEN ${fullMatch(t, ACCEPTS[kind])} THEN TRY_CAST(${t} AS ${TYPES[kind]}) END`,
  fullMatch,
  bulkFormats: ['csv', 'parquet', 'ndjson'],
  async stageFile(driver, req, work) {
    if (!(driver instanceof DuckDbDriver)) throw new Error('the DuckDB dialect stages files on DuckDB only');
    // DuckDB numbers the rows of a table created inside a transaction with transaction-local row ids, so
    // the rows table is created (and its rowids fixed) just before the transaction, and dropped again when
    // the transaction fails.
    const staged = await stageFileDuckDb(driver, req);
    try {
      return await driver.transaction((tx) => work(tx, staged));
    } catch (e) {
      await driver.exec(`DROP TABLE IF EXISTS ${quoteIdent(req.table)}`);
      throw e;
    }
  },
  // Twelve small hash tables (one per month) are faster, and lighter, than one over the whole file.
  duplicateProbe: (table, partition, key) => ({
    sql: `SELECT count(*) AS n FROM (SELECT ${hashOf(key)} AS h FROM ${quoteIdent(table)}
           WHERE ${quoteIdent(partition)} = $1 GROUP BY h HAVING count(*) > 1) x`,
    perPartition: true,
  }),
  // A hash pre-pass narrows the candidates so the exact grouping runs over few rows.
  duplicateCandidates: (relation, key) =>
    `(SELECT * FROM ${relation} WHERE ${hashOf(key)} IN (SELECT ${hashOf(key)} AS h FROM ${relation} GROUP BY h HAVING count(*) > 1))`,
  isUniqueViolation: (error) =>
    error instanceof Error &&
    /^Constraint Error: Duplicate key .* violates (unique|primary key) constraint/.test(error.message),
};
