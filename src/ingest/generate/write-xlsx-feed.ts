/**
 * XLSX output with exceljs's streaming WorkbookWriter (rows are committed as they are written, so
 * memory stays flat). One sheet, `feed`, header in row 1; at most 1,048,575 data rows.
 */
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import ExcelJS from 'exceljs';
import { type Problem, UserError } from '../../domain/user-error.js';
import { FEED_COLUMNS, XLSX_MAX_DATA_ROWS } from '../../feed-format/feed-schema.js';
import type { FeedRow } from './feed-rows.js';
import { xlsxValues } from './row-format.js';

/** Why `rows` rows cannot go into one XLSX worksheet, or null when they can. */
export function xlsxRowLimitProblem(rows: number): Problem | null {
  if (rows <= XLSX_MAX_DATA_ROWS) return null;
  return {
    place: '--rows',
    value: String(rows),
    message: `XLSX 工作表最多容纳 ${XLSX_MAX_DATA_ROWS} 行数据（1048576 行减去表头），无法写入 ${rows} 行`,
    hint: '请减少 --rows，或改用 --format csv、parquet 或 ndjson',
  };
}

/** Refuses an XLSX feed larger than one worksheet can hold. */
export function checkXlsxRowLimit(rows: number): void {
  const problem = xlsxRowLimitProblem(rows);
  if (problem) throw new UserError(problem);
}

export async function writeXlsxFeed(file: string, rows: Iterable<FeedRow>): Promise<void> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    filename: file,
    useStyles: false,
    useSharedStrings: false,
  });
  const sheet = workbook.addWorksheet('feed');
  sheet.addRow([...FEED_COLUMNS]).commit();
  let written = 0;
  for (const row of rows) {
    sheet.addRow(xlsxValues(row)).commit();
    // The zip stream drains only when the event loop runs; let it, so memory stays flat.
    if (++written % 10_000 === 0) await yieldToEventLoop();
  }
  sheet.commit();
  await workbook.commit();
}
