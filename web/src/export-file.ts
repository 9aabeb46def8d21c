/** Client-side exports: a table to XLSX (exceljs, loaded on first use); downloads of exported charts. */

import type { ExportContext } from './export-provenance.js';

type Cell = string | number | boolean | null;

export interface ExportColumn {
  header: string;
  key: string;
  /** Excel number format, e.g. `#,##0.00` or `0.0%`; per row where a column mixes units. */
  numFmt?: string | ((row: Record<string, Cell>) => string | undefined);
  width?: number;
}

export interface TableExport {
  /** File name without extension, also the sheet name. */
  name: string;
  columns: ExportColumn[];
  rows: Record<string, Cell>[];
  /** Title, period, unit, area, sources, data version, simulated: the 来源/说明 sheet. */
  context: ExportContext;
  /** More lines for the 来源/说明 sheet (how to read the columns). */
  notes?: string[];
}

function download(href: string, filename: string): void {
  const a = document.createElement('a');
  a.href = href;
  a.download = filename;
  a.rel = 'noopener';
  document.body.appendChild(a);
  a.click();
  a.remove();
}

const safeName = (name: string) => name.replace(/[\\/:*?"<>|\s]+/g, '_').slice(0, 80);

/**
 * Builds the XLSX workbook for a table, as bytes: the table with its header in row 1 (numbers as numbers,
 * each with its number format), then a 来源/说明 sheet of `provenance` rows.
 */
export async function tableToXlsx(
  table: TableExport,
  provenance: readonly [string, string][],
  provenanceSheet: string,
): Promise<ArrayBuffer> {
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'ecmon';
  workbook.title = table.context.title;
  const sheet = workbook.addWorksheet(safeName(table.name).slice(0, 31));
  const header = sheet.addRow(table.columns.map((c) => c.header));
  header.font = { bold: true };
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
  for (const row of table.rows) {
    const added = sheet.addRow(table.columns.map((c) => row[c.key] ?? null));
    table.columns.forEach((c, i) => {
      const format = typeof c.numFmt === 'function' ? c.numFmt(row) : c.numFmt;
      if (format && typeof row[c.key] === 'number') added.getCell(i + 1).numFmt = format;
    });
  }
  table.columns.forEach((c, i) => {
    sheet.getColumn(i + 1).width = c.width ?? Math.max(10, c.header.length * 2 + 2);
  });
  const notes = workbook.addWorksheet(provenanceSheet.slice(0, 31));
  for (const [label, value] of provenance) notes.addRow([label, value]).getCell(1).font = { bold: true };
  notes.getColumn(1).width = 14;
  notes.getColumn(2).width = 90;
  return (await workbook.xlsx.writeBuffer()) as ArrayBuffer;
}

export async function downloadXlsx(
  table: TableExport,
  provenance: readonly [string, string][],
  provenanceSheet: string,
): Promise<void> {
  const bytes = await tableToXlsx(table, provenance, provenanceSheet);
  const blob = new Blob([bytes], {
    type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  });
  const url = URL.createObjectURL(blob);
  download(url, `${safeName(table.name)}.xlsx`);
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Saves a data URL (an exported PNG) under `filename` (its extension kept). */
export function downloadDataUrl(dataUrl: string, filename: string): void {
  const dot = filename.lastIndexOf('.');
  download(dataUrl, `${safeName(filename.slice(0, dot))}${filename.slice(dot)}`);
}

/** Saves text (an exported SVG) under `filename`. */
export function downloadText(text: string, filename: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: `${type};charset=utf-8` }));
  const dot = filename.lastIndexOf('.');
  download(url, `${safeName(filename.slice(0, dot))}${filename.slice(dot)}`);
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
