/**
 * Writes a registry workbook: the template of a kind (headings only) or an export (the current records),
 * one sheet per kind plus 认定 and 信用, Chinese headings (required ones marked *), drop-down lists for
 * coded columns from a hidden 代码表 sheet, and every text neutralised against formula injection.
 */
import ExcelJS from 'exceljs';
import type { Plan } from '../plan/plan-types.js';
import { neutralised } from './cell-text.js';
import type { RegistryContent } from './registry-records.js';
import { columnChoices, type SheetSpec } from './registry-sheets.js';

const LISTS = '代码表';
const ROWS_WITH_LISTS = 500;

export async function writeRegistryWorkbook(
  file: string,
  plan: Plan,
  sheets: readonly SheetSpec[],
  content: RegistryContent | null,
): Promise<void> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'ecmon';
  const lists = wb.addWorksheet(LISTS, { state: 'hidden' });
  let listCol = 0;
  const listRange = new Map<string, string>();
  const rangeFor = (key: string, values: string[]): string => {
    const known = listRange.get(key);
    if (known) return known;
    listCol += 1;
    const letter = lists.getColumn(listCol).letter;
    values.forEach((v, i) => {
      lists.getCell(i + 1, listCol).value = neutralised(v);
    });
    const range = `'${LISTS}'!$${letter}$1:$${letter}$${Math.max(values.length, 1)}`;
    listRange.set(key, range);
    return range;
  };
  const names = {
    area: new Map(plan.areas.map((a) => [a.code, `${a.code} ${a.name}`])),
    domain: new Map(plan.domains.map((d) => [d.id, d.name])),
    designation: new Map(plan.registry.designations.map((d) => [d.id, d.name])),
  };
  for (const spec of sheets) {
    const ws = wb.addWorksheet(spec.name, { views: [{ state: 'frozen', ySplit: 1 }] });
    ws.columns = spec.columns.map((c) => ({
      header: c.required ? `${c.heading}*` : c.heading,
      key: c.key,
      width: Math.max(14, c.heading.length * 2 + 4),
    }));
    ws.getRow(1).font = { bold: true };
    spec.columns.forEach((c, i) => {
      const choices = columnChoices(plan, c);
      const column = ws.getColumn(i + 1);
      if (c.type === 'uscc' || c.type === 'text' || c.type === 'date') column.numFmt = '@';
      if (!choices) return;
      const range = rangeFor(`${c.type}:${c.key}:${spec.role}`, choices);
      for (let r = 2; r <= ROWS_WITH_LISTS; r++)
        ws.getCell(r, i + 1).dataValidation = {
          type: 'list',
          allowBlank: !c.required,
          formulae: [range],
          showErrorMessage: true,
          errorTitle: c.heading,
          error: `请从下拉列表中选择${c.heading}`,
        };
    });
    for (const record of content ? recordsOf(spec, content) : []) {
      ws.addRow(
        spec.columns.map((c) => {
          const v = record[c.key];
          if (v === null || v === undefined || v === '') return null;
          const shown =
            c.type === 'area'
              ? (names.area.get(v) ?? v)
              : c.type === 'domain'
                ? (names.domain.get(v) ?? v)
                : c.type === 'designation'
                  ? (names.designation.get(v) ?? v)
                  : v;
          return neutralised(shown);
        }),
      );
    }
  }
  await wb.xlsx.writeFile(file);
}

/** The records of a sheet as text cells by column key. */
function recordsOf(spec: SheetSpec, content: RegistryContent): Record<string, string | null>[] {
  if (spec.role === 'designation') return content.designations.map((d) => ({ ...d }));
  if (spec.role === 'credit') return content.credit.map((c) => ({ ...c, public: c.public ? '是' : '否' }));
  return content.entities
    .filter((e) => e.kind === spec.role)
    .map((e) => ({
      id: e.id,
      name: e.name,
      area: e.area,
      domain: e.domain,
      founded: e.founded,
      operator: e.operator,
      ...Object.fromEntries(Object.entries(e.fields).map(([k, v]) => [`field:${k}`, v])),
    }));
}
