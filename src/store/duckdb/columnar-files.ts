/**
 * Parquet and NDJSON file work done by an in-memory DuckDB, whatever engine the store runs: reading a
 * Parquet schema, converting Parquet/NDJSON to CSV (for an engine whose bulk loader reads CSV only), and
 * writing Parquet from CSV (the feed generator). Paths come from the command line or from ecmon's own
 * temporary files, never from a file's content.
 */
import { AMOUNT_PRECISION, type ValueKind } from '../dialect.js';
import { DuckDbDriver } from './duckdb-driver.js';

/** Parquet column types: flags as 0/1 numbers, as the feed format writes them. */
const PARQUET_TYPES: Readonly<Record<ValueKind, string>> = {
  text: 'VARCHAR',
  amount: `DECIMAL(${AMOUNT_PRECISION})`,
  count: 'BIGINT',
  flag: 'TINYINT',
};

/** A string as a SQL literal: DuckDB's table functions and COPY take no parameters for these arguments. */
export function sqlString(s: string): string {
  return `'${s.replace(/'/g, "''")}'`;
}

/** The `columns` struct of read_json/read_csv: every column as VARCHAR. */
export function textColumns(names: readonly string[]): string {
  return `{${names.map((c) => `${sqlString(c)}: 'VARCHAR'`).join(', ')}}`;
}

async function withMemoryDb<T>(fn: (db: DuckDbDriver) => Promise<T>): Promise<T> {
  const db = await DuckDbDriver.open(':memory:');
  try {
    return await fn(db);
  } finally {
    await db.close();
  }
}

/** The column names of a Parquet file, in file order. Throws the engine's error for an unreadable file. */
export function parquetColumnNames(path: string): Promise<string[]> {
  return withMemoryDb(async (db) => {
    const rows = await db.query<{ column_name: string }>(
      `SELECT column_name FROM (DESCRIBE SELECT * FROM read_parquet(${sqlString(path)}))`,
    );
    return rows.map((r) => r.column_name);
  });
}

/** Writes `columns` of a Parquet or NDJSON file as a UTF-8 CSV with a header, every value as text. */
export function columnarToCsv(
  src: string,
  format: 'parquet' | 'ndjson',
  dest: string,
  columns: readonly string[],
): Promise<void> {
  const cols = columns.map((c) => `CAST("${c}" AS VARCHAR) AS "${c}"`).join(', ');
  const reader =
    format === 'parquet'
      ? `read_parquet(${sqlString(src)})`
      : `read_json(${sqlString(src)}, format = 'newline_delimited', columns = ${textColumns(columns)})`;
  return withMemoryDb((db) =>
    db.exec(`COPY (SELECT ${cols} FROM ${reader}) TO ${sqlString(dest)} (FORMAT csv, HEADER true)`),
  );
}

/** Converts a CSV with a header to Parquet (zstd) with the given column kinds, without type sniffing. */
export function csvToParquet(
  src: string,
  dest: string,
  columns: readonly (readonly [name: string, kind: ValueKind])[],
): Promise<void> {
  const struct = `{${columns.map(([c, k]) => `${sqlString(c)}: '${PARQUET_TYPES[k]}'`).join(', ')}}`;
  return withMemoryDb(async (db) => {
    await db.query(
      `COPY (SELECT * FROM read_csv($1, header = true, delim = ',', auto_detect = false, columns = ${struct}))
       TO $2 (FORMAT parquet, COMPRESSION zstd)`,
      [src, dest],
    );
  });
}
