import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IndicatorResult } from '../src/engine/indicator-result.js';

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'ecmon-report-'));
const db = join(dir, 'demo.duckdb');

/** Runs the built `ecmon` command on the test database. */
async function ecmon(args: string[]): Promise<string> {
  const r = await run('node', ['bin/ecmon.js', '--db', db, ...args], { maxBuffer: 64 * 1024 * 1024 });
  return r.stdout;
}

async function text(pdf: string, page?: number): Promise<string> {
  const range = page ? ['-f', String(page), '-l', String(page)] : [];
  return (await run('pdftotext', [...range, pdf, '-'])).stdout;
}

async function pages(pdf: string): Promise<number> {
  const info = (await run('pdfinfo', [pdf])).stdout;
  return Number(/Pages:\s+(\d+)/.exec(info)?.[1]);
}

/** Renders a PDF's pages to PNG (as one looks at them) and returns the files. */
async function png(pdf: string, prefix: string): Promise<string[]> {
  await run('pdftoppm', ['-png', '-r', '40', pdf, join(dir, prefix)]);
  return readdirSync(dir).filter((f) => f.startsWith(prefix) && f.endsWith('.png'));
}

const one = (rs: IndicatorResult[], id: string): IndicatorResult => {
  const r = rs.find((x) => x.indicator === id && x.area === '510100');
  if (!r) throw new Error(`no ${id}`);
  return r;
};
const f1 = (x: number): string => x.toFixed(1);
const level = (x: number): string =>
  x.toLocaleString('zh-CN', { minimumFractionDigits: 1, maximumFractionDigits: 1 });

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('ecmon report bulletin and evaluation on the demo data', () => {
  let june: IndicatorResult[];
  let may: IndicatorResult[];
  beforeAll(async () => {
    await ecmon(['init']);
    await ecmon(['demo', 'load', '--from', '2023', '--to', '2025', '--rows', '300']);
    june = JSON.parse(await ecmon(['indicators', '--period', '2025-01/2025-06', '--format', 'json']));
    may = JSON.parse(await ecmon(['indicators', '--period', '2025-01/2025-05', '--format', 'json']));
  }, 600_000);

  it('PDF: the headline sentence carries the numbers of ecmon indicators, and 模拟数据 is on every page', async () => {
    const pdf = join(dir, 'b.pdf');
    expect(
      await ecmon(['report', 'bulletin', '--period', '2025-06', '--format', 'pdf', '--out', pdf]),
    ).toContain('含模拟数据');
    const all = (await text(pdf)).replace(/\s+/g, '');
    const r = one(june, 'online_retail_sales');
    const before = one(may, 'online_retail_sales');
    const yoy = (r.yoy?.value as number) * 100;
    const change = yoy - (before.yoy?.value as number) * 100;
    const gap = r.ytd?.time_gap_points as number;
    const changeText =
      Number(f1(change)) === 0
        ? '持平'
        : change > 0
          ? `提高${f1(change)}个百分点`
          : `回落${f1(-change)}个百分点`;
    const sentence =
      `1—6月，全市实现网上零售额${level(r.value as number)}亿元，同比增长${f1(yoy)}%，增速比1—5月${changeText}；` +
      `完成全年目标的${f1((r.ytd?.completion as number) * 100)}%，${gap < 0 ? `低于序时进度${f1(-gap)}` : `超序时进度${f1(gap)}`}个百分点`;
    expect(all).toContain(sentence);
    expect(r.ytd?.light_on).toBe('seasonal_average');
    expect(all).toContain('按近两年同期平均进度测算');
    const n = await pages(pdf);
    expect(n).toBeGreaterThan(1);
    for (let p = 1; p <= n; p++) expect(await text(pdf, p), `page ${p}`).toContain('模拟数据');
    const shots = await png(pdf, 'pdf-page');
    expect(shots).toHaveLength(n);
    for (const s of shots) expect(statSync(join(dir, s)).size).toBeGreaterThan(5000);
  }, 120_000);

  it('DOCX opens in LibreOffice: same sentence, the mark in every page header, charts embedded', async () => {
    const docx = join(dir, 'b.docx');
    await ecmon(['report', 'bulletin', '--period', '2025-06', '--format', 'docx', '--out', docx]);
    await run('soffice', ['--headless', '--convert-to', 'pdf', '--outdir', join(dir, 'conv'), docx]);
    const pdf = join(dir, 'conv', 'b.pdf');
    expect(existsSync(pdf)).toBe(true);
    const all = (await text(pdf)).replace(/\s+/g, '');
    const r = one(june, 'ec_transaction_volume');
    expect(all).toContain(
      `1—6月，全市实现电子商务交易额${level(r.value as number)}亿元，同比增长${f1((r.yoy?.value as number) * 100)}%`,
    );
    const n = await pages(pdf);
    for (let p = 1; p <= n; p++) expect(await text(pdf, p), `page ${p}`).toContain('模拟数据');
    expect(await png(pdf, 'docx-page')).toHaveLength(n);
    const unzipped = (await run('unzip', ['-l', docx])).stdout;
    expect(unzipped).toMatch(/word\/media\/.*\.png/);
  }, 180_000);

  it('XLSX annex: numbers as numbers, units in headers, comparator and value apart, a 来源说明 sheet', async () => {
    const xlsx = join(dir, 'b.xlsx');
    await ecmon(['report', 'bulletin', '--period', '2025-06', '--format', 'xlsx', '--out', xlsx]);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(xlsx);
    const ws = wb.getWorksheet('主要目标');
    if (!ws) throw new Error('no 主要目标 sheet');
    expect(ws.getCell('A1').value).toContain('模拟数据');
    const head = (ws.getRow(2).values as unknown[]).slice(1);
    expect(head.slice(0, 6)).toEqual(['指标代码', '指标', '区划代码', '期间', '单位', '数值']);
    const row = ws.getRows(3, 20)?.find((x) => x.getCell(1).value === 'online_retail_sales');
    const r = one(june, 'online_retail_sales');
    expect(row?.getCell(6).value).toBe(r.value);
    expect(row?.getCell(17).value).toBe('>=');
    expect(row?.getCell(18).value).toBe(8000);
    expect(wb.worksheets.map((w) => w.name)).toContain('来源说明');
    const district = wb.worksheets.find((w) => w.name.startsWith('区县-'));
    expect(district?.getRow(2).getCell(3).value).toBe('1—6月累计(亿元)');
  }, 60_000);
  // The evaluations read the same store (2023–2025 simulated, the plan's 2020 figures).
  it('总结评估 2025 (PDF): verdicts with completion, no forecast, trend charts and the analyst placeholders', async () => {
    const pdf = join(dir, 'e.pdf');
    expect(
      await ecmon(['report', 'evaluation', '--year', '2025', '--format', 'pdf', '--out', pdf]),
    ).toContain('已生成总结评估报告');
    const all = (await text(pdf)).replace(/\s+/g, '');
    const [r] = JSON.parse(
      await ecmon([
        'indicators',
        '--period',
        '2025',
        '--indicator',
        'online_retail_sales',
        '--format',
        'json',
      ]),
    ) as IndicatorResult[];
    const word = r?.verdict?.achieved ? '已完成' : '未完成';
    expect(all).toContain(
      `2025年为${level(r?.value as number)}亿元；2025年目标≥8,000.0亿元，${word}，完成率${f1((r?.verdict?.completion as number) * 100)}%。`,
    );
    expect(all).not.toContain('推算');
    expect(all).toContain('【待分析人员补充：');
    expect(all).toContain('网上零售额：实际值与目标路径');
    const n = await pages(pdf);
    for (let p = 1; p <= n; p++) expect(await text(pdf, p), `page ${p}`).toContain('模拟数据');
  }, 120_000);

  it('中期评估 2023 (DOCX) opens in LibreOffice with the targets table and the required growth', async () => {
    const docx = join(dir, 'e.docx');
    await ecmon(['report', 'evaluation', '--year', '2023', '--format', 'docx', '--out', docx]);
    await run('soffice', ['--headless', '--convert-to', 'pdf', '--outdir', join(dir, 'conv'), docx]);
    const all = (await text(join(dir, 'conv', 'e.pdf'))).replace(/\s+/g, '');
    expect(all).toContain('中期评估报告');
    expect(all).toContain('所需年均增速');
    const [r] = JSON.parse(
      await ecmon([
        'indicators',
        '--period',
        '2023',
        '--indicator',
        'online_retail_sales',
        '--format',
        'json',
      ]),
    ) as IndicatorResult[];
    expect(all).toContain(`此后年均需增长${f1((r?.required_growth as number) * 100)}%方能达标`);
    expect(await png(join(dir, 'conv', 'e.pdf'), 'eval-page')).not.toHaveLength(0);
  }, 120_000);

  it('keeps every generated version in the archive: report list, report get', async () => {
    const list = await ecmon(['report', 'list']);
    expect(list.match(/月度简报/g)).toHaveLength(3);
    expect(list.match(/评估报告/g)).toHaveLength(2);
    const id = /^(\S{36})\s+月度简报\s+2025-06\s+pdf/m.exec(list)?.[1];
    expect(id).toBeDefined();
    const out = join(dir, 'again.pdf');
    await ecmon(['report', 'get', id as string, '--out', out]);
    expect(await text(out)).toContain('模拟数据');
  });
});
