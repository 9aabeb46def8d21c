import type ExcelJS from 'exceljs';

/**
 * Text written into a sheet or CSV that a spreadsheet would run as a formula (=, +, -, @, and the tab/CR
 * variants) is prefixed with an apostrophe, so a value from the registry can never execute on opening.
 */
export function neutralised(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/** A sheet cell read back as text: the apostrophe that {@link neutralised} added is removed. */
export function unneutralised(value: string): string {
  return /^'[=+\-@\t\r]/.test(value) ? value.slice(1) : value;
}

/** A sheet cell's value as text (dates as YYYY-MM-DD, formulas by their result, rich text joined). */
export function cellText(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'object' && 'result' in v)
    return v.result instanceof Date ? v.result.toISOString().slice(0, 10) : String(v.result ?? '');
  if (typeof v === 'object' && 'richText' in v) return v.richText.map((t) => t.text).join('');
  if (typeof v === 'object' && 'text' in v) return String(v.text);
  return String(v);
}
