/**
 * End to end, the 企业与项目库 in Debian's chromium over the built web app: an entity page with its
 * designations, credit summary and feed figures (its USCC a seller in an ingested feed), an add form whose
 * wrong USCC is named under its field, a correction saved as a version, the counts with added/removed lists
 * and the credit lists. Screenshots at 1440×900 and 390×844 in `test-output/screenshots/registry-*.png`; no
 * page scrolls sideways on the phone.
 */
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StoreDashboardService } from '../../src/api/dashboard-service.js';
import { RegistryService } from '../../src/api/registry-service.js';
import { buildServer } from '../../src/api/server.js';
import { usccCheckChar } from '../../src/domain/uscc.js';
import { ingestFeed } from '../../src/ingest/feed/ingest-feed.js';
import { loadPlan } from '../../src/plan/load-plan.js';
import { applyRegistry } from '../../src/registry/import-registry.js';
import { creditId, designationId } from '../../src/registry/registry-records.js';
import { openStore, type Store } from '../../src/store/open-store.js';
import { savePlan } from '../../src/store/plan-repository.js';
import { feedCsv, feedRow, USCC } from '../support/feed-rows.js';
import { e2eAuth, signInAnalyst } from './e2e-accounts.js';
import { launchChromium, listenLocally } from './e2e-browser.js';

const root = resolve(import.meta.dirname, '../..');
const shots = resolve(root, 'test-output/screenshots');
const PLAN_FILE = 'plans/chengdu-ec-2021-2025.yaml';
const plan = loadPlan(PLAN_FILE);
const other = (n: number) => {
  const stem = `91510100MA${String(n).padStart(7, '0')}`;
  return stem + usccCheckChar(stem);
};
const B = other(702);
const C = other(703);

let store: Store;
let app: FastifyInstance;
let browser: Browser;
let base: string;

const firm = (id: string, name: string, area: string) => ({
  id,
  kind: 'enterprise',
  name,
  area,
  domain: 'retail_ec',
  founded: '2015-04-01',
  operator: null,
  fields: {},
});
const title = (entity: string, designation: string, from: string, to: string | null = null) => ({
  id: designationId(entity, designation, from),
  entity_id: entity,
  designation,
  valid_from: from,
  valid_to: to,
  body: '成都市新经济发展委员会',
  document: `成新经委〔${from.slice(0, 4)}〕8号`,
  source: null,
});
const record = (entity: string, type: string, date: string, doc: string, pub: boolean) => ({
  id: creditId(entity, type, date, doc),
  entity_id: entity,
  credit_type: type,
  record_date: date,
  source: '信用中国（四川成都）',
  document: doc,
  valid_to: null,
  public: pub,
  note: null,
});

async function open(
  width: number,
  height: number,
  path: string,
  ready: string,
  analyst = false,
): Promise<Page> {
  const context = await browser.newContext({ viewport: { width, height }, locale: 'zh-CN' });
  const p = await context.newPage();
  p.on('pageerror', (e) => {
    throw e;
  });
  // Adding and correcting records is the city's (admin, analyst): sign in first.
  if (analyst) await signInAnalyst(p, base, path);
  await p.goto(`${base}${path}`);
  await p.waitForSelector(ready);
  return p;
}

async function shot(p: Page, name: string) {
  await p.waitForTimeout(500);
  await p.screenshot({ path: resolve(shots, `registry-${name}.png`), fullPage: true });
  const [scrollWidth, innerWidth] = await p.evaluate(() => [
    document.documentElement.scrollWidth,
    window.innerWidth,
  ]);
  expect(scrollWidth, name).toBeLessThanOrEqual(innerWidth);
}

beforeAll(async () => {
  mkdirSync(shots, { recursive: true });
  store = await openStore(join(mkdtempSync(join(tmpdir(), 'ecmon-e2e-registry-')), 'r.duckdb'));
  await savePlan(store.driver, store.dialect, plan, PLAN_FILE);
  await ingestFeed(
    store,
    plan,
    feedCsv([
      feedRow('A1', { period: '2023-05', gmv: '125000.00', refunds: '5000.00' }),
      feedRow('A2', { period: '2023-05', gmv: '40000.00', refunds: '0.00', trade_mode: 'B2B' }),
      feedRow('A1', { period: '2023-06', gmv: '98000.50', refunds: '0.50' }),
    ]),
    { platform: 'sim-mall' },
  );
  await applyRegistry(
    store,
    plan,
    {
      entities: [
        firm(USCC, '成都锦江模拟电商有限公司', '510104'),
        firm(B, '成都武侯模拟科技有限公司', '510107'),
        firm(C, '成都高新模拟数据有限公司', '510173'),
      ],
      designations: [
        title(USCC, 'gazelle', '2021-03-01'),
        title(USCC, 'unicorn', '2023-09-01'),
        title(B, 'gazelle', '2022-01-10', '2024-06-30'),
        title(C, 'gazelle', '2024-06-03'),
      ],
      credit: [
        record(USCC, '守信激励', '2022-04-01', '成信〔2022〕3号', true),
        record(USCC, '行政处罚', '2023-02-01', '内部〔2023〕1号', false),
        record(B, '失信惩戒', '2024-07-01', '成信〔2024〕9号', true),
        record(C, '行政处罚', '2024-08-01', '成市监罚〔2024〕5号', true),
      ],
    },
    { by: '测试', reason: null, file: null, through: '2025-12' },
  );
  app = buildServer({
    service: new StoreDashboardService(store.driver, plan),
    registry: new RegistryService(store, plan),
    webRoot: resolve(root, 'web/dist'),
    auth: await e2eAuth(store.driver, plan),
  });
  base = await listenLocally(app);
  browser = await launchChromium();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await app?.close();
  await store?.close();
});

describe('企业与项目库 in a browser', () => {
  it('an entity page shows its timeline, credit summary (public records only) and feed figures by month', async () => {
    for (const [w, h, name] of [
      [1440, 900, 'entity'],
      [390, 844, 'entity-phone'],
    ] as const) {
      const p = await open(w, h, `/registry/entity/${USCC}`, '[data-test="feed-figures"] .el-table__row');
      await expect(p.locator('h1.page-title').textContent()).resolves.toBe('成都锦江模拟电商有限公司');
      const timeline = await p.locator('.el-timeline-item strong').allTextContents();
      expect(timeline).toEqual(['瞪羚企业', '独角兽企业']);
      await expect(p.locator('[data-test="credit-status"]').textContent()).resolves.toContain('守信');
      const page = await p.content();
      expect(page).toContain('成信〔2022〕3号');
      expect(page).not.toContain('内部〔2023〕1号');
      const months = await p
        .locator('[data-test="feed-figures"] .el-table__body tr td:first-child')
        .allTextContents();
      expect(months.map((m) => m.trim())).toEqual(['2023-06', '2023-05']);
      const may = await p.locator('[data-test="feed-figures"] .el-table__body tr').nth(1).textContent();
      expect(may).toContain('165,000');
      // Figures of real (not simulated) feeds carry no 模拟 mark.
      expect(await p.locator('[data-test="feed-simulated"]').count()).toBe(0);
      await shot(p, name);
      await p.context().close();
    }
  });

  it('the add form names the field of a wrong USCC; a correction is saved as a version with its reason', async () => {
    const p = await open(1440, 900, '/registry', '[data-test="registry-add"]', true);
    await p.locator('[data-test="registry-add"]').click();
    await p.locator('.el-select-dropdown__item', { hasText: '新增企业' }).click();
    await p.waitForSelector('[data-test="registry-form"]');
    const bad = `${C.slice(0, 17)}${C[17] === '0' ? '1' : '0'}`;
    await p.locator('[data-field="id"] input').fill(bad);
    await p.locator('[data-field="name"] input').fill('成都新增模拟企业有限公司');
    await p.locator('[data-test="form-save"]').click();
    await p.waitForSelector('[data-field="id"] .el-form-item__error');
    await expect(p.locator('[data-field="id"] .el-form-item__error').textContent()).resolves.toMatch(
      /^统一社会信用代码校验位错误：应为 \w，实际为 \w/,
    );
    await expect(p.locator('[data-field="area"] .el-form-item__error').textContent()).resolves.toContain(
      '必填项为空',
    );
    await shot(p, 'form-error');
    await p.context().close();

    const e = await open(390, 844, `/registry/entity/${B}`, '[data-test="edit-entity"]', true);
    await e.locator('[data-test="edit-entity"]').click();
    await e.locator('[data-field="name"] input').fill('成都武侯模拟数字科技有限公司');
    await e.locator('[data-test="form-save"]').click();
    await e.waitForSelector('[data-field="reason"] .el-form-item__error');
    await expect(e.locator('[data-field="reason"] .el-form-item__error').textContent()).resolves.toContain(
      '更正须填写原因',
    );
    await shot(e, 'form-error-phone');
    await e.locator('[data-field="reason"] input').fill('企业更名');
    await e.locator('[data-test="form-save"]').click();
    await e.waitForFunction(
      () => document.querySelector('h1.page-title')?.textContent === '成都武侯模拟数字科技有限公司',
    );
    const history = await e.locator('.entity-line').allTextContents();
    expect(history.some((h) => h.includes('成都武侯模拟数字科技有限公司') && h.includes('企业更名'))).toBe(
      true,
    );
    await e.context().close();
  });

  it('counts by month list who was added and removed; the credit lists show the published 失信 and watch lists', async () => {
    for (const [w, h, name] of [
      [1440, 900, 'counts'],
      [390, 844, 'counts-phone'],
    ] as const) {
      const p = await open(w, h, '/registry?tab=counts', '[data-test="registry-counts"]');
      await p.locator('[data-test="count-frequency"] label', { hasText: '按月' }).click();
      await p.locator('[data-test="count-year"]').click();
      await p.locator('.el-select-dropdown__item:visible', { hasText: '2024' }).click();
      await p.locator('[data-test="count-month"]').click();
      await p.locator('.el-select-dropdown__item:visible', { hasText: /^06$/ }).click();
      await p.waitForFunction(() =>
        document.querySelector('[data-test="registry-changes"]')?.textContent?.includes('2024-06 新增'),
      );
      const changes = (await p.locator('[data-test="registry-changes"]').textContent()) ?? '';
      // C was designated on 3 June; B's title ended on 30 June (the first day it no longer held).
      expect(changes).toContain('2024-06 新增（1）成都高新模拟数据有限公司2024-06-03');
      expect(changes).toContain('2024-06 减少（1）成都武侯模拟数字科技有限公司2024-06-30');
      await shot(p, name);
      await p.context().close();
    }
    for (const [w, h, name] of [
      [1440, 900, 'credit'],
      [390, 844, 'credit-phone'],
    ] as const) {
      const p = await open(w, h, '/registry?tab=credit', '[data-test="credit-table"] .el-table__row');
      const names = await p
        .locator('[data-test="credit-table"] .el-table__body tr td:first-child')
        .allTextContents();
      expect(names.map((n) => n.trim())).toEqual(['成都武侯模拟数字科技有限公司']);
      await p.locator('[data-test="credit-list"] label', { hasText: '重点关注' }).click();
      await p.waitForFunction(() =>
        document
          .querySelector('[data-test="credit-table"]')
          ?.textContent?.includes('成都高新模拟数据有限公司'),
      );
      const watch = await p
        .locator('[data-test="credit-table"] .el-table__body tr td:first-child')
        .allTextContents();
      expect(watch.map((n) => n.trim())).toEqual(['成都高新模拟数据有限公司']);
      expect(await p.content()).not.toContain('内部〔2023〕1号');
      await shot(p, name);
      await p.context().close();
    }
  });
});
