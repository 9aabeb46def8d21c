/**
 * An enterprise form (企业报表) end to end in Debian's chromium: a key enterprise's reporter signs in and lands
 * on its own quarterly report, is refused with the violation naming its cell, fixes it and submits; the city's
 * analyst opens it, sees no publish step (a firm's figures are never published one by one) and approves it;
 * 报送进度 shows 企业报表汇总 with the approved figures added up for the district and the city. Screenshots at
 * 1440×900 and 390×844 in test-output/screenshots/ (enterprise-*.png); the phone layouts do not scroll sideways.
 */
import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StoreDashboardService } from '../../src/api/dashboard-service.js';
import { buildServer } from '../../src/api/server.js';
import { Accounts } from '../../src/auth/accounts.js';
import { Sessions } from '../../src/auth/sessions.js';
import { FormService } from '../../src/forms/submissions.js';
import { loadPlan } from '../../src/plan/load-plan.js';
import { openStore, type Store } from '../../src/store/open-store.js';
import { savePlan } from '../../src/store/plan-repository.js';
import { addKeyEnterprise } from '../support/dashboard-store.js';
import { USCC } from '../support/feed-rows.js';
import { launchChromium, listenLocally } from './e2e-browser.js';

const root = resolve(import.meta.dirname, '../..');
const webRoot = resolve(root, 'web/dist');
const shots = resolve(root, 'test-output/screenshots');
const PLAN_FILE = 'plans/chengdu-ec-2021-2025.yaml';
const PASSWORD = 'firm-e2e-pass-2025';
const FIRM = '成都本企电商有限公司';
const CELL = `重点电子商务企业季报 · ${FIRM} · 2025年第三季度 · 网上零售额`;

let app: FastifyInstance;
let store: Store;
let browser: Browser;
let base: string;

async function shot(page: Page, name: string): Promise<void> {
  await page.waitForTimeout(400);
  await page.screenshot({ path: resolve(shots, `${name}.png`), fullPage: true });
}

async function signedInPage(name: string, width = 1440, height = 900): Promise<Page> {
  const context = await browser.newContext({ viewport: { width, height }, locale: 'zh-CN' });
  const page = await context.newPage();
  page.on('pageerror', (e) => {
    throw e;
  });
  await page.goto(`${base}/login?next=${encodeURIComponent('/collect')}`);
  await page.locator('[data-test="login-name"]').fill(name);
  await page.locator('[data-test="login-password"]').fill(PASSWORD);
  await page.locator('[data-test="login-submit"]').click();
  await page.waitForURL(/\/collect$/);
  await page.waitForSelector('[data-test="account"]');
  return page;
}

const status = (page: Page) => page.locator('[data-test="entry-status"]').textContent();
const noSideways = async (page: Page, what: string) => {
  const [scroll, inner] = await page.evaluate(() => [
    document.documentElement.scrollWidth,
    window.innerWidth,
  ]);
  expect(scroll, what).toBeLessThanOrEqual(inner as number);
};

beforeAll(async () => {
  if (!existsSync(resolve(webRoot, 'index.html')))
    throw new Error('web/dist is missing: build the app first (npx vite build --config web/vite.config.ts)');
  mkdirSync(shots, { recursive: true });
  store = await openStore(join(mkdtempSync(join(tmpdir(), 'ecmon-firm-e2e-')), 'e2e.duckdb'));
  const plan = loadPlan(PLAN_FILE);
  await savePlan(store.driver, store.dialect, plan, PLAN_FILE);
  await addKeyEnterprise(store, plan, USCC, FIRM);
  // 20 October 2025: the third quarter was due on the 15th.
  const now = () => new Date('2025-10-20T02:00:00Z');
  const accounts = new Accounts(store.driver, plan);
  await accounts.add(
    {
      name: 'firm-tb',
      displayName: '本企填报员',
      role: 'enterprise_reporter',
      enterprises: [USCC],
      password: PASSWORD,
    },
    'e2e',
  );
  await accounts.add(
    { name: 'city-analyst', displayName: '市局分析员', role: 'analyst', password: PASSWORD },
    'e2e',
  );
  app = buildServer({
    service: new StoreDashboardService(store.driver, plan),
    webRoot,
    auth: { accounts, sessions: new Sessions(store.driver, accounts) },
    forms: { store, service: new FormService(store, plan, { clock: now }) },
  });
  base = await listenLocally(app);
  browser = await launchChromium();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await app?.close();
  await store?.close();
});

describe('a key enterprise’s quarterly report, in a browser', () => {
  let firm: Page;
  let analyst: Page;

  it('the firm lands on its own form, is refused with its cell named, fixes it and submits', async () => {
    firm = await signedInPage('firm-tb');
    await firm.waitForSelector('[data-test="entry"]');
    await expect(firm.locator('[data-test="entry"] h3').textContent()).resolves.toBe(
      `重点电子商务企业季报 · ${FIRM} · 2025-Q3`,
    );
    await expect(firm.locator('[data-test="enterprise-note"]').textContent()).resolves.toBe(
      '企业报表：本企业数据依法保密，不单独发布；市局审核通过即为终态，计入企业报表汇总。',
    );
    // No 已发布值 column: nothing of one firm is published.
    expect(await firm.locator('[data-test="entry"] thead th').allInnerTexts()).toEqual([
      '指标',
      '填报值（单位）',
    ]);
    await firm.locator('[data-test="value-ec_transaction_volume"]').fill('52000');
    await firm.locator('[data-test="value-online_retail_sales"]').fill('61000');
    await firm.locator('[data-test="submit"]').click();
    await firm.waitForSelector('[data-test="blocked"]');
    const violation = firm.locator('[data-test="violation-retail_within_volume"]');
    await expect(violation.textContent()).resolves.toContain(CELL);
    await shot(firm, 'enterprise-collect-blocked');
    await firm.locator('[data-test="value-online_retail_sales"]').fill('31000.5');
    await firm.locator('[data-test="value-cross_border_ec_volume"]').fill('2000');
    await firm.locator('[data-test="submit"]').click();
    await firm.waitForFunction(
      () => document.querySelector('[data-test="entry-status"]')?.textContent === '已提交',
    );
    await expect(firm.locator('[data-test="entry-awaiting"]').textContent()).resolves.toBe('待市局审批');
    await shot(firm, 'enterprise-collect-submitted');
  });

  it('the analyst picks the enterprise form, finds no publish step, and approves', async () => {
    analyst = await signedInPage('city-analyst');
    await analyst.waitForSelector('[data-test="pick-form"]');
    await analyst.locator('[data-test="pick-form"]').click();
    await analyst.locator('.el-select-dropdown__item', { hasText: '重点电子商务企业季报' }).click();
    await expect(analyst.locator('[data-test="pick-period"]').inputValue()).resolves.toBe('2025-Q3');
    await analyst.locator('[data-test="load-entry"]').click();
    await analyst.waitForFunction(
      (name) => document.querySelector('[data-test="entry"] h3')?.textContent?.includes(name),
      FIRM,
    );
    await expect(status(analyst)).resolves.toBe('已提交');
    await analyst.locator('[data-test="approve"]').click();
    await analyst.waitForFunction(
      () => document.querySelector('[data-test="entry-status"]')?.textContent === '已审核',
    );
    expect(await analyst.locator('[data-test="publish"]').count()).toBe(0);
    await shot(analyst, 'enterprise-collect-approved');
    await firm.reload();
    await firm.waitForSelector('[data-test="locked"]');
    await expect(firm.locator('[data-test="locked"]').textContent()).resolves.toBe(
      '本期报表已审核，数值已锁定。',
    );
  });

  it('报送进度 adds the approved figures up for 锦江区 and the city', async () => {
    await analyst.goto(`${base}/reporting`);
    await analyst.waitForSelector('[data-test="summary"] tbody tr');
    const rows = await analyst.locator('[data-test="summary"] tbody tr').allInnerTexts();
    expect(rows.map((r) => r.split('\t').map((c) => c.trim()))).toEqual([
      ['锦江区', '1', '1', '1', '52000', '31000.5', '2000'],
      ['合计（成都市）', '1', '1', '1', '52000', '31000.5', '2000'],
    ]);
    await shot(analyst, 'enterprise-reporting-summary');
  });

  it('on a phone the firm’s pages do not scroll sideways', async () => {
    const phone = await signedInPage('firm-tb', 390, 844);
    await phone.waitForSelector('[data-test="entry"]');
    await noSideways(phone, '/collect');
    await shot(phone, 'enterprise-collect-phone');
    await phone.goto(`${base}/reporting`);
    await phone.waitForSelector('[data-test="progress"]');
    await expect(
      phone.locator(`tr[data-area="${USCC}"][data-period="2025-Q3"]`).textContent(),
    ).resolves.toContain('已审核');
    await noSideways(phone, '/reporting');
    await shot(phone, 'enterprise-reporting-phone');
    const wide = await signedInPage('city-analyst', 390, 844);
    await wide.goto(`${base}/reporting`);
    await wide.waitForSelector('[data-test="summary"]');
    await noSideways(wide, '/reporting (analyst)');
    // The summary's own part of the long page: the table scrolls inside its card.
    await wide.locator('[data-test="summary"]').scrollIntoViewIfNeeded();
    await wide.screenshot({ path: resolve(shots, 'enterprise-reporting-summary-phone.png') });
  });
});
