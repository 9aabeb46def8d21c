import { basename, extname } from 'node:path';
import ExcelJS from 'exceljs';
import { scaleOf } from '../domain/decimal-string.js';
import { formatPeriod, PeriodError, parsePeriod } from '../domain/period.js';
import { baseUnit, convertDecimal, convertible, isKnownUnit } from '../domain/unit.js';
import type { Problem } from '../domain/user-error.js';
import type { Plan } from '../plan/plan-types.js';
import type { ObservationInput } from '../store/observation-repository.js';
import { parseCsv } from './parse-csv.js';
import { readTextFile, type TextEncoding } from './read-text-file.js';

/** A cell of a table read from CSV or XLSX, with where it sits in the file. */
interface Cell {
  text: string;
  line: number;
  column: number;
}

/** Accepted column names, English first, then the Chinese headings an analyst would type. */
const COLUMNS: Record<string, string[]> = {
  measure: ['measure', '指标代码', '度量', '指标'],
  area: ['area', '区划代码', '地区代码', '地区'],
  period: ['period', '期间', '时期'],
  value: ['value', '数值', '值'],
  unit: ['unit', '单位'],
  published_yoy: ['published_yoy', '可比增速', '同比增速', '同比增长'],
  source: ['source', '来源', '数据来源'],
  domain: ['domain', '领域'],
  platform: ['platform', '平台'],
  category: ['category', '品类', '类别'],
};
const REQUIRED = ['measure', 'area', 'period', 'value'];
const MAX_SCALE = 6;
/** The one number format (docs/feeds.md, "Numbers"): digits, an optional minus and decimal point; no thousands separators, exponent or plus. */
const NUMBER = /^-?[0-9]+(\.[0-9]+)?$/;
/** Integer digits the store keeps: values in the base unit as DECIMAL(38,6), published YoY as DECIMAL(12,6). */
const MAX_VALUE_DIGITS = 32;
const MAX_YOY_DIGITS = 6;
const integerDigits = (d: string): number =>
  (d.replace(/^-/, '').split('.')[0] ?? '').replace(/^0+(?=\d)/, '').length;
const strictNumber = (s: string): string | null => (NUMBER.test(s.trim()) ? s.trim() : null);

export interface ReadResult {
  rows: ObservationInput[];
  problems: Problem[];
  encoding: TextEncoding | 'xlsx';
}

/**
 * Reads a long-format observations file (`measure,area,period,value[,unit][,published_yoy][,source]`) from
 * CSV (UTF-8, UTF-8 BOM, GB18030) or XLSX, and validates every row against the plan. Returns every problem
 * found; the caller writes nothing when there is any.
 */
export async function readObservationsFile(
  file: string,
  plan: Plan,
  opts: { encoding?: TextEncoding; defaultSource?: string } = {},
): Promise<ReadResult> {
  const ext = extname(file).toLowerCase();
  let table: Cell[][];
  let encoding: TextEncoding | 'xlsx';
  const problems: Problem[] = [];
  if (ext === '.xlsx') {
    table = await readXlsx(file);
    encoding = 'xlsx';
  } else {
    const decoded = readTextFile(file, opts.encoding);
    encoding = decoded.encoding;
    const parsed = parseCsv(decoded.text);
    for (const p of parsed.problems)
      problems.push({ place: `${file}:${p.line}:${p.column}`, value: '', message: p.message });
    table = parsed.records;
  }
  const rows = validateTable(
    file,
    table,
    plan,
    opts.defaultSource ?? basename(file),
    problems,
    encoding !== 'xlsx',
  );
  return { rows, problems, encoding };
}

async function readXlsx(file: string): Promise<Cell[][]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const ws = wb.worksheets[0];
  const out: Cell[][] = [];
  if (!ws) return out;
  ws.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const cells: Cell[] = [];
    for (let c = 1; c <= Math.max(row.cellCount, ws.columnCount); c++) {
      const v = row.getCell(c).value;
      let text = '';
      if (v === null || v === undefined) text = '';
      else if (typeof v === 'object' && 'result' in v) text = String(v.result ?? '');
      else if (typeof v === 'object' && 'richText' in v) text = v.richText.map((t) => t.text).join('');
      else if (v instanceof Date) text = v.toISOString().slice(0, 7);
      else text = String(v);
      cells.push({ text, line: rowNumber, column: c });
    }
    out.push(cells);
  });
  return out;
}

function validateTable(
  file: string,
  table: Cell[][],
  plan: Plan,
  defaultSource: string,
  problems: Problem[],
  /** CSV: every record has exactly the header's fields (XLSX rows are padded to the sheet's width). */
  exact: boolean,
) {
  const rows: ObservationInput[] = [];
  const header = table[0];
  if (!header) {
    problems.push({
      place: `${file}:1:1`,
      value: '',
      message: '文件为空',
      hint: '第一行应为表头 measure,area,period,value',
    });
    return rows;
  }
  const index = new Map<string, number>();
  header.forEach((h, i) => {
    const name = h.text
      .trim()
      .replace(/^\uFEFF/, '')
      .toLowerCase();
    const key = Object.entries(COLUMNS).find(([, aliases]) => aliases.includes(name))?.[0];
    if (!key) {
      problems.push({
        place: `${file}:${h.line}:${h.column}`,
        value: h.text,
        message: '无法识别的列名',
        hint: `可用列：${Object.keys(COLUMNS).join(', ')}`,
      });
    } else if (index.has(key)) {
      problems.push({ place: `${file}:${h.line}:${h.column}`, value: h.text, message: `列 ${key} 重复出现` });
    } else index.set(key, i);
  });
  const missing = REQUIRED.filter((k) => !index.has(k));
  if (missing.length) {
    problems.push({
      place: `${file}:1:1`,
      value: header.map((h) => h.text).join(','),
      message: `缺少必需的列：${missing.join(', ')}`,
      hint: '表头应为 measure,area,period,value[,unit][,published_yoy][,source]',
    });
    return rows;
  }
  const measures = new Map(plan.measures.map((m) => [m.id, m]));
  const areas = new Set(plan.areas.map((a) => a.code));
  const seen = new Map<string, number>();
  for (const record of table.slice(1)) {
    const line = record[0]?.line ?? 0;
    const extra = record.slice(header.length).find((c) => c.text.trim() !== '');
    if (exact ? record.length !== header.length : extra !== undefined) {
      problems.push({
        place: `${file}:${line}`,
        value: '',
        message: `字段数与表头不符（应为 ${header.length} 列，实为 ${record.length} 列）`,
        hint: '含逗号的值须用双引号括起；数值不要写千分位逗号',
      });
      continue;
    }
    const cell = (key: string): Cell => {
      const i = index.get(key);
      const c = i === undefined ? undefined : record[i];
      return c ?? { text: '', line, column: (i ?? 0) + 1 };
    };
    const bad = (c: Cell, message: string, hint?: string): void => {
      problems.push({
        place: `${file}:${c.line}:${c.column}`,
        value: c.text,
        message,
        ...(hint ? { hint } : {}),
      });
    };
    const before = problems.length;
    const mCell = cell('measure');
    const measure = measures.get(mCell.text.trim());
    if (!measure)
      bad(
        mCell,
        '未知的度量代码',
        `应为计划中定义的度量之一，如 ${plan.measures
          .slice(0, 3)
          .map((m) => m.id)
          .join('、')}`,
      );
    const aCell = cell('area');
    const area = aCell.text.trim();
    if (!areas.has(area))
      bad(aCell, '未知的区划代码', '应为计划中的地区代码（GB/T 2260，如 510100 成都市、510104 锦江区）');
    const pCell = cell('period');
    let period = '';
    try {
      period = formatPeriod(parsePeriod(pCell.text));
    } catch (e) {
      bad(pCell, e instanceof PeriodError ? e.message : '期间无效');
    }
    const vCell = cell('value');
    const value = strictNumber(vCell.text);
    if (value === null) bad(vCell, '数值不是有效的数字', '只写数字，如 4129.5；不要带单位或百分号');
    else if (scaleOf(value) > MAX_SCALE) bad(vCell, `小数位超过 ${MAX_SCALE} 位（不会四舍五入）`);
    const uCell = cell('unit');
    const unit = uCell.text.trim() || measure?.unit || '';
    if (uCell.text.trim() && !isKnownUnit(unit)) bad(uCell, '未知的单位', '金额可用 元、万元、亿元');
    else if (measure && unit && !convertible(unit, measure.unit))
      bad(uCell, `单位与度量 ${measure.id} 的单位 ${measure.unit} 不是同一量纲`);
    else if (
      value !== null &&
      unit &&
      integerDigits(convertDecimal(value, unit, baseUnit(unit))) > MAX_VALUE_DIGITS
    )
      bad(vCell, `数值超出可存储的范围（换算为 ${baseUnit(unit)} 后整数部分最多 ${MAX_VALUE_DIGITS} 位）`);
    const yCell = cell('published_yoy');
    const yoyText = yCell.text.trim().replace(/%$/, '');
    const publishedYoy = yoyText === '' ? null : strictNumber(yoyText);
    if (yoyText !== '' && publishedYoy === null)
      bad(yCell, '可比增速不是有效的数字', '以百分数填写，如 14.1 表示增长 14.1%');
    else if (publishedYoy !== null && scaleOf(publishedYoy) > MAX_SCALE)
      bad(yCell, `可比增速小数位超过 ${MAX_SCALE} 位（不会四舍五入）`);
    else if (publishedYoy !== null && integerDigits(publishedYoy) > MAX_YOY_DIGITS)
      bad(yCell, `可比增速超出范围（整数部分最多 ${MAX_YOY_DIGITS} 位）`);
    const domain = cell('domain').text.trim();
    const platform = cell('platform').text.trim();
    const category = cell('category').text.trim();
    if (domain && !plan.domains.some((d) => d.id === domain))
      bad(cell('domain'), '未知的领域代码', `可用：${plan.domains.map((d) => d.id).join('、')}`);
    if (problems.length > before || !measure || value === null) continue;
    const key = [measure.id, area, period, domain, platform, category].join('|');
    const first = seen.get(key);
    if (first !== undefined) {
      bad(mCell, `与第 ${first} 行重复（同一度量、地区、期间、分组只能有一个值）`);
      continue;
    }
    seen.set(key, line);
    rows.push({
      measure: measure.id,
      area,
      period,
      value,
      unit,
      published_yoy: publishedYoy,
      source: cell('source').text.trim() || defaultSource,
      ...(domain ? { domain } : {}),
      ...(platform ? { platform } : {}),
      ...(category ? { category } : {}),
    });
  }
  return rows;
}
