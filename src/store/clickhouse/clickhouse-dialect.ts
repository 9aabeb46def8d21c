import { ACCEPTS, AMOUNT_PRECISION, type Dialect, quoteIdent, type ValueKind } from '../dialect.js';
import { ClickHouseDriver } from './clickhouse-driver.js';
import { stageFileClickHouse } from './stage-file-clickhouse.js';

/** 18.16 has Decimal (no longer experimental) but no Bool: a flag is a UInt8 0/1. */
const TYPES: Readonly<Record<ValueKind, string>> = {
  text: 'String',
  amount: `Decimal(${AMOUNT_PRECISION})`,
  count: 'Int64',
  flag: 'UInt8',
};

/** A regular expression from the code as a ClickHouse string literal, anchored at both ends. */
const anchored = (re: string): string => `'^(?:${re.replace(/\\/g, '\\\\')})$'`;

const fullMatch = (expr: string, re: string): string => `match(${expr}, ${anchored(re)})`;

/**
 * 18.16 has no toDecimal64OrNull, and `if` evaluates both branches, so the cast reads a harmless '0' where the
 * accept rule fails; a text that passes always converts.
 */
const CASTS: Readonly<Record<'amount' | 'count', (t: string) => string>> = {
  amount: (t) => `toDecimal64(if(${fullMatch(t, ACCEPTS.amount)}, ${t}, '0'), 2)`,
  count: (t) => `toInt64(if(${fullMatch(t, ACCEPTS.count)}, ${t}, '0'))`,
};

const FLAGS: readonly [string, 0 | 1][] = [
  ['1', 1],
  ['0', 0],
  ['true', 1],
  ['false', 0],
  ['TRUE', 1],
  ['FALSE', 0],
  ['True', 1],
  ['False', 0],
];

export const clickhouseDialect: Dialect = {
  engine: 'clickhouse',
  text: 'String',
  amount: 'Decimal(38,6)',
  timestamp: 'DateTime',
  bigint: 'Int64',
  now: 'now()',
  ident: quoteIdent,
  typeOf: (kind) => TYPES[kind],
  asText: (expr) => `toString(${expr})`,
  tryCast: (t, kind) =>
    kind === 'flag'
      ? `CASE ${FLAGS.map(([text, v]) => `WHEN ${t} = '${text}' THEN toNullable(toUInt8(${v}))`).join(' ')} ELSE NULL END`
      : `if(${fullMatch(t, ACCEPTS[kind])}, toNullable(${CASTS[kind](t)}), NULL)`,
  fullMatch,
  bulkFormats: ['csv'],
  async stageFile(driver, req, work) {
    if (!(driver instanceof ClickHouseDriver))
      throw new Error('the ClickHouse dialect stages files on ClickHouse only');
    // No transactions: the typed table is dropped again when the work fails.
    const staged = await stageFileClickHouse(driver, req);
    try {
      return await work(driver, staged);
    } catch (e) {
      await driver.exec(`DROP TABLE IF EXISTS ${quoteIdent(req.table)}`);
      throw e;
    } finally {
      await driver.exec(`DROP TABLE IF EXISTS ${quoteIdent(staged.rejects)}`);
    }
  },
  // A distributed GROUP BY merges the shards' partial groups: one pass.
  duplicateProbe: (table, partition, key) => ({
    sql: `SELECT count() AS n FROM (SELECT 1 FROM ${quoteIdent(table)}
           GROUP BY ${[partition, ...key].map(quoteIdent).join(', ')} HAVING count() > 1)`,
    perPartition: false,
  }),
  duplicateCandidates: (relation) => relation,
  // No unique constraints here: batches and their live keys are kept on the paired PostgreSQL store.
  isUniqueViolation: () => false,
};
