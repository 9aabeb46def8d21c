import type { Driver, Engine } from './driver.js';

/** The kinds of value a file column can carry; each has one SQL type and one accept rule on every engine. */
export type ValueKind = 'text' | 'amount' | 'count' | 'flag';

/** File formats an engine's bulk loader may read itself (XLSX is always converted to CSV first). */
export type BulkFormat = 'csv' | 'parquet' | 'ndjson';

/** A file ready for bulk loading. */
export interface BulkFile {
  /** The file as the user named it: the place in every error. */
  file: string;
  /** Its format as the user knows it (the hint of a read error). */
  format: string;
  /** What the engine reads: `file` itself or a converted temporary file. */
  path: string;
  readAs: BulkFormat;
  /** Column names in file order; every one is read as text. */
  columns: readonly string[];
  /** The line (Parquet: row) number of the first data row: 2 below a header line, else 1. */
  firstLine: number;
}

/** Reports how far the engine got loading a file: rows, or bytes sent (PostgreSQL's COPY); `total` when known. */
export type RowsCallback = (done: number, total: number | null, unit?: 'rows' | 'bytes') => void;

export interface StageRequest {
  source: BulkFile;
  /** The table to create. */
  table: string;
  /**
   * The SELECT that types the raw relation `from` (every file column as text, under its own name), carrying
   * the extra columns `keep` through unchanged.
   */
  typed(from: string, keep: readonly string[]): string;
  onRows: RowsCallback;
}

/** The rows table of a staged file, as the engine left it. */
export interface StagedFile {
  /** Rows loaded into the table. */
  rows: number;
  /** The column of the table that references a row (stable for the whole load). */
  ref: string;
  /** SQL: the file line of the row whose reference is `ref`, a qualified column (`e.ref`): the SQL may hold a subquery. */
  lineOf(ref: string): string;
  /**
   * Temporary table `(line, raw, fields)` of the records the reader could not parse: `fields` is the number
   * of fields when the count did not match the header, NULL when the record could not be parsed at all.
   */
  rejects: string;
}

/** How to count the keys that occur more than once in a large table. */
export interface DuplicateProbe {
  /** Returns one row with `n`, the number of candidate keys. Takes `$1` = a partition value if `perPartition`. */
  sql: string;
  /** Run once per value of the partition column, or once for the whole table (no parameters). */
  perPartition: boolean;
}

/**
 * How one engine's SQL and bulk paths differ: type names, casts, try-casts, pattern checks, bulk loading of
 * a file and duplicate search. Everything else is written once in standard SQL with `$n` parameters, which
 * every engine accepts. Each engine has its own folder (src/store/duckdb, src/store/postgres) with its driver
 * and dialect; code outside src/store asks the dialect and never names an engine.
 */
export interface Dialect {
  /** The engine's name, for messages and test labels only: never branch on it. */
  readonly engine: Engine;
  /** Column type for text. */
  readonly text: string;
  /** Column type for exact amounts (normalised values). */
  readonly amount: string;
  readonly timestamp: string;
  readonly bigint: string;
  /** Expression for the current timestamp. */
  readonly now: string;
  /** Quotes an identifier (only ever applied to names from the code, never from input). */
  ident(name: string): string;
  /** The column type of a value kind (amounts: 元 with two decimals). */
  typeOf(kind: ValueKind): string;
  /** `expr` as text. */
  asText(expr: string): string;
  /**
   * Text `t` converted to `kind`, or NULL when it is not a valid value of that kind. Every engine accepts
   * exactly the same texts ({@link ACCEPTS}); `t` is an expression evaluated more than once.
   */
  tryCast(t: string, kind: Exclude<ValueKind, 'text'>): string;
  /** TRUE when all of `expr` matches the regular expression `re` (a literal from the code, never input). */
  fullMatch(expr: string, re: string): string;
  /** The file formats the engine loads itself; other files are converted to CSV first. */
  readonly bulkFormats: readonly BulkFormat[];
  /**
   * Loads `req.source` into the typed table `req.table` and runs `work` in a transaction over it. The table
   * stays when `work` commits and is gone when it throws. A file the engine cannot read is a UserError.
   */
  stageFile<T>(
    driver: Driver,
    req: StageRequest,
    work: (tx: Driver, staged: StagedFile) => Promise<T>,
  ): Promise<T>;
  /** The fastest way to count candidate duplicate `key`s of `table` within each value of `partition`. */
  duplicateProbe(table: string, partition: string, key: readonly string[]): DuplicateProbe;
  /** A relation with the rows of `relation` whose `key` may repeat (all rows, or a cheap pre-filter of them). */
  duplicateCandidates(relation: string, key: readonly string[]): string;
  /** TRUE when `error` (thrown by this engine's driver) is a unique or primary key violation. */
  isUniqueViolation(error: unknown): boolean;
  /**
   * Statements (run one by one) that make the database itself refuse UPDATE, DELETE and TRUNCATE on `table`;
   * absent where the engine has no triggers (DuckDB: its driver refuses such statements instead).
   */
  appendOnlyGuard?(table: string): readonly string[];
}

export const quoteIdent = (name: string): string => `"${name.replace(/"/g, '""')}"`;

/** Feed amounts: 元 with at most two decimals, at most 16 integer digits (DECIMAL/NUMERIC(18,2)). */
export const AMOUNT_PRECISION = '18,2';

/**
 * The texts each kind accepts, as regular expressions matched against the whole text: amounts in 元 with at
 * most two decimals (further decimals only when they are zeros, as a Parquet DECIMAL(38,10) writes them: the
 * value is still exact), counts as integers; no exponent, no `+`, no blanks (a cast would accept those on one
 * engine and not on the other, or round silently). Each dialect checks them in the way that is fastest on its
 * engine (DuckDB a regular expression, PostgreSQL character checks); src/store/dialect.test.ts holds every
 * engine to the same table of cases.
 */
export const ACCEPTS: Readonly<Record<'amount' | 'count', string>> = {
  amount: '-?[0-9]{1,16}(\\.[0-9]{1,2}0*)?',
  count: '-?[0-9]{1,18}',
};

/** A flag's text as a boolean, NULL for anything else (the same on every engine). */
export function flagOf(t: string): string {
  return `CASE ${t} WHEN '1' THEN TRUE WHEN '0' THEN FALSE WHEN 'true' THEN TRUE WHEN 'false' THEN FALSE
        WHEN 'TRUE' THEN TRUE WHEN 'FALSE' THEN FALSE WHEN 'True' THEN TRUE WHEN 'False' THEN FALSE END`;
}
