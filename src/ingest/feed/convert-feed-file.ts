/**
 * Turns a feed file into something the engine reads directly, as a stream (memory does not grow with the
 * file): GB18030 text → UTF-8, XLSX → CSV (line numbers kept: sheet row n is CSV line n). Parquet/NDJSON
 * → CSV, for an engine that loads CSV only, is src/store/columnar-files.ts.
 */

import { once } from 'node:events';
import { closeSync, createReadStream, createWriteStream, openSync, readSync } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { csvField } from '../csv-field.js';
import type { TextEncoding } from '../read-text-file.js';

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
  if (v !== null && typeof v === 'object' && 'richText' in v)
    return csvField((v as { richText: { text: string }[] }).richText.map((t) => t.text).join(''));
  if (v !== null && typeof v === 'object' && 'result' in v)
    return csvField((v as { result: unknown }).result);
  if (v instanceof Date) return v.toISOString();
  return csvField(v);
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
