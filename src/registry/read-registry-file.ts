/**
 * Reads a registry workbook (XLSX: sheets by name) or one CSV sheet (named by the file name, e.g.
 * `企业.csv`, or recognised by its headings) into rows of text cells keyed by column, each row with the
 * spreadsheet row number its problems name.
 */
import { basename, extname } from 'node:path';
import ExcelJS from 'exceljs';
import type { Problem } from '../domain/user-error.js';
import { parseCsv } from '../ingest/parse-csv.js';
import { readTextFile } from '../ingest/read-text-file.js';
import { cellText, unneutralised } from './cell-text.js';
import {
  CREDIT_SHEET,
  DESIGNATION_SHEET,
  ENTERPRISE_SHEET,
  type SheetSpec,
  USCC_HEADING,
} from './registry-sheets.js';

export interface SheetRow {
  row: number;
  cells: Map<string, string>;
}

export interface ReadSheet {
  spec: SheetSpec;
  rows: SheetRow[];
}

type Table = { row: number; cells: string[] }[];

/** Reads `file`; `label` is how problems name it (the path as the user wrote it). */
export async function readRegistryFile(
  file: string,
  label: string,
  specs: readonly SheetSpec[],
): Promise<{ sheets: ReadSheet[]; problems: Problem[] }> {
  const problems: Problem[] = [];
  const tables: { name: string; table: Table }[] = [];
  const ext = extname(file).toLowerCase();
  if (ext === '.xlsx') {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    for (const ws of wb.worksheets) {
      if (!specs.some((s) => s.name === ws.name)) continue;
      const table: Table = [];
      ws.eachRow({ includeEmpty: false }, (row, n) => {
        const cells: string[] = [];
        for (let c = 1; c <= ws.columnCount; c++) cells.push(cellText(row.getCell(c).value));
        table.push({ row: n, cells });
      });
      tables.push({ name: ws.name, table });
    }
  } else if (ext === '.csv') {
    const parsed = parseCsv(readTextFile(file).text);
    for (const p of parsed.problems)
      problems.push({ place: `${label}:${p.line}:${p.column}`, value: '', message: p.message });
    const table = parsed.records.map((r) => ({ row: r[0]?.line ?? 0, cells: r.map((f) => f.text) }));
    const name = csvSheetName(basename(file, extname(file)), table[0]?.cells ?? [], specs);
    if (name === null) {
      problems.push({
        place: label,
        value: '',
        message: '无法判断此 CSV 属于哪张表',
        hint: `文件名应含表名（${specs.map((s) => s.name).join('、')}），如 企业.csv；或表头含“${USCC_HEADING}”“认定类型”“信用类型”之一`,
      });
      return { sheets: [], problems };
    }
    tables.push({ name, table });
  } else {
    problems.push({
      place: label,
      value: ext,
      message: '不支持的文件类型',
      hint: '请使用 .xlsx 或 .csv（UTF-8 或 GB18030）',
    });
    return { sheets: [], problems };
  }
  if (tables.length === 0)
    problems.push({
      place: label,
      value: '',
      message: '工作簿中没有可导入的工作表',
      hint: `工作表名应为 ${specs.map((s) => s.name).join('、')} 之一（可用 ecmon registry template 生成模板）`,
    });
  const sheets: ReadSheet[] = [];
  for (const { name, table } of tables) {
    const spec = specs.find((s) => s.name === name) as SheetSpec;
    const [header, ...body] = table;
    if (!header) continue;
    const index = new Map(header.cells.map((h, i) => [h.trim().replace(/\*$/, ''), i]));
    for (const c of spec.columns)
      if (c.required && !index.has(c.heading))
        problems.push({
          place: `${label}:${name}:${header.row}`,
          value: '',
          message: `缺少必填列「${c.heading}」`,
          hint: '请使用 ecmon registry template 生成的模板，不要改动表头',
        });
    const rows = body
      .filter((r) => r.cells.some((c) => c.trim() !== ''))
      .map((r) => ({
        row: r.row,
        cells: new Map(
          spec.columns.map((c) => {
            const i = index.get(c.heading);
            return [c.key, i === undefined ? '' : unneutralised((r.cells[i] ?? '').trim())];
          }),
        ),
      }));
    sheets.push({ spec, rows });
  }
  return { sheets, problems };
}

function csvSheetName(stem: string, header: readonly string[], specs: readonly SheetSpec[]): string | null {
  const byName = specs.find((s) => stem.includes(s.name));
  if (byName) return byName.name;
  const h = new Set(header.map((x) => x.trim().replace(/\*$/, '')));
  if (h.has('认定类型')) return DESIGNATION_SHEET;
  if (h.has('信用类型')) return CREDIT_SHEET;
  if (h.has(USCC_HEADING)) return ENTERPRISE_SHEET;
  return null;
}
