/**
 * Issue 11 end to end in Debian's chromium: a 锦江区 statistician signs in, fills the monthly form, is refused
 * with the violation naming the cell, fixes it and submits; an analyst returns it with a reason; the
 * statistician corrects and resubmits; the district reviewer approves it for 锦江区 (区县审核); the analyst
 * approves and publishes; the figure reaches the public overview only after publication; the audit page shows every step. Screenshots at 1440×900 and 390×844 in
 * test-output/screenshots/ (forms-*.png), and no page scrolls sideways on the phone.
 */
import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OverviewResponse } from '../../src/api/contract/schemas.js';
import { StoreDashboardService } from '../../src/api/dashboard-service.js';
import { buildServer } from '../../src/api/server.js';
import { Accounts } from '../../src/auth/accounts.js';
import { Sessions } from '../../src/auth/sessions.js';
import { FormService } from '../../src/forms/submissions.js';
import { loadPlan } from '../../src/plan/load-plan.js';
import { openStore, type Store } from '../../src/store/open-store.js';
import { savePlan } from '../../src/store/plan-repository.js';
import { launchChromium, listenLocally } from './e2e-browser.js';

const root = resolve(import.meta.dirname, '../..');
const webRoot = resolve(root, 'web/dist');
const shots = resolve(root, 'test-output/screenshots');
const PLAN_FILE = 'plans/chengdu-ec-2021-2025.yaml';
const PASSWORD = 'forms-e2e-pass-2025';
const CELL = '区（市）县电子商务月报 · 锦江区 · 2025年10月 · 网上零售额';

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
  // The collection page asks a visitor to sign in and comes back after the login page.
  await page.goto(`${base}/collect`);
  await page.locator('[data-test="sign-in-link"]').click();
  await page.locator('[data-test="login-name"]').fill(name);
  await page.locator('[data-test="login-password"]').fill(PASSWORD);
  await page.locator('[data-test="login-submit"]').click();
  await page.waitForURL(/\/collect$/);
  await page.waitForSelector('[data-test="account"]');
  return page;
}

const status = (page: Page) => page.locator('[data-test="entry-status"]').textContent();

/** What the public overview shows for 锦江区's online retail in October 2025. */
async function publicRetail(): Promise<number | null> {
  const res = await fetch(`${base}/api/v1/overview?area=510104&period=2025-10`);
  const body = (await res.json()) as OverviewResponse;
  const row = body.groups.flatMap((g) => g.rows).find((r) => r.result.indicator === 'online_retail_sales');
  return row?.result.value ?? null;
}

beforeAll(async () => {
  if (!existsSync(resolve(webRoot, 'index.html')))
    throw new Error('web/dist is missing: build the app first (npx vite build --config web/vite.config.ts)');
  mkdirSync(shots, { recursive: true });
  store = await openStore(join(mkdtempSync(join(tmpdir(), 'ecmon-forms-e2e-')), 'e2e.duckdb'));
  const plan = loadPlan(PLAN_FILE);
  await savePlan(store.driver, store.dialect, plan, PLAN_FILE);
  const now = () => new Date('2025-11-05T02:00:00Z');
  const accounts = new Accounts(store.driver, plan);
  await accounts.add(
    {
      name: 'jinjiang-tj',
      displayName: '锦江区统计员',
      role: 'district_reporter',
      areas: ['510104'],
      password: PASSWORD,
    },
    'e2e',
  );
  await accounts.add(
    {
      name: 'jinjiang-sh',
      displayName: '锦江区审核员',
      role: 'district_reviewer',
      areas: ['510104'],
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

describe('a district report from filling to publication, in a browser', () => {
  let statistician: Page;
  let analyst: Page;

  it('the statistician’s submission is refused with the violation naming the cell, then goes through', async () => {
    statistician = await signedInPage('jinjiang-tj');
    await statistician.waitForSelector('[data-test="entry"]');
    await expect(statistician.locator('[data-test="entry"] h3').textContent()).resolves.toBe(
      '区（市）县电子商务月报 · 锦江区 · 2025-10',
    );
    await statistician.locator('[data-test="value-ec_transaction_volume"]').fill('100000');
    await statistician.locator('[data-test="value-online_retail_sales"]').fill('120000');
    await statistician.locator('[data-test="value-physical_goods_online_retail"]').fill('50000');
    await statistician.locator('[data-test="submit"]').click();
    await statistician.waitForSelector('[data-test="blocked"]');
    const violation = statistician.locator('[data-test="violation-retail_within_volume"]');
    await expect(violation.textContent()).resolves.toContain(CELL);
    await expect(violation.textContent()).resolves.toContain(
      '网上零售额 120000 万元 应 ≤ 电子商务交易额 100000 万元，不符合规则「网上零售额不超过电子商务交易额」',
    );
    await expect(status(statistician)).resolves.toBe('未填报');
    await shot(statistician, 'forms-collect-blocked');

    await statistician.locator('[data-test="value-online_retail_sales"]').fill('60000');
    await statistician.locator('[data-test="submit"]').click();
    await statistician.waitForFunction(
      () => document.querySelector('[data-test="entry-status"]')?.textContent === '已提交',
    );
    await expect(statistician.locator('[data-test="locked"]').textContent()).resolves.toBe(
      '本期报表已提交，数值已锁定。',
    );
    await shot(statistician, 'forms-collect-submitted');
    expect(await publicRetail()).toBeNull();
  });

  it('the analyst returns it with a reason; the statistician sees it, corrects and resubmits', async () => {
    analyst = await signedInPage('city-analyst');
    await analyst.waitForSelector('[data-test="review"]');
    await expect(status(analyst)).resolves.toBe('已提交');
    await analyst.locator('[data-test="reason"]').fill('网上零售额偏高，请按平台口径核实');
    await analyst.locator('[data-test="return"]').click();
    await analyst.waitForFunction(
      () => document.querySelector('[data-test="entry-status"]')?.textContent === '已退回',
    );

    await statistician.reload();
    await statistician.waitForSelector('[data-test="returned-reason"]');
    await expect(statistician.locator('[data-test="returned-reason"]').textContent()).resolves.toContain(
      '已退回，原因：网上零售额偏高，请按平台口径核实',
    );
    await shot(statistician, 'forms-collect-returned');
    await statistician.locator('[data-test="value-online_retail_sales"]').fill('58000');
    await statistician.locator('[data-test="submit"]').click();
    await statistician.waitForFunction(
      () => document.querySelector('[data-test="entry-status"]')?.textContent === '已提交',
    );
  });

  it('the district reviewer approves it for 锦江区: locked for the statistician, awaiting the city', async () => {
    const reviewer = await signedInPage('jinjiang-sh');
    await reviewer.waitForSelector('[data-test="review"]');
    await expect(reviewer.locator('[data-test="review"] h4').textContent()).resolves.toBe('区县审核');
    await expect(reviewer.locator('[data-test="entry-awaiting"]').textContent()).resolves.toBe('待区县审核');
    await reviewer.locator('[data-test="reason"]').fill('已核对');
    await reviewer.locator('[data-test="approve"]').click();
    await reviewer.waitForFunction(
      () => document.querySelector('[data-test="entry-level"]')?.textContent === '区县已审核',
    );
    await expect(reviewer.locator('[data-test="entry-awaiting"]').textContent()).resolves.toBe('待市局审批');
    // Approved at its level: nothing left for the district to approve.
    expect(await reviewer.locator('[data-test="approve"]').count()).toBe(0);
    await shot(reviewer, 'forms-collect-district-approved');
    await statistician.reload();
    await statistician.waitForSelector('[data-test="locked"]');
    await expect(statistician.locator('[data-test="locked"]').textContent()).resolves.toBe(
      '本期报表区县已审核，数值已锁定。',
    );
    await reviewer.context().close();
  });

  it('the analyst approves and publishes; only then does the public overview show the figure', async () => {
    await analyst.reload();
    await analyst.waitForSelector('[data-test="approve"]');
    await analyst.locator('[data-test="approve"]').click();
    await analyst.waitForFunction(
      () => document.querySelector('[data-test="entry-status"]')?.textContent === '已审核',
    );
    expect(await publicRetail()).toBeNull();
    await analyst.locator('[data-test="publish"]').click();
    await analyst.waitForFunction(
      () => document.querySelector('[data-test="entry-status"]')?.textContent === '已发布',
    );
    await shot(analyst, 'forms-collect-published');
    expect(await publicRetail()).toBe(5.8);

    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
    const visitor = await context.newPage();
    await visitor.goto(`${base}/?area=510104&period=2025-10`);
    const row = visitor.locator('tr[data-indicator="online_retail_sales"][data-area="510104"]');
    await row.waitFor();
    await expect(row.textContent()).resolves.toContain('5.8');
    await shot(visitor, 'forms-public-overview');
    await context.close();
  });

  it('the audit page shows every step: who, from where, old and new values, reasons', async () => {
    await analyst.goto(`${base}/audit`);
    // The unit and the measure are picked by name.
    await analyst.locator('[data-test="audit-area"]').click();
    await analyst.keyboard.type('锦江');
    await analyst.locator('.el-select-dropdown__item:visible', { hasText: '锦江区（510104）' }).click();
    await analyst.locator('[data-test="audit-measure"]').click();
    await analyst.locator('.el-select-dropdown__item:visible', { hasText: /^网上零售额$/ }).click();
    await analyst.locator('[data-test="audit-period"]').fill('2025-10');
    await analyst.locator('[data-test="audit-search"]').click();
    await analyst.waitForFunction(
      () => document.querySelectorAll('[data-test="audit-rows"] li').length === 10,
    );
    // Each row: "time · who（from）" / "what area · period · measure： old → new（原因：…）" / batch.
    const rows = (await analyst.locator('[data-test="audit-rows"] li').allInnerTexts()).map((r) => {
      const [when = '', what = ''] = r.split('\n');
      return `${when.replace(/^.* · /, '')} | ${what.replace(/\s+/g, ' ').trim()}`;
    });
    expect(rows).toEqual([
      'jinjiang-tj（账号） | 状态锦江区 · 2025-10： — → 草稿',
      'jinjiang-tj（账号） | 数值锦江区 · 2025-10 · 网上零售额： — → 60000 万元（原因：提交）',
      'jinjiang-tj（账号） | 状态锦江区 · 2025-10： 草稿 → 已提交',
      'city-analyst（账号） | 状态锦江区 · 2025-10： 已提交 → 已退回（原因：网上零售额偏高，请按平台口径核实）',
      'jinjiang-tj（账号） | 数值锦江区 · 2025-10 · 网上零售额： 60000 万元 → 58000 万元（原因：提交）',
      'jinjiang-tj（账号） | 状态锦江区 · 2025-10： 已退回 → 已提交',
      'jinjiang-sh（账号） | 状态锦江区 · 2025-10： 已提交 → 区县已审核（原因：已核对）',
      'city-analyst（账号） | 状态锦江区 · 2025-10： 区县已审核 → 已审核',
      'city-analyst（账号） | 状态锦江区 · 2025-10： 已审核 → 已发布',
      'city-analyst（账号） | 数值锦江区 · 2025-10 · 网上零售额： — → 58000 万元（原因：发布）',
    ]);
    await shot(analyst, 'forms-audit');
  });

  it('报送进度 lists the form per district with its state; the phone layouts do not scroll sideways', async () => {
    await analyst.goto(`${base}/reporting`);
    await analyst.waitForSelector('[data-test="progress"] tbody tr');
    await expect(
      analyst.locator('tr[data-area="510104"][data-period="2025-10"]').textContent(),
    ).resolves.toContain('已发布');
    // One line per form × period counts the districts by state; 2025-09 and 2025-08 are past their deadlines.
    const line = (period: string) =>
      analyst.locator(
        `[data-test="progress-overview"] tr[data-form="district_monthly_ec"][data-period="${period}"]`,
      );
    const cols = (period: string) =>
      line(period)
        .locator('td[data-col]')
        .evaluateAll((tds) => tds.map((td) => `${td.getAttribute('data-col')}=${td.textContent}`));
    await expect(cols('2025-10')).resolves.toEqual([
      'not_started=19',
      'draft=—',
      'returned=—',
      'awaiting=—',
      'approved=—',
      'published=1',
    ]);
    await expect(line('2025-09').locator('td').last().textContent()).resolves.toBe('20');
    const count = () => analyst.locator('[data-test="filtered-count"]').textContent();
    await expect(count()).resolves.toBe('共 60 项');
    // A click narrows the unit rows to that form × period; the state picker to the overdue ones.
    await line('2025-10').click();
    await analyst.waitForFunction(
      () => document.querySelector('[data-test="filtered-count"]')?.textContent === '共 20 项',
    );
    await analyst.locator('[data-test="filter-clear"]').click();
    await analyst.locator('[data-test="filter-state"]').click();
    await analyst.locator('.el-select-dropdown__item:visible', { hasText: /^逾期$/ }).click();
    await analyst.waitForFunction(
      () => document.querySelector('[data-test="filtered-count"]')?.textContent === '共 40 项',
    );
    const periods = await analyst
      .locator('[data-test="progress"] tbody tr')
      .evaluateAll((trs) => [...new Set(trs.map((tr) => tr.getAttribute('data-period')))]);
    expect(periods).toEqual(['2025-09', '2025-08']);
    await analyst.locator('[data-test="filter-clear"]').click();
    await shot(analyst, 'forms-reporting');
    const phone = await signedInPage('jinjiang-tj', 390, 844);
    await phone.waitForSelector('[data-test="entry"]');
    for (const [path, ready, name] of [
      ['/collect', '[data-test="entry"]', 'forms-collect-phone'],
      ['/reporting', '[data-test="progress"]', 'forms-reporting-phone'],
      ['/audit', '[data-test="audit-rows"]', 'forms-audit-phone'],
    ] as const) {
      await phone.goto(`${base}${path}`);
      await phone.waitForSelector(ready);
      const widths = await phone.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
      expect(widths[0], path).toBeLessThanOrEqual(widths[1] as number);
      await shot(phone, name);
    }
  });
});
