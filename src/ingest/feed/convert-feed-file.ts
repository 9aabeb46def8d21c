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
import { type Problem, UserError } from '../../domain/user-error.js';
import { csvQuote } from '../csv-field.js';
import type { TextEncoding } from '../read-text-file.js';
import { checkXlsxSize } from './check-xlsx-size.js';
import { FEED_LIMITS, overLimit } from './feed-limits.js';

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

/** A formula cell whose file holds no computed result (a script wrote it; Excel never calculated it). */
const FORMULA_WITHOUT_RESULT = Symbol('formula without a cached result');

/** The text of a sheet cell as ExcelJS streams it: plain values, rich text, formula results, hyperlinks, errors. */
function cellText(v: unknown): string | typeof FORMULA_WITHOUT_RESULT {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return v.toISOString();
  if (typeof v !== 'object') return String(v);
  if ('richText' in v) return (v as { richText: { text: string }[] }).richText.map((t) => t.text).join('');
  if ('formula' in v || 'sharedFormula' in v) {
    const result = (v as { result?: unknown }).result;
    if (result === undefined || result === null) return FORMULA_WITHOUT_RESULT;
    return cellText(result);
  }
  if ('error' in v) return String((v as { error: unknown }).error);
  if ('text' in v) return cellText((v as { text: unknown }).text);
  return String(v);
}

const columnName = (i: number): string =>
  (i >= 26 ? columnName(Math.floor(i / 26) - 1) : '') + String.fromCharCode(65 + (i % 26));

/**
 * Streams the first worksheet of an XLSX file to CSV. Empty sheet rows become empty CSV records, so an
 * error on CSV line n is on sheet row n. Returns the header names (row 1). The file is checked against the
 * feed limits first (check-xlsx-size.ts), and every row number while streaming, before the gap up to it is
 * written. Formula cells without a cached result are errors naming the cell: their value is unknown.
 */
export async function xlsxToCsv(src: string, dest: string, onRows?: (n: number) => void): Promise<string[]> {
  checkXlsxSize(src);
  const out = createWriteStream(dest);
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(src, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    styles: 'ignore',
  });
  let header: string[] = [];
  let written = 0;
  const formulas: Problem[] = [];
  const write = async (line: string): Promise<void> => {
    if (!out.write(line)) await once(out, 'drain');
  };
  try {
    for await (const sheet of reader) {
      for await (const row of sheet) {
        if (row.number > FEED_LIMITS.xlsxRows)
          throw overLimit(`${src}:${row.number}`, 'xlsxRows', row.number);
        const values = (row.values as unknown[]).slice(1);
        if (values.length > FEED_LIMITS.columns)
          throw overLimit(`${src}:${row.number}`, 'columns', values.length);
        if (row.number === 1)
          header = values.map((v) => {
            const t = cellText(v);
            return typeof t === 'string' ? t.trim() : '';
          });
        const width = Math.max(header.length, values.length);
        while (written + 1 < row.number) {
          await write(`${','.repeat(Math.max(0, width - 1))}\n`);
          written++;
        }
        const cells: string[] = [];
        for (let i = 0; i < width; i++) {
          const text = cellText(values[i]);
          if (text === FORMULA_WITHOUT_RESULT) {
            formulas.push({
              place: `${src}:${columnName(i)}${row.number}`,
              value: String((values[i] as { formula?: string }).formula ?? ''),
              message: '公式单元格没有缓存的计算结果，无法得知其值',
              hint: '在 Excel/WPS 中打开并保存（会计算公式），或把公式改为数值',
            });
            cells.push('');
          } else cells.push(csvQuote(text));
        }
        await write(`${cells.join(',')}\n`);
        written++;
        if (onRows && written % 10_000 === 0) onRows(written - 1);
      }
      break;
    }
  } finally {
    out.end();
    await once(out, 'finish');
  }
  if (formulas.length) throw new UserError(formulas.slice(0, 20));
  return header;
}
