/**
 * Accounts for end-to-end tests: an analyst (市局分析员) on the test's store, and signing in through the
 * app's own login page (the session cookie and CSRF token are the browser's, as for a user).
 */
import type { Page } from 'playwright-core';
import { Accounts } from '../../src/auth/accounts.js';
import { Sessions } from '../../src/auth/sessions.js';
import type { Plan } from '../../src/plan/plan-types.js';
import type { Driver } from '../../src/store/driver.js';

export const E2E_ANALYST = 'e2e-analyst';
export const E2E_PASSWORD = 'e2e-pass-2025';

/** The `auth` option of buildServer, with the analyst account made. */
export async function e2eAuth(
  driver: Driver,
  plan: Plan,
): Promise<{ accounts: Accounts; sessions: Sessions }> {
  const accounts = new Accounts(driver, plan);
  await accounts.add(
    { name: E2E_ANALYST, displayName: '市局分析员', role: 'analyst', password: E2E_PASSWORD },
    'e2e',
  );
  return { accounts, sessions: new Sessions(driver, accounts) };
}

/** Signs in as the analyst on the login page and lands on `next`. */
export async function signInAnalyst(page: Page, base: string, next: string): Promise<void> {
  await page.goto(`${base}/login?next=${encodeURIComponent(next)}`);
  await page.locator('[data-test="login-name"]').fill(E2E_ANALYST);
  await page.locator('[data-test="login-password"]').fill(E2E_PASSWORD);
  await page.locator('[data-test="login-submit"]').click();
  await page.waitForSelector('[data-test="account"]');
}
