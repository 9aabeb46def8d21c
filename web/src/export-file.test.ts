import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { tableToXlsx } from './export-file.js';
import { excelNumFmt } from './format.js';

describe('a table exported to XLSX', () => {
  it('keeps codes, numbers as numbers in their unit’s format, comparator and value apart, and a 来源说明 sheet', async () => {
    const byUnit = (row: Record<string, unknown>) => excelNumFmt(String(row.unit));
    const bytes = await tableToXlsx(
      {
        name: '规划指标总览表-2023',
        context: {
          title: '规划指标总览表',
          period: '2023年',
          unit: '',
          area: { name: '成都市', code: '510100' },
          sources: [],
          dataVersion: 7,
          simulated: false,
          plan: '规划',
        },
        columns: [
          { header: '指标代码', key: 'code' },
          { header: '区划代码', key: 'area' },
          { header: '单位', key: 'unit' },
          { header: '目标比较符', key: 'comparator' },
          { header: '目标值', key: 'target', numFmt: byUnit },
          { header: '最新值', key: 'value', numFmt: byUnit },
          { header: '同比', key: 'yoy', numFmt: '0.0%' },
        ],
        rows: [
          {
            code: 'online_retail_sales',
            area: '510100',
            unit: '亿元',
            comparator: '>=',
            target: 8000,
            value: 6543.21,
            yoy: 0.081,
          },
          {
            code: 'gazelle_firms',
            area: '510104',
            unit: '个',
            comparator: '>=',
            target: 5,
            value: 3,
            yoy: null,
          },
        ],
      },
      [
        ['标题', '规划指标总览表'],
        ['数据版本', '7'],
      ],
      '来源说明',
    );
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(bytes);
    expect(book.worksheets.map((s) => s.name)).toEqual(['规划指标总览表-2023', '来源说明']);
    const sheet = book.worksheets[0] as ExcelJS.Worksheet;
    expect(sheet.getRow(1).values).toEqual([
      undefined,
      '指标代码',
      '区划代码',
      '单位',
      '目标比较符',
      '目标值',
      '最新值',
      '同比',
    ]);
    const cell = (r: number, c: number) => sheet.getRow(r).getCell(c);
    expect(cell(2, 2).value).toBe('510100');
    expect(cell(3, 2).value).toBe('510104');
    expect(cell(2, 4).value).toBe('>=');
    for (const [r, c, value, fmt] of [
      [2, 5, 8000, '#,##0.0'],
      [2, 6, 6543.21, '#,##0.0'],
      [2, 7, 0.081, '0.0%'],
      [3, 5, 5, '#,##0'],
      [3, 6, 3, '#,##0'],
    ] as const) {
      expect(cell(r, c).type, `${r}:${c}`).toBe(ExcelJS.ValueType.Number);
      expect(cell(r, c).value).toBe(value);
      expect(cell(r, c).numFmt).toBe(fmt);
    }
    expect(cell(3, 7).type).toBe(ExcelJS.ValueType.Null);
    const notes = book.worksheets[1] as ExcelJS.Worksheet;
    expect(
      notes
        .getSheetValues()
        .slice(1)
        .map((r) => (r as unknown[]).slice(1)),
    ).toEqual([
      ['标题', '规划指标总览表'],
      ['数据版本', '7'],
    ]);
  });
});
