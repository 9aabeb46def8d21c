/**
 * End to end: the built web app (`web/dist`, built by the test script beforehand) served by `buildServer`
 * over the e2e service, driven in Debian's chromium. Saves a screenshot of every page at 1440×900 and on a
 * phone (390×844) to `test-output/screenshots/`, and checks that no page scrolls sideways.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MetaResponse, OverviewResponse } from '../../src/api/contract/schemas.js';
import { buildServer } from '../../src/api/server.js';
import { signInAnalyst } from './e2e-accounts.js';
import { launchChromium, listenLocally } from './e2e-browser.js';
import { createE2eService } from './e2e-service.js';

const root = resolve(import.meta.dirname, '../..');
const webRoot = resolve(root, 'web/dist');
const shots = resolve(root, 'test-output/screenshots');

let app: FastifyInstance;
let browser: Browser;
let page: Page;
let base: string;
let meta: MetaResponse;

/** The trimmed text of an element. */
const text = (locator: Locator) => locator.textContent().then((x) => x?.trim());

/** Waits for chart animations (300 ms) to settle, then saves a full-page screenshot. */
async function shot(name: string, on: Page = page) {
  await on.waitForTimeout(700);
  await on.screenshot({ path: resolve(shots, `${name}.png`), fullPage: true });
}

/** A fresh browser context (no remembered language) at a screen size, in a browser language. */
async function openPage(width: number, height: number, locale = 'zh-CN'): Promise<[BrowserContext, Page]> {
  const context = await browser.newContext({ viewport: { width, height }, locale });
  const p = await context.newPage();
  p.on('pageerror', (e) => {
    throw e;
  });
  return [context, p];
}

/** Every page, the element that says it has drawn, and its screenshot name. */
const PAGES = [
  { name: 'overview', path: '/', ready: '[data-test="overview-table"]' },
  { name: 'indicator-year', path: '/indicator', ready: '[data-test="computation"]' },
  {
    name: 'indicator-cumulative',
    path: '/indicator?frequency=cumulative',
    ready: '[data-test="computation"]',
  },
  { name: 'districts', path: '/districts', ready: '[data-test="district-map"] canvas' },
  { name: 'domains', path: '/domains', ready: '[data-test="domain-table"] .el-table__row' },
  { name: 'data', path: '/data', ready: '[data-test="batch-table"] .el-table__row' },
  { name: 'reports', path: '/reports', ready: '[data-test="schedule-text"]' },
  { name: 'overview-en', path: '/?lang=en', ready: '[data-test="overview-table"]' },
  { name: 'error-period', path: '/?period=2099', ready: '[data-test="url-problem"]' },
] as const;

beforeAll(async () => {
  if (!existsSync(resolve(webRoot, 'index.html'))) {
    throw new Error('web/dist is missing: build the app first (npx vite build --config web/vite.config.ts)');
  }
  mkdirSync(shots, { recursive: true });
  const { service, reports, auth } = await createE2eService();
  meta = await service.meta();
  app = buildServer({ service, reports, auth, webRoot });
  base = await listenLocally(app);
  browser = await launchChromium();
  const context = await browser.newContext({
    viewport: { width: 1440, height: 900 },
    acceptDownloads: true,
    locale: 'zh-CN',
  });
  page = await context.newPage();
  page.on('pageerror', (e) => {
    throw e;
  });
}, 180_000);

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

describe('every page on a desktop and on a phone', () => {
  for (const [width, height] of [
    [1440, 900],
    [390, 844],
  ] as const) {
    it(`${width}×${height}: every page draws without a horizontal page scroll`, async () => {
      const [context, p] = await openPage(width, height);
      try {
        for (const view of PAGES) {
          // The report archive is the city's: the analyst signs in on the way (and stays signed in).
          if (view.name === 'reports') await signInAnalyst(p, base, view.path);
          await p.goto(`${base}${view.path}`);
          await p.waitForSelector(view.ready);
          await shot(`${view.name}-${width}x${height}`, p);
          const [scrollWidth, innerWidth] = await p.evaluate(() => [
            document.documentElement.scrollWidth,
            window.innerWidth,
          ]);
          expect(scrollWidth, `${view.name} at ${width}px`).toBeLessThanOrEqual(innerWidth);
        }
      } finally {
        await context.close();
      }
    });
  }

  it('390×844: the navigation fits and the map takes the card’s full width with its legend below', async () => {
    const [context, p] = await openPage(390, 844);
    try {
      await p.goto(`${base}/districts`);
      await p.waitForSelector('[data-test="district-map"] canvas');
      for (const item of ['overview', 'indicator', 'districts', 'domains', 'data']) {
        const box = await p.locator(`[data-nav="${item}"]`).boundingBox();
        expect(box && box.x >= 0 && box.x + box.width <= 390, item).toBe(true);
        expect(box?.height, `${item} is one line`).toBeLessThan(48);
      }
      const map = await p.locator('[data-test="district-map"]').boundingBox();
      expect(map?.width).toBeGreaterThan(360);
    } finally {
      await context.close();
    }
  });
});

describe('a link the plan cannot show says so in the page', () => {
  const CASES = [
    {
      path: '/?period=2099',
      zh: '期间「2099」超出本规划的期间：可查询 2020 年（基期）至 2025 年。',
      en: 'The period “2099” lies outside the plan: periods from 2020 (base year) to 2025 can be shown.',
    },
    {
      path: '/?period=2025-13',
      zh: '「2025-13」不是有效的期间。',
      en: '“2025-13” is not a period.',
    },
    {
      path: '/?indicator=nonexistent',
      zh: '「nonexistent」不是本规划的指标编号，请在指标列表中选择。',
      en: '“nonexistent” is not an indicator of this plan; choose one from the list.',
    },
    {
      path: '/indicator/nonexistent',
      zh: '「nonexistent」不是本规划的指标编号，请在指标列表中选择。',
      en: '“nonexistent” is not an indicator of this plan; choose one from the list.',
    },
    {
      path: '/districts?area=999999',
      zh: '「999999」不是本规划的区划代码或片区。',
      en: '“999999” is not an area code or zone of this plan.',
    },
  ];

  for (const lang of ['zh', 'en'] as const) {
    it(`in ${lang}: a message naming the value, no figures of another view`, async () => {
      const [context, p] = await openPage(1440, 900, lang === 'en' ? 'en-GB' : 'zh-CN');
      try {
        for (const c of CASES) {
          await p.goto(`${base}${c.path}`);
          const message = p.locator('[data-test="url-problem-message"]');
          await message.waitFor();
          await expect(text(message)).resolves.toContain(c[lang]);
          await expect(p.locator('[data-test="overview-table"], .kpis, canvas').count()).resolves.toBe(0);
        }
        // The way out drops the parameter and shows the default view.
        await p.locator('[data-test="url-problem-fix"]').click();
        await p.waitForSelector('[data-test="district-map"] canvas');
        expect(new URL(p.url()).searchParams.has('area')).toBe(false);
      } finally {
        await context.close();
      }
    });
  }

  it('a path that is no page says so, and the API refuses what the page refuses', async () => {
    const [context, p] = await openPage(1440, 900);
    try {
      await p.goto(`${base}/no-such-page`);
      await expect(text(p.locator('[data-test="not-found"]'))).resolves.toContain(
        '没有「/no-such-page」这个页面。',
      );
    } finally {
      await context.close();
    }
    expect((await fetch(`${base}/api/v1/overview?period=2099`)).status).toBe(400);
    expect((await fetch(`${base}/api/v1/overview?period=2025-13`)).status).toBe(400);
    expect((await fetch(`${base}/api/v1/indicators/nonexistent`)).status).toBe(404);
    expect((await fetch(`${base}/api/v1/overview?area=999999`)).status).toBe(404);
  });
});

describe('language', () => {
  it('follows ?lang=, is remembered on the next visit, and defaults to the browser’s', async () => {
    const [context, p] = await openPage(1440, 900, 'zh-CN');
    try {
      await p.goto(`${base}/?lang=en`);
      await p.waitForSelector('[data-test="overview-table"]');
      await expect(text(p.locator('[data-nav="overview"]'))).resolves.toBe('Overview');
      // Category names and units are English too.
      const body = await p.locator('[data-test="overview-table"]').textContent();
      expect(body).toContain('Scale');
      expect(body).toContain('100m CNY');
      expect(body).not.toMatch(/规模指标|亿元/);
      await p.goto(`${base}/domains`);
      await p.waitForSelector('[data-test="domain-table"] .el-table__row');
      await expect(text(p.locator('[data-nav="overview"]'))).resolves.toBe('Overview');
      // Switching back puts the language in the URL, so a shared link keeps it.
      await p.locator('[data-test="language"]').click();
      await p.waitForURL(/lang=zh/);
      await expect(text(p.locator('[data-nav="overview"]'))).resolves.toBe('总览');
    } finally {
      await context.close();
    }
    const [english, q] = await openPage(1440, 900, 'en-US');
    try {
      await q.goto(`${base}/`);
      await q.waitForSelector('[data-test="overview-table"]');
      await expect(text(q.locator('[data-nav="overview"]'))).resolves.toBe('Overview');
    } finally {
      await english.close();
    }
  });
});

describe('the data page and the static files', () => {
  it('pages the batches and filters them', async () => {
    const [context, p] = await openPage(1440, 900);
    try {
      const { batches } = (await (await fetch(`${base}/api/v1/batches`)).json()) as {
        batches: { id: string; kind: string }[];
      };
      await p.goto(`${base}/data`);
      await p.waitForSelector('[data-test="batch-table"] .el-table__row');
      const rows = p.locator('[data-test="batch-table"] .el-table__body-wrapper .el-table__row');
      await expect(rows.count()).resolves.toBe(Math.min(25, batches.length));
      await expect(text(p.locator('[data-test="batch-count"]'))).resolves.toBe(
        `共 ${batches.length} 个批次，显示 1–${Math.min(25, batches.length)}`,
      );
      const one = batches.find((b) => b.kind === 'feed') ?? batches[0];
      if (!one) throw new Error('no batches');
      await p.getByRole('textbox', { name: '按批次、文件或期间查找' }).fill(one.id);
      await p.waitForFunction(
        () =>
          document.querySelectorAll('[data-test="batch-table"] .el-table__body-wrapper .el-table__row')
            .length === 1,
      );
      await expect(text(rows.first().locator('code'))).resolves.toBe(one.id);
    } finally {
      await context.close();
    }
  });

  it('sends the app’s scripts compressed and cached for good', async () => {
    const html = await (await fetch(`${base}/`)).text();
    const script = /src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1];
    if (!script) throw new Error('no script in index.html');
    const res = await fetch(`${base}${script}`, { headers: { 'accept-encoding': 'br' } });
    expect(res.headers.get('content-encoding')).toBe('br');
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect((await res.text()).length).toBeGreaterThan(1000);
  });
});
