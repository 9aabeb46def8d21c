/**
 * The Excel template of a report form for one area and period, and reading a filled one back. The sheet 填报
 * has Chinese headings and keeps the codes (form, area, period in B2:B4, measure codes in column A), so an
 * upload is matched by code, never by name; the sheet is protected except the value and note cells.
 */

import { basename } from 'node:path';
import ExcelJS from 'exceljs';
import { type Problem, UserError } from '../domain/user-error.js';
import { isEnterpriseForm, type ReportForm } from '../plan/form-spec.js';
import { cellText, neutralised, unneutralised } from '../registry/cell-text.js';
import type { PlanNames } from './cell-label.js';
import type { EntryInput } from './submissions.js';

export const FORM_SHEET = '填报';
const FIRST_ROW = 8;
const HEADINGS = [
  '指标代码',
  '指标名称',
  '单位',
  '数值',
  '说明（警告须填写说明，离群值须填写原因）',
] as const;
const VALUE_COL = 4;
const NOTE_COL = 5;
const AMOUNT = /^-?\d{1,16}(\.\d{1,2})?$/;

/** The sheet row of a measure's cell. */
export const templateRow = (form: ReportForm, measure: string): number =>
  FIRST_ROW + form.measures.findIndex((m) => m.measure === measure);

/** Writes the template; with `values`/`notes`, the cells come filled (a draft downloaded to finish offline). */
export async function writeFormTemplate(
  file: string,
  form: ReportForm,
  area: string,
  period: string,
  deadline: string,
  names: PlanNames,
  filled: { values?: Record<string, string | null>; notes?: Record<string, string> } = {},
): Promise<void> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'ecmon';
  const ws = wb.addWorksheet(FORM_SHEET, { views: [{ state: 'frozen', ySplit: FIRST_ROW - 1 }] });
  ws.columns = [{ width: 30 }, { width: 26 }, { width: 8 }, { width: 18 }, { width: 48 }];
  ws.getCell('A1').value = neutralised(form.name);
  ws.getCell('A1').font = { bold: true, size: 14 };
  const meta: [string, string, string][] = [
    ['报表代码', form.id, form.name_en ?? ''],
    [isEnterpriseForm(form) ? '统一社会信用代码' : '区划代码', area, names.area(area).zh],
    ['期间', period, ''],
    ['报送截止', deadline, '请勿修改 A–C 列与第 2–4 行的代码'],
  ];
  meta.forEach(([label, code, note], i) => {
    const row = ws.getRow(i + 2);
    row.getCell(1).value = label;
    row.getCell(2).value = neutralised(code);
    row.getCell(2).numFmt = '@';
    row.getCell(3).value = neutralised(note);
  });
  const header = ws.getRow(FIRST_ROW - 1);
  HEADINGS.forEach((h, i) => {
    header.getCell(i + 1).value = h;
  });
  header.font = { bold: true };
  form.measures.forEach((m, i) => {
    const row = ws.getRow(FIRST_ROW + i);
    row.getCell(1).value = m.measure;
    row.getCell(2).value = `${names.measure(m.measure).zh}${m.required ? '*' : ''}`;
    row.getCell(3).value = m.unit;
    const value = row.getCell(VALUE_COL);
    const v = filled.values?.[m.measure];
    value.value = v === null || v === undefined ? null : Number(v);
    value.numFmt = '0.00';
    value.protection = { locked: false };
    value.dataValidation = {
      type: 'decimal',
      operator: 'between',
      allowBlank: !m.required,
      formulae: [-1e15, 1e15],
      showErrorMessage: true,
      errorTitle: names.measure(m.measure).zh,
      error: `请填写数字（${m.unit}），最多两位小数`,
    };
    const note = row.getCell(NOTE_COL);
    const n = Object.entries(filled.notes ?? {})
      .filter(([k]) => k.endsWith(`:${m.measure}`))
      .map(([, t]) => t)
      .join('；');
    note.value = n ? neutralised(n) : null;
    note.protection = { locked: false };
  });
  await ws.protect('', { selectLockedCells: true, selectUnlockedCells: true, formatColumns: true });
  await wb.xlsx.writeFile(file);
}

/**
 * Reads a filled template: the codes it was made for and the values and notes typed in. A note in a row is
 * given to every outlier check of that measure and to the warnings naming it. Every problem is
 * `F.xlsx:填报:row:column`, all at once.
 */
export async function readFormWorkbook(
  file: string,
  form: (id: string) => ReportForm,
  label = basename(file),
): Promise<EntryInput & { noteByMeasure: Record<string, string> }> {
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.readFile(file);
  } catch {
    throw new UserError({
      place: label,
      value: '',
      message: '不是可读取的 Excel（.xlsx）文件',
      hint: '用 ecmon forms template 生成模板，填好后另存为 .xlsx 再上传',
    });
  }
  const ws = wb.getWorksheet(FORM_SHEET);
  if (!ws)
    throw new UserError({
      place: label,
      value: '',
      message: `缺少工作表「${FORM_SHEET}」`,
      hint: '请使用 ecmon forms template 生成的模板',
    });
  const at = (row: number, column: string): string => `${label}:${FORM_SHEET}:${row}:${column}`;
  const text = (row: number, col: number): string =>
    unneutralised(cellText(ws.getRow(row).getCell(col).value).trim());
  const formId = text(2, 2);
  let f: ReportForm;
  try {
    f = form(formId);
  } catch {
    throw new UserError({
      place: at(2, '报表代码'),
      value: formId,
      message: '报表代码不是计划中的报表',
      hint: '请勿修改模板第 2–4 行的代码；重新生成模板',
    });
  }
  const problems: Problem[] = [];
  const values: Record<string, string | null> = {};
  const noteByMeasure: Record<string, string> = {};
  const known = new Set(f.measures.map((m) => m.measure));
  const seen = new Set<string>();
  for (let r = FIRST_ROW; r <= ws.rowCount; r++) {
    const measure = text(r, 1);
    const raw = text(r, VALUE_COL);
    const note = text(r, NOTE_COL);
    if (!measure && !raw && !note) continue;
    if (!known.has(measure)) {
      problems.push({
        place: at(r, HEADINGS[0]),
        value: measure,
        message: '指标代码不是本报表的填报项',
        hint: `本报表的指标代码：${[...known].join('、')}；请勿修改 A 列`,
      });
      continue;
    }
    if (seen.has(measure))
      problems.push({
        place: at(r, HEADINGS[0]),
        value: measure,
        message: '指标重复',
        hint: '每个指标只填一行',
      });
    seen.add(measure);
    const number = raw.replace(/\.0+$/, '');
    if (raw && !AMOUNT.test(number))
      problems.push({
        place: at(r, HEADINGS[3]),
        value: raw,
        message: `应为数字（${text(r, 3)}），最多两位小数`,
        hint: '只填数字，不带单位和千位分隔符',
      });
    values[measure] = raw ? number : null;
    if (note) noteByMeasure[measure] = note;
  }
  if (problems.length) throw new UserError(problems);
  return { form: f.id, area: text(3, 2), period: text(4, 2), values, noteByMeasure };
}
