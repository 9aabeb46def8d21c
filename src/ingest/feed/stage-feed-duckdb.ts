/**
 * Loads a feed into a typed DuckDB table in one pass of the engine's own reader (read_csv, read_parquet,
 * read_json): every column read as text and try-cast in the same statement, so a bad value becomes an
 * error line rather than a failed load. CSV records with the wrong number of fields are kept by
 * read_csv's rejects table with their line numbers. Rows keep file order, so a row's line is its rowid
 * plus the first data line, shifted past any rejected records before it.
 */
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { UserError } from '../../domain/user-error.js';
import type { DuckDbDriver } from '../../store/duckdb-driver.js';
import { jsonColumns } from './convert-feed-file.js';
import { typedSelect } from './feed-columns.js';
import type { FeedInput, RowsCallback } from './feed-input.js';

const quote = (name: string): string => `"${name.replace(/"/g, '""')}"`;

function reader(input: FeedInput): string {
  switch (input.readAs) {
    case 'csv':
      return `read_csv($1, header = true, auto_detect = false, delim = ',', quote = '"', escape = '"',
        columns = ${jsonColumns(input.columns)}, store_rejects = true,
        rejects_table = 'feed_reject_errors', rejects_scan = 'feed_reject_scans')`;
    case 'parquet':
      return 'read_parquet($1)';
    case 'ndjson':
      return `read_json($1, format = 'newline_delimited', columns = ${jsonColumns(input.columns)})`;
  }
}

/**
 * Creates `table` with the typed rows of `input`, adds the records the reader rejected to `feed_errors`,
 * and returns the number of rows loaded. `feed_reject_lines` holds the rejected line numbers for
 * {@link duckdbLineOf}.
 */
export async function stageFeedDuckDb(
  tx: DuckDbDriver,
  input: FeedInput,
  table: string,
  onRows: RowsCallback,
): Promise<number> {
  const conn = tx.connection;
  await tx.exec('DROP TABLE IF EXISTS feed_reject_errors; DROP TABLE IF EXISTS feed_reject_scans');
  await tx.exec('SET enable_progress_bar = true; SET enable_progress_bar_print = false');
  const total = await estimateRows(tx, input);
  const timer = setInterval(() => {
    const p = conn.progress.percentage;
    if (p > 0) onRows(Math.round((p / 100) * total), total);
  }, 200);
  try {
    await tx.query(`CREATE TABLE ${quote(table)} AS ${typedSelect('duckdb', reader(input))}`, [input.path]);
  } catch (e) {
    throw new UserError({
      place: input.file,
      value: '',
      message: `无法读取该文件：${(e as Error).message.split('\n')[0]}`,
      hint: `检查文件是否为 ${input.format} 格式、是否完整；格式可用 --format 指定`,
    });
  } finally {
    clearInterval(timer);
  }
  const rejects = input.readAs === 'csv';
  await tx.exec(
    `CREATE OR REPLACE TEMPORARY TABLE feed_reject_lines AS
     SELECT line, line - ${input.firstLine} - row_number() OVER (ORDER BY line) + 1 AS shifted
     FROM (SELECT DISTINCT CAST(line AS BIGINT) AS line FROM ${rejects ? 'feed_reject_errors' : '(SELECT NULL AS line WHERE FALSE) none'}) l`,
  );
  if (rejects)
    await tx.exec(
      `INSERT INTO feed_errors (ref, line, column_name, value, rule, message, raw)
       SELECT NULL, CAST(line AS BIGINT), '记录', min(csv_line), 'structure',
              CASE WHEN min(error_type) IN ('MISSING COLUMNS', 'TOO MANY COLUMNS')
                THEN '字段数与表头不符（应为 ${input.columns.length} 列，实为 '
                  || CAST(length(min(csv_line)) - length(replace(min(csv_line), ',', '')) + 1 AS VARCHAR) || ' 列）'
                ELSE '无法解析的 CSV 记录（引号不成对或含非法字符）' END, min(csv_line)
       FROM feed_reject_errors GROUP BY line`,
    );
  const n = await tx.query<{ n: string }>(`SELECT CAST(count(*) AS VARCHAR) AS n FROM ${quote(table)}`);
  return Number(n[0]?.n ?? 0);
}

/**
 * How many rows the file holds, for the progress display (DuckDB reports a percentage): Parquet says so in
 * its metadata; a text file is estimated from its size and the length of its first lines.
 */
async function estimateRows(tx: DuckDbDriver, input: FeedInput): Promise<number> {
  if (input.readAs === 'parquet') {
    const r = await tx.query<{ n: string }>(
      'SELECT CAST(sum(num_rows) AS VARCHAR) AS n FROM parquet_file_metadata($1)',
      [input.path],
    );
    return Number(r[0]?.n ?? 0);
  }
  const size = statSync(input.path).size;
  const fd = openSync(input.path, 'r');
  try {
    const buf = Buffer.alloc(Math.min(size, 1 << 20));
    const n = readSync(fd, buf, 0, buf.length, 0);
    let lines = 0;
    for (let i = 0; i < n; i++) if (buf[i] === 0x0a) lines++;
    return lines > 1 ? Math.round((size / n) * lines) - (input.firstLine - 1) : 1;
  } finally {
    closeSync(fd);
  }
}

/** The file line of the row with rowid `ref` (see the module comment). */
export function duckdbLineOf(ref: string, firstLine: number): string {
  return `(${ref} + ${firstLine} + (SELECT count(*) FROM feed_reject_lines j WHERE j.shifted <= ${ref}))`;
}
