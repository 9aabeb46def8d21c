/**
 * Signing in and managing users in a browser: the built web app (`web/dist`) served with accounts on a fresh
 * DuckDB store with the demo accounts, driven in Debian's chromium over http://127.0.0.1 (which Chromium
 * counts as secure, so the Secure cookie is kept). Screenshots of the sign-in and user pages (and the dialog that
 * asks the reason for disabling an account or resetting a password) at 1440×900 and 390×844 go to
 * `test-output/screenshots/`; neither page scrolls sideways.
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
import { DEMO_PASSWORD, ensureDemoAccounts } from '../../src/auth/demo-accounts.js';
import { Sessions } from '../../src/auth/sessions.js';
import { loadPlan } from '../../src/plan/load-plan.js';
import { openStore, type Store } from '../../src/store/open-store.js';
import { savePlan } from '../../src/store/plan-repository.js';
import { queryAudit } from '../../src/store/write/audit-log.js';
import { PLAN_FILE } from '../support/dashboard-store.js';
import { launchChromium, listenLocally } from './e2e-browser.js';

const root = resolve(import.meta.dirname, '../..');
const webRoot = resolve(root, 'web/dist');
const shots = resolve(root, 'test-output/screenshots');

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
  base = await listenLocally(app);
  browser = await launchChromium();
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

  /** The account settings audited for `name`, as `actor old → new (reason)`. */
  async function settingsAudit(name: string): Promise<string[]> {
    const rows = await queryAudit(store.driver, store.dialect, {
      what: 'setting',
      subject: `account:${name}`,
    });
    return rows.map(
      (r) => `${r.actor} ${r.via} ${r.old_value ?? ''} → ${r.new_value ?? ''} (${r.reason ?? ''})`,
    );
  }

  for (const [width, height] of [
    [1440, 900],
    [390, 844],
  ] as const)
    it(`${width}×${height}: disabling and resetting ask for the reason, which the audit log keeps; the server's refusal shows in the dialog`, async () => {
      const name = `jinjiang-${width}`;
      const page = await open(width, height);
      await signIn(page, 'demo-admin', DEMO_PASSWORD);
      await page.waitForSelector('[data-test="account"]');
      await page.goto(`${base}/admin/users`);
      await page.waitForSelector(`[data-test="toggle-${name}"]`);
      const dialog = page.locator('[data-test="action-dialog"]');
      const state = page
        .locator('[data-test="users-table"] .el-table__row', { hasText: name })
        .locator('.el-tag');
      const created = await settingsAudit(name);
      expect(created).toHaveLength(1);

      // 停用 without a reason: refused in the dialog, nothing sent.
      await page.locator(`[data-test="toggle-${name}"]`).click();
      await dialog.waitFor();
      await expect(dialog.locator('.el-dialog__title').textContent()).resolves.toBe(`停用 · ${name}`);
      await expect(dialog.locator('[data-test="action-text"]').textContent()).resolves.toBe(
        `停用账号 ${name}？其所有会话将立即结束。`,
      );
      await dialog.locator('[data-test="action-confirm"]').click();
      await expect(dialog.locator('.el-form-item__error').textContent()).resolves.toContain(
        '请填写原因：停用账号、重置密码或换发令牌须说明原因',
      );
      await dialog.locator('[data-test="action-reason"]').fill('   ');
      await dialog.locator('[data-test="action-confirm"]').click();
      await expect(dialog.locator('.el-form-item__error').count()).resolves.toBe(1);
      await page.screenshot({ path: resolve(shots, `users-disable-required-${width}.png`) });
      expect(await settingsAudit(name)).toEqual(created);
      await expect(state.textContent()).resolves.toBe('正常');

      // With the reason: sent, the account disabled, the reason in the audit log.
      const disableReason = `人员调离锦江区统计局（${width}）`;
      await dialog.locator('[data-test="action-reason"]').fill(disableReason);
      await page.screenshot({ path: resolve(shots, `users-disable-dialog-${width}.png`) });
      await dialog.locator('[data-test="action-confirm"]').click();
      await dialog.waitFor({ state: 'hidden' });
      await page.waitForFunction(
        (n) =>
          [...document.querySelectorAll('[data-test="users-table"] .el-table__row')]
            .find((r) => r.textContent?.includes(n))
            ?.querySelector('.el-tag')?.textContent === '已停用',
        name,
      );
      // 启用: the reason may be left empty.
      await page.locator(`[data-test="toggle-${name}"]`).click();
      await dialog.waitFor();
      await expect(dialog.locator('.el-dialog__title').textContent()).resolves.toBe(`启用 · ${name}`);
      await dialog.locator('[data-test="action-confirm"]').click();
      await dialog.waitFor({ state: 'hidden' });
      await page.waitForFunction(
        (n) =>
          [...document.querySelectorAll('[data-test="users-table"] .el-table__row')]
            .find((r) => r.textContent?.includes(n))
            ?.querySelector('.el-tag')?.textContent === '正常',
        name,
      );

      // 重置密码: the reason is required too; the new password is shown once.
      const resetReason = `本人遗失密码，电话核实后重置（${width}）`;
      await page.locator(`[data-test="reset-${name}"]`).click();
      await dialog.waitFor();
      await expect(dialog.locator('[data-test="action-text"]').textContent()).resolves.toBe(
        `重置账号 ${name} 的密码：新密码只显示一次，原密码立即失效。`,
      );
      await dialog.locator('[data-test="action-confirm"]').click();
      await expect(dialog.locator('.el-form-item__error').textContent()).resolves.toContain(
        '请填写原因：停用账号、重置密码或换发令牌须说明原因',
      );
      await dialog.locator('[data-test="action-reason"]').fill(resetReason);
      await page.screenshot({ path: resolve(shots, `users-reset-dialog-${width}.png`) });
      await dialog.locator('[data-test="action-confirm"]').click();
      await page.waitForSelector('[data-test="secret-value"]');
      await expect(page.locator('[data-test="secret-value"]').textContent()).resolves.toMatch(
        /^[A-Za-z0-9]{16}$/,
      );
      await page.locator('[data-test="secret-close"]').click();
      await page.waitForSelector('[data-test="secret-value"]', { state: 'detached' });

      expect(await settingsAudit(name)).toEqual([
        ...created,
        `demo-admin account disabled=false → disabled=true (${disableReason})`,
        'demo-admin account disabled=true → disabled=false ()',
        `demo-admin account  → password=reset (${resetReason})`,
      ]);

      // The server refuses to disable the account in use: its message shows in the dialog, which stays open.
      const own = await settingsAudit('demo-admin');
      await page.locator('[data-test="toggle-demo-admin"]').click();
      await dialog.waitFor();
      await dialog.locator('[data-test="action-reason"]').fill('测试');
      await dialog.locator('[data-test="action-confirm"]').click();
      await dialog.locator('[data-test="action-error"]').waitFor();
      await expect(dialog.locator('[data-test="action-error"]').textContent()).resolves.toContain(
        '不能停用自己正在使用的账号：请用另一个管理员账号操作。',
      );
      await page.screenshot({ path: resolve(shots, `users-disable-refused-${width}.png`) });
      await expect(dialog.isVisible()).resolves.toBe(true);
      expect(await settingsAudit('demo-admin')).toEqual(own);
      await dialog.locator('[data-test="action-cancel"]').click();
      await dialog.waitFor({ state: 'hidden' });
      await noSidewaysScroll(page, `users dialog at ${width}px`);
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
