/**
 * Turns a feed file into something the engine reads directly, as a stream (memory does not grow with the
 * file): GB18030 text → UTF-8, XLSX → CSV (line numbers kept: sheet row n is CSV line n), and, for
 * PostgreSQL, Parquet/NDJSON → CSV through an in-memory DuckDB.
 */

import { once } from 'node:events';
import { closeSync, createReadStream, createWriteStream, openSync, readSync } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { DuckDbDriver } from '../../store/duckdb-driver.js';
import type { TextEncoding } from '../read-text-file.js';
import { FEED_COLUMNS } from './feed-columns.js';

/** Text encoding from the first megabyte: a BOM or valid UTF-8 means UTF-8, anything else GB18030. */
export function sniffEncoding(path: string): TextEncoding {
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.alloc(1 << 20);
    const n = readSync(fd, buf, 0, buf.length, 0);
    const sample = buf.subarray(0, n);
    if (n >= 3 && sample[0] === 0xef && sample[1] === 0xbb && sample[2] === 0xbf) return 'utf8';
    try {
      // stream: a multi-byte character cut at the end of the sample is not an error.
      new TextDecoder('utf-8', { fatal: true }).decode(sample, { stream: true });
      return 'utf8';
    } catch {
      return 'gb18030';
    }
  } finally {
    closeSync(fd);
  }
}

/** Transcodes a GB18030 (GBK) text file to UTF-8. */
export async function transcodeToUtf8(src: string, dest: string): Promise<void> {
  await pipeline(
    createReadStream(src),
    iconv.decodeStream('gb18030'),
    iconv.encodeStream('utf8'),
    createWriteStream(dest),
  );
}

function csvCell(v: unknown): string {
  let s: string;
  if (v === null || v === undefined) s = '';
  else if (typeof v === 'object' && 'richText' in v)
    s = (v as { richText: { text: string }[] }).richText.map((t) => t.text).join('');
  else if (typeof v === 'object' && 'result' in v) s = String((v as { result: unknown }).result ?? '');
  else if (v instanceof Date) s = v.toISOString();
  else s = String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * Streams the first worksheet of an XLSX file to CSV. Empty sheet rows become empty CSV records, so an
 * error on CSV line n is on sheet row n. Returns the header names (row 1).
 */
export async function xlsxToCsv(src: string, dest: string, onRows?: (n: number) => void): Promise<string[]> {
  const out = createWriteStream(dest);
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(src, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    styles: 'ignore',
  });
  let header: string[] = [];
  let written = 0;
  const write = async (line: string): Promise<void> => {
    if (!out.write(line)) await once(out, 'drain');
  };
  for await (const sheet of reader) {
    for await (const row of sheet) {
      const values = (row.values as unknown[]).slice(1);
      if (row.number === 1) header = values.map((v) => String(v ?? '').trim());
      const width = Math.max(header.length, values.length);
      while (written + 1 < row.number) {
        await write(`${','.repeat(Math.max(0, width - 1))}\n`);
        written++;
      }
      const cells: string[] = [];
      for (let i = 0; i < width; i++) cells.push(csvCell(values[i]));
      await write(`${cells.join(',')}\n`);
      written++;
      if (onRows && written % 10_000 === 0) onRows(written - 1);
    }
    break;
  }
  out.end();
  await once(out, 'finish');
  return header;
}

/** Writes a Parquet or NDJSON feed as a UTF-8 CSV with the feed's columns (for PostgreSQL's COPY). */
export async function toCsvWithDuckDb(
  src: string,
  format: 'parquet' | 'ndjson',
  dest: string,
): Promise<void> {
  const db = await DuckDbDriver.open(':memory:');
  try {
    const cols = FEED_COLUMNS.map((c) => `CAST("${c}" AS VARCHAR) AS "${c}"`).join(', ');
    const reader =
      format === 'parquet'
        ? `read_parquet(${sqlString(src)})`
        : `read_json(${sqlString(src)}, format = 'newline_delimited', columns = ${jsonColumns()})`;
    await db.exec(`COPY (SELECT ${cols} FROM ${reader}) TO ${sqlString(dest)} (FORMAT csv, HEADER true)`);
  } finally {
    await db.close();
  }
}

/** The `columns` struct of read_json/read_csv: every feed column as VARCHAR. */
export function jsonColumns(names: readonly string[] = FEED_COLUMNS): string {
  return `{${names.map((c) => `${sqlString(c)}: 'VARCHAR'`).join(', ')}}`;
}

/**
 * A file path as a SQL string literal. Paths come from the command line or from ecmon's own temporary
 * files, never from a file's content; DuckDB's table functions and COPY take no parameters for them.
 */
export function sqlString(s: string): string {
  return `'${s.replace(/'/g, "''")}'`;
}
