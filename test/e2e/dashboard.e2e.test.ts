/**
 * End to end: the built web app (`web/dist`, built by the test script beforehand) served by `buildServer`
 * over the e2e service, driven in Debian's chromium. Saves a screenshot of every page to
 * `test-output/screenshots/`.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import { type Browser, chromium, type Locator, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MetaResponse, OverviewResponse } from '../../src/api/contract/schemas.js';
import { buildServer } from '../../src/api/server.js';
import { createE2eService } from './e2e-service.js';

const root = resolve(import.meta.dirname, '../..');
const webRoot = resolve(root, 'web/dist');
const shots = resolve(root, 'test-output/screenshots');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

let app: FastifyInstance;
let browser: Browser;
let page: Page;
let base: string;
let meta: MetaResponse;

/** The trimmed text of an element. */
const text = (locator: Locator) => locator.textContent().then((x) => x?.trim());

/** Waits for chart animations (300 ms) to settle, then saves a full-page screenshot. */
async function shot(name: string) {
  await page.waitForTimeout(700);
  await page.screenshot({ path: resolve(shots, `${name}.png`), fullPage: true });
}

beforeAll(async () => {
  if (!existsSync(resolve(webRoot, 'index.html'))) {
    throw new Error('web/dist is missing: build the app first (npx vite build --config web/vite.config.ts)');
  }
  mkdirSync(shots, { recursive: true });
  const service = await createE2eService();
  meta = await service.meta();
  app = buildServer({ service, webRoot });
  await app.listen({ port: 0, host: '127.0.0.1' });
  base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  const context = await browser.newContext({
    viewport: { width: 1440, height: 900 },
    acceptDownloads: true,
    locale: 'zh-CN',
  });
  page = await context.newPage();
  page.on('pageerror', (e) => {
    throw e;
  });
});

afterAll(async () => {
  await browser?.close();
  await app?.close();
});

describe('dashboard in a browser', () => {
  it('the overview lists every indicator with its light, or 暂无数据 when it has no data', async () => {
    await page.goto(`${base}/`);
    await page.waitForSelector('[data-test="overview-table"]');
    if (meta.simulated)
      await expect(page.locator('[data-test="simulated-banner"]').textContent()).resolves.toContain(
        '含模拟数据',
      );
    await expect(
      page
        .locator('h1')
        .textContent()
        .then((x) => x?.trim()),
    ).resolves.toBe(meta.plan.metadata.title);
    const overview = (await (await fetch(`${base}/api/v1/overview`)).json()) as OverviewResponse;
    const rows = overview.groups.flatMap((g) => g.rows.map((r) => r.result));
    // Every plan indicator has a row at each of its target areas (专栏8 targets sit in their county).
    for (const indicator of meta.indicators)
      expect(rows.some((r) => r.indicator === indicator.id)).toBe(true);
    for (const result of rows) {
      const row = page.locator(`tr[data-indicator="${result.indicator}"][data-area="${result.area}"]`);
      await expect(row.count()).resolves.toBe(1);
      const lights = row.locator('.status-light');
      if (result.value == null) {
        await expect(text(row.locator('[data-test="no-data"]'))).resolves.toBe('暂无数据');
        await expect(lights.count()).resolves.toBe(0);
      } else if (result.schedule) {
        await expect(lights.getAttribute('data-status')).resolves.toBe(result.schedule.status ?? 'none');
        await expect(lights.getAttribute('aria-label')).resolves.toMatch(/^状态：/);
      } else {
        await expect(lights.count()).resolves.toBe(0);
      }
    }
    await shot('overview');
  });

  it('an indicator opens from the overview and switches to 1–N月累计', async () => {
    const first = meta.indicators[0];
    if (!first) throw new Error('the plan has no indicators');
    await page.locator(`tr[data-indicator="${first.id}"] a`).first().click();
    await page.waitForURL(/\/indicator\?/);
    await page.waitForSelector('[data-test="computation"]');
    await expect(
      page
        .locator('.page__title')
        .textContent()
        .then((x) => x?.trim()),
    ).resolves.toBe(first.name);
    await shot('indicator-year');
    await page.locator('[data-frequency="cumulative"]').click();
    await page.waitForURL(/frequency=cumulative/);
    await page.waitForFunction(() =>
      document.querySelector('[data-test="current-value"]')?.closest('.kpi')?.textContent?.includes('1-'),
    );
    await expect(page.locator('[data-test="header-period"]').textContent()).resolves.toMatch(/年/);
    await shot('indicator-cumulative');
  });

  it('clicking a district on the map filters every page to it', async () => {
    await page.locator('[data-nav="districts"]').click();
    await page.waitForSelector('[data-test="district-map"] canvas');
    await page.waitForTimeout(600);
    const canvas = page.locator('[data-test="district-map"] canvas').first();
    const box = await canvas.boundingBox();
    if (!box) throw new Error('map not drawn');
    // The centre of the map falls in the central districts (锦江/青羊/武侯/成华/金牛…).
    await page.mouse.click(box.x + box.width * 0.55, box.y + box.height * 0.45);
    await page.waitForURL(/area=\d{6}/);
    const chip = page.locator('[data-test="area-chip"]');
    await chip.waitFor();
    const code = new URL(page.url()).searchParams.get('area');
    const area = meta.areas.find((a) => a.code === code);
    await expect(chip.textContent()).resolves.toContain(area?.name ?? '??');
    await page.waitForTimeout(400);
    await shot('districts');
    await page.locator('[data-nav="overview"]').click();
    await page.waitForSelector('[data-test="overview-table"]');
    await expect(page.locator('[data-test="area-chip"]').textContent()).resolves.toContain(
      area?.name ?? '??',
    );
  });

  it('a table exports to a valid XLSX file', async () => {
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.locator('[data-test="export-xlsx"]').first().click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
    const path = resolve(shots, '..', download.suggestedFilename());
    await download.saveAs(path);
    const bytes = readFileSync(path);
    expect(bytes.subarray(0, 2).toString()).toBe('PK');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0];
    const text = JSON.stringify(sheet?.getSheetValues());
    for (const indicator of meta.indicators) expect(text).toContain(indicator.name);
  });

  it('the domains and data pages render', async () => {
    await page.locator('[data-nav="domains"]').click();
    await page.waitForSelector('[data-test="domain-table"] .el-table__row');
    await page.waitForTimeout(400);
    await expect(page.locator('[data-test="domain-table"] .el-table__row').count()).resolves.toBe(
      meta.domains.length,
    );
    await shot('domains');
    await page.locator('[data-test="area-chip"] .el-tag__close').click();
    await page.waitForFunction(() => !new URL(location.href).searchParams.has('area'));
    await page.locator('[data-nav="data"]').click();
    await page.waitForSelector('[data-test="batch-table"] .el-table__row');
    await shot('data');
  });

  it('switches to English', async () => {
    await page.locator('[data-nav="overview"]').click();
    await page.waitForSelector('[data-test="overview-table"]');
    await page.locator('[data-test="language"]').click();
    await expect(
      page
        .locator('[data-nav="overview"]')
        .textContent()
        .then((x) => x?.trim()),
    ).resolves.toBe('Overview');
    await shot('overview-en');
    await page.locator('[data-test="language"]').click();
  });
});
