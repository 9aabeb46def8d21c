/**
 * Loads a file into a typed DuckDB table in one pass of the engine's own reader (read_csv, read_parquet,
 * read_json): every column read as text and typed in the same statement, so a bad value becomes an error
 * line rather than a failed load. CSV records with the wrong number of fields are kept by read_csv's
 * rejects table with their line numbers. Rows keep file order, so a row's line is its rowid plus the first
 * data line, shifted past any rejected records before it.
 */
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { UserError } from '../../domain/user-error.js';
import { type BulkFile, quoteIdent, type StagedFile, type StageRequest } from '../dialect.js';
import { textColumns } from './columnar-files.js';
import type { DuckDbDriver } from './duckdb-driver.js';

function reader(source: BulkFile): string {
  switch (source.readAs) {
    case 'csv':
      return `read_csv($1, header = true, auto_detect = false, delim = ',', quote = '"', escape = '"',
        columns = ${textColumns(source.columns)}, store_rejects = true,
        rejects_table = 'feed_reject_errors', rejects_scan = 'feed_reject_scans')`;
    case 'parquet':
      return 'read_parquet($1)';
    case 'ndjson':
      return `read_json($1, format = 'newline_delimited', columns = ${textColumns(source.columns)})`;
  }
}

/** Creates `req.table` with the typed rows of `req.source`; `rowid` references a row. */
export async function stageFileDuckDb(driver: DuckDbDriver, req: StageRequest): Promise<StagedFile> {
  const { source, table, onRows } = req;
  const conn = driver.connection;
  await driver.exec('DROP TABLE IF EXISTS feed_reject_errors; DROP TABLE IF EXISTS feed_reject_scans');
  await driver.exec('SET enable_progress_bar = true; SET enable_progress_bar_print = false');
  const total = await estimateRows(driver, source);
  const timer = setInterval(() => {
    const p = conn.progress.percentage;
    if (p > 0) onRows(Math.round((p / 100) * total), total);
  }, 200);
  try {
    await driver.query(`CREATE TABLE ${quoteIdent(table)} AS ${req.typed(reader(source), [])}`, [
      source.path,
    ]);
  } catch (e) {
    throw new UserError({
      place: source.file,
      value: '',
      message: `无法读取该文件：${(e as Error).message.split('\n')[0]}`,
      hint: `检查文件是否为 ${source.format} 格式、是否完整；格式可用 --format 指定`,
    });
  } finally {
    clearInterval(timer);
  }
  const rejected = source.readAs === 'csv' ? 'feed_reject_errors' : '(SELECT NULL AS line WHERE FALSE)';
  await driver.exec(
    `CREATE OR REPLACE TEMPORARY TABLE feed_reject_lines AS
     SELECT line, line - ${source.firstLine} - row_number() OVER (ORDER BY line) + 1 AS shifted
     FROM (SELECT DISTINCT CAST(line AS BIGINT) AS line FROM ${rejected} r) l`,
  );
  await driver.exec(
    source.readAs === 'csv'
      ? `CREATE OR REPLACE TEMPORARY TABLE staged_rejects AS
         SELECT CAST(line AS BIGINT) AS line, min(csv_line) AS raw,
                CASE WHEN min(error_type) IN ('MISSING COLUMNS', 'TOO MANY COLUMNS')
                  THEN length(min(csv_line)) - length(replace(min(csv_line), ',', '')) + 1 END AS fields
         FROM feed_reject_errors GROUP BY line`
      : 'CREATE OR REPLACE TEMPORARY TABLE staged_rejects (line BIGINT, raw VARCHAR, fields BIGINT)',
  );
  const n = await driver.query<{ n: string }>(
    `SELECT CAST(count(*) AS VARCHAR) AS n FROM ${quoteIdent(table)}`,
  );
  const firstLine = source.firstLine;
  return {
    rows: Number(n[0]?.n ?? 0),
    ref: 'rowid',
    lineOf: (ref) =>
      `(${ref} + ${firstLine} + (SELECT count(*) FROM feed_reject_lines j WHERE j.shifted <= ${ref}))`,
    rejects: 'staged_rejects',
  };
}

/**
 * How many rows the file holds, for the progress display (DuckDB reports a percentage): Parquet says so in
 * its metadata; a text file is estimated from its size and the length of its first lines.
 */
async function estimateRows(driver: DuckDbDriver, source: BulkFile): Promise<number> {
  if (source.readAs === 'parquet') {
    const r = await driver.query<{ n: string }>(
      'SELECT CAST(sum(num_rows) AS VARCHAR) AS n FROM parquet_file_metadata($1)',
      [source.path],
    );
    return Number(r[0]?.n ?? 0);
  }
  const size = statSync(source.path).size;
  const fd = openSync(source.path, 'r');
  try {
    const buf = Buffer.alloc(Math.min(size, 1 << 20));
    const n = readSync(fd, buf, 0, buf.length, 0);
    let lines = 0;
    for (let i = 0; i < n; i++) if (buf[i] === 0x0a) lines++;
    return lines > 1 ? Math.round((size / n) * lines) - (source.firstLine - 1) : 1;
  } finally {
    closeSync(fd);
  }
}
