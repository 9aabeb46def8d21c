/** Client-side exports: a table to XLSX (exceljs, loaded on first use) and a chart to PNG. */

export interface ExportColumn {
  header: string;
  key: string;
  /** Excel number format, e.g. `#,##0.00` or `0.0%`. */
  numFmt?: string;
  width?: number;
}

export interface TableExport {
  /** File name without extension, also the sheet name. */
  name: string;
  columns: ExportColumn[];
  rows: Record<string, string | number | boolean | null>[];
  /** Lines written above the table (title, period, area, the simulated-data warning). */
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

/** Builds the XLSX workbook for a table, as bytes. */
export async function tableToXlsx(table: TableExport): Promise<ArrayBuffer> {
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'ecmon';
  const sheet = workbook.addWorksheet(safeName(table.name).slice(0, 31));
  for (const note of table.notes ?? []) sheet.addRow([note]).font = { italic: true };
  if (table.notes?.length) sheet.addRow([]);
  const header = sheet.addRow(table.columns.map((c) => c.header));
  header.font = { bold: true };
  for (const row of table.rows) sheet.addRow(table.columns.map((c) => row[c.key] ?? null));
  table.columns.forEach((c, i) => {
    const column = sheet.getColumn(i + 1);
    column.width = c.width ?? Math.max(10, c.header.length * 2 + 2);
    if (c.numFmt) column.numFmt = c.numFmt;
  });
  return (await workbook.xlsx.writeBuffer()) as ArrayBuffer;
}

export async function downloadXlsx(table: TableExport): Promise<void> {
  const bytes = await tableToXlsx(table);
  const blob = new Blob([bytes], {
    type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  });
  const url = URL.createObjectURL(blob);
  download(url, `${safeName(table.name)}.xlsx`);
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function downloadPng(dataUrl: string, name: string): void {
  download(dataUrl, `${safeName(name)}.png`);
}
