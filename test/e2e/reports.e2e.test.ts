/**
 * End to end: the report archive page (生成简报, the list, downloads) and the exports that carry their
 * provenance (a chart as SVG and PNG, the overview as XLSX), in Debian's chromium over a store with simulated
 * demonstration data. Screenshots of the archive and of the exported chart at 1440×900 and 390×844 land in
 * `test-output/screenshots/`.
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import type { Browser, Download, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReportsResponse } from '../../src/api/contract/report-schemas.js';
import { StoreDashboardService } from '../../src/api/dashboard-service.js';
import { ReportService } from '../../src/api/report-service.js';
import { buildServer } from '../../src/api/server.js';
import { loadDemoData } from '../../src/ingest/load-demo-data.js';
import { loadPlan } from '../../src/plan/load-plan.js';
import { BulletinSchedule, parseBulletinSchedule } from '../../src/report/bulletin-schedule.js';
import { dataVersion } from '../../src/store/observation-repository.js';
import { openStore, type Store } from '../../src/store/open-store.js';
import { savePlan } from '../../src/store/plan-repository.js';
import { e2eAuth, signInAnalyst } from './e2e-accounts.js';
import { launchChromium, listenLocally } from './e2e-browser.js';

const root = resolve(import.meta.dirname, '../..');
const shots = resolve(root, 'test-output/screenshots');
const PLAN_FILE = 'plans/chengdu-ec-2021-2025.yaml';

let store: Store;
let app: FastifyInstance;
let browser: Browser;
let base: string;
let version: number;

async function openPage(width: number, height: number): Promise<Page> {
  const context = await browser.newContext({
    viewport: { width, height },
    locale: 'zh-CN',
    acceptDownloads: true,
  });
  const page = await context.newPage();
  page.on('pageerror', (e) => {
    throw e;
  });
  return page;
}

async function saved(download: Download): Promise<Buffer> {
  const path = resolve(shots, '..', download.suggestedFilename());
  await download.saveAs(path);
  return readFileSync(path);
}

async function noSidewaysScroll(page: Page, what: string) {
  const [scrollWidth, innerWidth] = await page.evaluate(() => [
    document.documentElement.scrollWidth,
    window.innerWidth,
  ]);
  expect(scrollWidth, what).toBeLessThanOrEqual(innerWidth);
}

beforeAll(async () => {
  mkdirSync(shots, { recursive: true });
  store = await openStore(join(mkdtempSync(join(tmpdir(), 'ecmon-e2e-reports-')), 'reports.duckdb'));
  const plan = loadPlan(PLAN_FILE);
  await savePlan(store.driver, store.dialect, plan, PLAN_FILE);
  await loadDemoData(store, plan, { from: 2023, to: 2024, rows: 300 });
  const config = parseBulletinSchedule('publish', 'xlsx');
  // The publishes of the demo load asked for the bulletin of the latest month: the schedule makes it.
  await new BulletinSchedule(store.driver, plan, config).runOnce(new Date('2025-01-12T02:00:00Z'));
  version = await dataVersion(store.driver);
  app = buildServer({
    service: new StoreDashboardService(store.driver, plan),
    reports: new ReportService(store.driver, plan, config),
    webRoot: resolve(root, 'web/dist'),
    auth: await e2eAuth(store.driver, plan),
  });
  base = await listenLocally(app);
  browser = await launchChromium();
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await app?.close();
  await store?.close();
});

describe('报告存档 in a browser', () => {
  it('lists the scheduled bulletin, generates one from the page and downloads it under its Chinese name', async () => {
    const page = await openPage(1440, 900);
    await signInAnalyst(page, base, '/reports');
    await page.goto(`${base}/reports`);
    await page.waitForSelector('[data-test="report-list"] .el-table__row');
    expect(await page.locator('[data-test="schedule-text"]').textContent()).toContain(
      '自动生成：月度数据发布时；格式 XLSX',
    );
    expect(await page.locator('[data-test="report-list"] .el-table__row').count()).toBe(1);
    expect(await page.locator('[data-test="report-list"] .el-table__row').first().textContent()).toContain(
      '2024年12月月度监测简报',
    );
    expect(await page.locator('input[type="month"]').inputValue()).toBe('2024-12');
    await page.locator('input[type="month"]').fill('2024-06');
    await page.locator('[data-test="bulletin-format"]').click();
    await page.locator('.el-select-dropdown__item', { hasText: 'DOCX' }).click();
    await page.locator('[data-test="bulletin-generate"]').click();
    await page.waitForSelector('[data-test="generate-done"]', { timeout: 60_000 });
    expect(await page.locator('[data-test="generate-done"]').textContent()).toContain(
      `已生成：2024年6月月度监测简报（数据版本 ${version}）`,
    );
    await page.waitForFunction(
      () => document.querySelectorAll('[data-test="report-list"] .el-table__row').length === 2,
    );
    const rows = page.locator('[data-test="report-list"] .el-table__row');
    expect(await rows.first().textContent()).toMatch(/^2024年6月月度监测简报\s*模拟DOCX\d+e2e-analyst/);
    expect(await rows.nth(1).textContent()).toContain('系统（自动）');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      rows.first().locator('[data-test="report-download"]').click(),
    ]);
    expect(download.suggestedFilename()).toBe(`2024年6月月度监测简报_数据版本${version}_模拟数据.docx`);
    const bytes = await saved(download);
    expect(bytes.subarray(0, 2).toString()).toBe('PK');
    const list = (await (await page.request.get(`${base}/api/v1/reports`)).json()) as ReportsResponse;
    expect(bytes.length).toBe(list.reports[0]?.size_bytes);
    await page.waitForTimeout(300);
    await page.screenshot({ path: resolve(shots, 'reports-1440x900.png'), fullPage: true });
    await page.context().close();
  });

  it('on a phone: cards, no sideways scroll', async () => {
    const page = await openPage(390, 844);
    await signInAnalyst(page, base, '/reports');
    await page.goto(`${base}/reports`);
    await page.waitForSelector('[data-test="report-list"] .report-card');
    expect(await page.locator('.report-card').count()).toBe(2);
    await noSidewaysScroll(page, 'reports at 390px');
    await page.screenshot({ path: resolve(shots, 'reports-390x844.png'), fullPage: true });
    await page.context().close();
  });
});

describe('exports carry their provenance', () => {
  let svg: string;
  let png: Buffer;

  it('a chart exported as SVG and PNG names its title, period, unit, area, source, data version; 模拟数据 on it', async () => {
    const page = await openPage(1440, 900);
    await page.goto(`${base}/indicator?indicator=online_retail_sales&frequency=month&period=2024-12`);
    await page.waitForSelector('[data-test="export-svg"]');
    await page.waitForTimeout(500);
    const [svgDownload] = await Promise.all([
      page.waitForEvent('download'),
      page.locator('[data-test="export-svg"]').first().click(),
    ]);
    expect(svgDownload.suggestedFilename()).toMatch(/^网上零售额.*\.svg$/);
    svg = (await saved(svgDownload)).toString('utf8');
    const texts = [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]);
    expect(texts[0]).toBe('网上零售额走势');
    expect(texts[1]).toBe('期间：2023年1月–2024年12月 · 单位：亿元 · 区域：成都市（510100）');
    expect(texts).toContain(
      `来源：平台数据（按批次入库）（模拟） · 数据版本 ${version} · 成都市电子商务发展“十四五”规划`,
    );
    expect(texts.filter((x) => x === '模拟数据')).toHaveLength(3);
    const [pngDownload] = await Promise.all([
      page.waitForEvent('download'),
      page.locator('[data-test="export-png"]').first().click(),
    ]);
    expect(pngDownload.suggestedFilename()).toMatch(/^网上零售额.*\.png$/);
    png = await saved(pngDownload);
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    // IHDR: twice 960 × (64 + 500 + 40).
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([1920, 1208]);
    writeFileSync(resolve(shots, 'chart-export.svg'), svg);
    writeFileSync(resolve(shots, 'chart-export.png'), png);
    await page.context().close();
  });

  for (const [width, height] of [
    [1440, 900],
    [390, 844],
  ] as const)
    it(`the exported images open in the browser at ${width}×${height}`, async () => {
      const page = await openPage(width, height);
      await page.setContent(
        `<body style="margin:8px;background:#eee"><img id="png" style="max-width:100%;display:block" src="data:image/png;base64,${png.toString('base64')}"><div id="svg" style="max-width:100%;margin-top:8px">${svg.replace('width="960" height="604"', 'width="100%"')}</div></body>`,
      );
      const size = await page.evaluate(() => {
        const img = document.getElementById('png') as HTMLImageElement;
        return [img.naturalWidth, img.naturalHeight];
      });
      expect(size).toEqual([1920, 1208]);
      await page.screenshot({ path: resolve(shots, `chart-export-${width}x${height}.png`), fullPage: true });
      await page.context().close();
    });

  it('390×844: the chart cards with their PNG and SVG buttons fit the phone', async () => {
    const page = await openPage(390, 844);
    for (const path of [
      '/indicator?indicator=online_retail_sales&frequency=month&period=2024-12',
      '/domains',
      '/districts',
    ]) {
      await page.goto(`${base}${path}`);
      await page.waitForSelector('[data-test="export-svg"]');
      await page.waitForTimeout(500);
      await noSidewaysScroll(page, `${path} at 390px`);
    }
    await page.goto(`${base}/indicator?indicator=online_retail_sales&frequency=month&period=2024-12`);
    await page.waitForSelector('[data-test="export-svg"]');
    await page.waitForTimeout(700);
    await page.screenshot({ path: resolve(shots, 'indicator-export-buttons-390x844.png'), fullPage: true });
    await page.context().close();
  });

  it('the overview XLSX keeps codes and county targets, numbers in their format, targets as comparator and value', async () => {
    const page = await openPage(1440, 900);
    await page.goto(`${base}/?period=2024`);
    await page.waitForSelector('[data-test="overview-table"]');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.locator('[data-test="export-xlsx"]').first().click(),
    ]);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load((await saved(download)) as unknown as ArrayBuffer);
    expect(book.worksheets.map((s) => s.name)).toEqual(['规划指标总览表-2024', '来源说明']);
    const sheet = book.worksheets[0] as ExcelJS.Worksheet;
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    const col = (name: string) => header.indexOf(name) + 1;
    const rows = Array.from({ length: sheet.rowCount - 1 }, (_, i) => sheet.getRow(i + 2));
    const find = (code: string, area = '510100') =>
      rows.find(
        (r) => r.getCell(col('指标代码')).value === code && r.getCell(col('区划代码')).value === area,
      );
    const retail = find('online_retail_sales');
    expect(retail?.getCell(col('目标比较符')).value).toBe('>=');
    expect(retail?.getCell(col('目标值')).value).toBe(8000);
    expect(retail?.getCell(col('目标值')).numFmt).toBe('#,##0.0');
    expect(retail?.getCell(col('最新值')).type).toBe(ExcelJS.ValueType.Number);
    expect(retail?.getCell(col('同比')).numFmt).toBe('0.0%');
    expect(retail?.getCell(col('预测年份')).value).toBe(2025);
    // A count target: whole numbers. A county target (专栏8): its county's code and name.
    const counts = rows.filter(
      (r) => r.getCell(col('单位')).value === '个' && r.getCell(col('目标值')).value !== null,
    );
    expect(counts.length).toBeGreaterThan(0);
    for (const r of counts) expect(r.getCell(col('目标值')).numFmt).toBe('#,##0');
    const county = rows.filter((r) => r.getCell(col('区划代码')).value !== '510100');
    expect(county.length).toBeGreaterThan(0);
    for (const r of county) expect(String(r.getCell(col('区划代码')).value)).toMatch(/^5101\d\d$/);
    const notes = (book.worksheets[1] as ExcelJS.Worksheet)
      .getSheetValues()
      .slice(1)
      .map((r) => (r as unknown[]).slice(1));
    expect(notes).toEqual(
      expect.arrayContaining([
        ['期间', '2024年'],
        ['区域', '成都市（510100）'],
        ['数据版本', String(version)],
        ['模拟数据', '是：含模拟数据（开发或演示用），不可作为统计结论引用'],
      ]),
    );
    await page.context().close();
  });
});
