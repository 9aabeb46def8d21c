/**
 * Signing in and managing users in a browser: the built web app (`web/dist`) served with accounts on a fresh
 * DuckDB store with the demo accounts, driven in Debian's chromium over http://127.0.0.1 (which Chromium
 * counts as secure, so the Secure cookie is kept). Screenshots of the sign-in and user pages at 1440×900 and
 * 390×844 go to `test-output/screenshots/`; neither page scrolls sideways.
 */
import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StoreDashboardService } from '../../src/api/dashboard-service.js';
import { buildServer } from '../../src/api/server.js';
import { Accounts } from '../../src/auth/accounts.js';
import { DEMO_PASSWORD, ensureDemoAccounts } from '../../src/auth/demo-accounts.js';
import { Sessions } from '../../src/auth/sessions.js';
import { loadPlan } from '../../src/plan/load-plan.js';
import { openStore, type Store } from '../../src/store/open-store.js';
import { savePlan } from '../../src/store/plan-repository.js';
import { PLAN_FILE } from '../support/dashboard-store.js';

const root = resolve(import.meta.dirname, '../..');
const webRoot = resolve(root, 'web/dist');
const shots = resolve(root, 'test-output/screenshots');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

let store: Store;
let app: FastifyInstance;
let browser: Browser;
let base: string;

async function open(width: number, height: number): Promise<Page> {
  const context = await browser.newContext({ viewport: { width, height }, locale: 'zh-CN' });
  const page = await context.newPage();
  page.on('pageerror', (e) => {
    throw e;
  });
  return page;
}

async function signIn(page: Page, name: string, password: string): Promise<void> {
  await page.goto(`${base}/login`);
  await page.locator('[data-test="login-name"]').fill(name);
  await page.locator('[data-test="login-password"]').fill(password);
  await page.locator('[data-test="login-submit"]').click();
}

async function noSidewaysScroll(page: Page, what: string): Promise<void> {
  const [scrollWidth, innerWidth] = await page.evaluate(() => [
    document.documentElement.scrollWidth,
    window.innerWidth,
  ]);
  expect(scrollWidth, what).toBeLessThanOrEqual(innerWidth);
}

beforeAll(async () => {
  if (!existsSync(resolve(webRoot, 'index.html')))
    throw new Error('web/dist is missing: build the app first (npx vite build --config web/vite.config.ts)');
  mkdirSync(shots, { recursive: true });
  store = await openStore(join(mkdtempSync(join(tmpdir(), 'ecmon-auth-e2e-')), 'e2e.duckdb'));
  const plan = loadPlan(PLAN_FILE);
  await savePlan(store.driver, store.dialect, plan, PLAN_FILE);
  const accounts = new Accounts(store.driver, plan);
  await ensureDemoAccounts(accounts, true);
  app = buildServer({
    service: new StoreDashboardService(store.driver, plan),
    webRoot,
    auth: { accounts, sessions: new Sessions(store.driver, accounts) },
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
  });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await app?.close();
  await store?.close();
});

describe('signing in and managing users in a browser', () => {
  it('the public sees the dashboard and a 登录 link; a wrong password is refused with the reason', async () => {
    const page = await open(1440, 900);
    await page.goto(`${base}/`);
    await expect(page.locator('[data-test="sign-in"]').textContent()).resolves.toBe('登录');
    await page.locator('[data-test="sign-in"]').click();
    await page.waitForSelector('[data-test="login-page"]');
    await expect(page.locator('[data-test="demo-hint"]').textContent()).resolves.toContain(DEMO_PASSWORD);
    await signIn(page, 'demo-admin', 'wrong-pass-123');
    await expect(page.locator('[data-test="login-error"]').textContent()).resolves.toContain(
      '账号或密码错误',
    );
    await page.screenshot({ path: resolve(shots, 'login-error.png'), fullPage: true });
  });

  for (const [width, height] of [
    [1440, 900],
    [390, 844],
  ] as const)
    it(`${width}×${height}: an administrator signs in, adds a 锦江区 reporter, sees the password once, signs out`, async () => {
      const page = await open(width, height);
      await page.goto(`${base}/login`);
      await page.waitForSelector('[data-test="login-page"]');
      await noSidewaysScroll(page, `login at ${width}px`);
      await page.screenshot({ path: resolve(shots, `login-${width}.png`), fullPage: true });
      await signIn(page, 'demo-admin', DEMO_PASSWORD);
      await page.waitForSelector('[data-test="account"]');
      await expect(page.locator('[data-test="account"]').textContent()).resolves.toContain(
        '演示·系统管理员（系统管理员）',
      );
      await page.locator('[data-nav="users"]').click();
      await page.waitForSelector('[data-test="users-table"] .el-table__row');
      const rows = page.locator('[data-test="users-table"] .el-table__row');
      // The seven demo accounts, and the account the wider screen added first.
      const before = await rows.count();
      expect(before).toBe(width === 1440 ? 7 : 8);
      const name = `jinjiang-${width}`;
      await page.locator('[data-test="new-name"]').fill(name);
      await page.locator('[data-test="new-scope"]').fill('510104');
      await page.locator('[data-test="add-submit"]').click();
      await page.waitForSelector('[data-test="secret-value"]');
      await expect(page.locator('[data-test="secret-value"]').textContent()).resolves.toMatch(
        /^[A-Za-z0-9]{16}$/,
      );
      await page.screenshot({ path: resolve(shots, `users-secret-${width}.png`) });
      await page.locator('[data-test="secret-close"]').click();
      await page.waitForSelector('[data-test="secret-value"]', { state: 'detached' });
      await expect(rows.count()).resolves.toBe(before + 1);
      await noSidewaysScroll(page, `users at ${width}px`);
      await page.screenshot({ path: resolve(shots, `users-${width}.png`), fullPage: true });
      await page.locator('[data-test="sign-out"]').click();
      await page.waitForSelector('[data-test="sign-in"]');
      await expect(page.url()).toBe(`${base}/`);
    });

  it('a district account sees no 用户管理, and the page says only administrators manage users', async () => {
    const page = await open(1440, 900);
    await signIn(page, 'demo-jinjiang-tb', DEMO_PASSWORD);
    await page.waitForSelector('[data-test="account"]');
    await expect(page.locator('[data-nav="users"]').count()).resolves.toBe(0);
    await page.goto(`${base}/admin/users`);
    await page.waitForSelector('text=只有系统管理员可以管理用户。');
    await expect(page.locator('[data-test="users-table"]').count()).resolves.toBe(0);
  });
});
