/**
 * The registry's public lists as open data (/open/registry): per kind, who holds which designation (a removed
 * entity keeps its row with its removal date), and the credit lists from records marked 公示. A store holding a
 * simulated registry and real records: the simulated ones never reach a page, a download or the catalogue,
 * and while only they exist the page says so. Anonymous clients read it all; every download names its
 * licence, publisher and source.
 */
import { mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StoreDashboardService } from '../src/api/dashboard-service.js';
import { buildServer } from '../src/api/server.js';
import { OpenDataService } from '../src/opendata/open-data-service.js';
import { loadPlan } from '../src/plan/load-plan.js';
import { applyRegistry } from '../src/registry/import-registry.js';
import type { CreditRecord, DesignationRecord, EntityRecord } from '../src/registry/registry-records.js';
import type { Store } from '../src/store/open-store.js';
import { savePlan } from '../src/store/plan-repository.js';
import { engines, freshStore } from './support/engines.js';

const PLAN_FILE = 'plans/chengdu-ec-2021-2025.yaml';
const plan = loadPlan(PLAN_FILE);
/** The day the credit lists are taken on (the service's clock). */
const NOW = Date.UTC(2025, 5, 30, 8, 0, 0);

const entity = (id: string, kind: string, name: string, area: string): EntityRecord => ({
  id,
  kind,
  name,
  area,
  domain: null,
  founded: null,
  operator: null,
  fields: {},
});
const designation = (
  entity_id: string,
  d: string,
  valid_from: string,
  more: Partial<DesignationRecord> = {},
): DesignationRecord => ({
  id: `${entity_id}|${d}|${valid_from}`,
  entity_id,
  designation: d,
  valid_from,
  valid_to: null,
  body: null,
  document: null,
  source: null,
  ...more,
});
const credit = (
  entity_id: string,
  type: string,
  date: string,
  more: Partial<CreditRecord> = {},
): CreditRecord => ({
  id: `${entity_id}|${type}|${date}|${more.document ?? ''}`,
  entity_id,
  credit_type: type,
  record_date: date,
  source: null,
  document: null,
  valid_to: null,
  public: true,
  note: null,
  ...more,
});

/** What only the simulated (demonstration) registry holds: none of it may appear in any open answer. */
const SIMULATED = ['模拟企业甲', '91510100SIM0000001', '模拟基地乙', 'SIM-BASE-0001', '模拟认定文号'];
/** A credit note and a record not marked 公示: never public. */
const PRIVATE = ['内部备注', '成信〔2024〕99号'];

const shots = resolve(import.meta.dirname, '../test-output/screenshots');
/** The portal's page weight budget (test/open-portal.test.ts): every page, as sent gzipped. */
const PAGE_BUDGET_BYTES = 30 * 1024;

const LISTS = ['enterprise', 'base', 'credit-dishonest', 'credit-watch'];
const OPEN_URLS = [
  '/open/registry',
  '/open/registry?lang=en',
  ...LISTS.flatMap((l) => [`/open/registry/${l}`, `/open/registry/${l}.csv`, `/open/registry/${l}.json`]),
  '/open/catalogue',
  '/open/catalogue.csv',
  '/open/catalogue.jsonld',
];

describe.each(engines())('registry lists as open data on $engine', (target) => {
  let store: Store;
  let app: ReturnType<typeof buildServer>;
  let base: string;
  const get = async (url: string): Promise<{ status: number; text: string }> => {
    const res = await fetch(base + url);
    return { status: res.status, text: await res.text() };
  };
  const csvRows = (text: string): string[] => text.replace(/^\ufeff/, '').split('\r\n');

  beforeAll(async () => {
    store = (await freshStore(target)).store;
    await savePlan(store.driver, store.dialect, plan, PLAN_FILE);
    await applyRegistry(
      store,
      plan,
      {
        entities: [
          entity('91510100SIM0000001', 'enterprise', '模拟企业甲', '510104'),
          entity('SIM-BASE-0001', 'base', '模拟基地乙', '510113'),
        ],
        designations: [
          designation('91510100SIM0000001', 'gazelle', '2021-01-01', { document: '模拟认定文号' }),
          designation('SIM-BASE-0001', 'new_format_base', '2021-05-01'),
        ],
        credit: [credit('91510100SIM0000001', '失信惩戒', '2024-01-01', { document: '模拟认定文号' })],
      },
      { by: 'demo', file: null, simulated: true, through: '2021-12' },
    );
    app = buildServer({
      service: new StoreDashboardService(store.driver, plan),
      openData: new OpenDataService(store.driver, plan, {
        limits: { anonymousPerMinute: 100_000, keyPerMinute: 100_000 },
        now: () => NOW,
      }),
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  }, 120_000);
  afterAll(async () => {
    await app.close();
    await store.close();
    await target.cleanup();
  });

  it('while the registry holds only simulated records, the lists are empty and the page says so', async () => {
    const page = await get('/open/registry');
    expect(page.status).toBe(200);
    expect(page.text).toContain(
      '库中目前只有模拟（演示）数据，公开名单不显示模拟数据；正式认定登记后在此公开。',
    );
    expect(page.text).toContain('企业认定名单');
    expect(page.text).toContain('0 条');
    const en = await get('/open/registry?lang=en');
    expect(en.text).toContain('The registry holds only simulated (demonstration) records so far');
    expect(csvRows((await get('/open/registry/enterprise.csv')).text)[1]).toBe('');
    for (const url of OPEN_URLS) {
      const { status, text } = await get(url);
      expect(status, url).toBe(200);
      for (const s of SIMULATED) expect(text, `${url} shows ${s}`).not.toContain(s);
    }
  });

  it('real designations, a removal and public credit records make exact CSV rows; simulated ones never appear', async () => {
    await applyRegistry(
      store,
      plan,
      {
        entities: [
          entity('91510104MA0000001A', 'enterprise', '成都甲电子商务有限公司', '510104'),
          entity('91510107MA0000002B', 'enterprise', '成都乙科技有限公司', '510107'),
          entity('91510106MA0000003C', 'enterprise', '成都丙商贸有限公司', '510106'),
          entity('JD-2022-001', 'base', '青白江电商新业态基地', '510113'),
        ],
        designations: [
          designation('91510104MA0000001A', 'gazelle', '2022-03-01', {
            body: '成都市新经济委',
            document: '成新经发〔2022〕5号',
            source: '成都市新经济委官网',
          }),
          designation('91510107MA0000002B', 'unicorn', '2021-06-01', {
            valid_to: '2023-06-01',
            body: '成都市新经济委',
            document: '成新经发〔2021〕9号',
          }),
          designation('JD-2022-001', 'new_format_base', '2022-09-01', {
            body: '成都市商务局',
            document: '成商务发〔2022〕30号',
            source: '成都市商务局公告',
          }),
          // A real write about a simulated entity: the entity is still a demonstration one.
          designation('91510100SIM0000001', 'vertical_leader', '2023-01-01', { document: '模拟认定文号' }),
        ],
        credit: [
          credit('91510104MA0000001A', '行政处罚', '2024-01-10', {
            document: '锦市监罚〔2024〕1号',
            source: '锦江区市场监管局',
            note: '内部备注：整改中',
          }),
          credit('91510104MA0000001A', '失信惩戒', '2024-02-01', {
            document: '成信〔2024〕99号',
            public: false,
          }),
          credit('91510106MA0000003C', '失信惩戒', '2024-03-01', {
            document: '成信〔2024〕2号',
            source: '信用成都',
            valid_to: '2027-03-01',
          }),
        ],
      },
      { by: 'analyst', file: null, through: '2021-12' },
    );
    await applyRegistry(
      store,
      plan,
      { entities: [], designations: [], credit: [] },
      {
        by: 'analyst',
        file: null,
        through: '2021-12',
        removals: [{ id: '91510107MA0000002B', on: '2024-05-01' }],
      },
    );

    const licence =
      '# 许可：知识共享署名 4.0 国际许可（CC BY 4.0），使用时请注明来源（https://creativecommons.org/licenses/by/4.0/deed.zh-hans）；提供单位：成都市商务局；来源：成都市电子商务发展“十四五”规划重点企业项目库（成都市商务局），不含模拟数据';
    expect(csvRows((await get('/open/registry/enterprise.csv')).text)).toEqual([
      '名称,统一社会信用代码,区划代码,所在区域,认定称号,认定日期,失效日期,认定机构,认定文号,来源,移除日期',
      '成都乙科技有限公司,91510107MA0000002B,510107,武侯区,独角兽企业,2021-06-01,2023-06-01,成都市新经济委,成新经发〔2021〕9号,,2024-05-01',
      '成都甲电子商务有限公司,91510104MA0000001A,510104,锦江区,瞪羚企业,2022-03-01,,成都市新经济委,成新经发〔2022〕5号,成都市新经济委官网,',
      '',
      licence,
      '',
    ]);
    expect(csvRows((await get('/open/registry/base.csv')).text)).toEqual([
      '名称,编号,区划代码,所在区域,认定称号,认定日期,失效日期,认定机构,认定文号,来源,移除日期',
      '青白江电商新业态基地,JD-2022-001,510113,青白江区,电商新业态基地,2022-09-01,,成都市商务局,成商务发〔2022〕30号,成都市商务局公告,',
      '',
      licence,
      '',
    ]);
    // 甲 has a 失信惩戒 record, but not marked 公示: it is on the watch list for its public 行政处罚.
    expect(csvRows((await get('/open/registry/credit-watch.csv')).text).slice(0, 2)).toEqual([
      '名称,统一社会信用代码,区划代码,所在区域,信用类型,认定日期,有效期至,文号,来源',
      '成都甲电子商务有限公司,91510104MA0000001A,510104,锦江区,行政处罚,2024-01-10,,锦市监罚〔2024〕1号,锦江区市场监管局',
    ]);
    const dishonest = csvRows((await get('/open/registry/credit-dishonest.csv')).text);
    expect(dishonest.slice(1, 3)).toEqual([
      '成都丙商贸有限公司,91510106MA0000003C,510106,金牛区,失信惩戒,2024-03-01,2027-03-01,成信〔2024〕2号,信用成都',
      '',
    ]);
    expect(dishonest[3]).toBe(`${licence}；名单日期：2025-06-30`);

    const json = JSON.parse((await get('/open/registry/enterprise.json')).text);
    expect(json.licence_url).toBe('https://creativecommons.org/licenses/by/4.0/deed.zh-hans');
    expect(json.publisher).toBe('成都市商务局');
    expect(json.rows[0]).toEqual({
      name: '成都乙科技有限公司',
      code: '91510107MA0000002B',
      area: '510107',
      area_name: '武侯区',
      designation: '独角兽企业',
      valid_from: '2021-06-01',
      valid_to: '2023-06-01',
      body: '成都市新经济委',
      document: '成新经发〔2021〕9号',
      source: null,
      removed_on: '2024-05-01',
    });

    const page = await get('/open/registry/enterprise');
    expect(page.text).toContain(
      '<tr><td data-label="名称" class="t">成都甲电子商务有限公司</td><td data-label="统一社会信用代码">91510104MA0000001A</td><td data-label="所在区域">锦江区</td><td data-label="认定称号" class="t">瞪羚企业</td><td data-label="认定日期">2022-03-01</td><td class="e">—</td>',
    );
    expect(page.text).toContain('库中另有模拟（演示）数据，公开名单不含模拟数据。');
    expect((await get('/open/registry')).text).toMatch(
      /企业认定名单<\/a><\/h3>[\s\S]*?<div>2 条 · 最后更新 \d{4}-\d{2}-\d{2} · <a href="\/open\/registry\/enterprise.csv" download>CSV<\/a>/,
    );

    for (const url of OPEN_URLS) {
      const { status, text } = await get(url);
      expect(status, url).toBe(200);
      for (const s of [...SIMULATED, ...PRIVATE]) expect(text, `${url} shows ${s}`).not.toContain(s);
    }
  });

  it('the catalogue lists every public registry list with its downloads, licence and publisher', async () => {
    const csv = csvRows((await get('/open/catalogue.csv')).text);
    const row = csv.find((l) =>
      l.startsWith('成都市电子商务发展“十四五”规划重点企业项目库：企业认定名单,'),
    ) as string;
    expect(row).toMatch(
      new RegExp(
        `,成都市商务局,实时,无条件开放,CSV/JSON,知识共享署名 4.0 国际许可（CC BY 4.0），使用时请注明来源,\\d{4}-\\d{2}-\\d{2},${base}/open/registry/enterprise.csv,`,
      ),
    );
    const ld = JSON.parse((await get('/open/catalogue.jsonld')).text);
    expect(ld['dct:publisher']['foaf:name']).toBe('成都市商务局');
    const lists = ld['dcat:dataset'].filter((d: { 'dct:identifier': string }) =>
      d['dct:identifier'].includes('-REGISTRY-'),
    );
    expect(lists.map((d: { 'dct:identifier': string }) => d['dct:identifier'])).toEqual(
      [
        'ENTERPRISE',
        'BASE',
        'PLATFORM',
        'SCENE',
        'SERVICE_CENTER',
        'BRAND',
        'ANCHOR',
        'DATASET',
        'STORE',
        'EVENT',
        'CREDIT_DISHONEST',
        'CREDIT_WATCH',
      ].map((id) => `CHENGDU_EC_2021_2025-REGISTRY-${id}`),
    );
    expect(lists[0]['dcat:landingPage']).toBe(`${base}/open/registry/enterprise`);
    expect(lists[0]['dcat:distribution']).toEqual([
      {
        '@type': 'dcat:Distribution',
        'dct:format': 'CSV',
        'dcat:downloadURL': `${base}/open/registry/enterprise.csv`,
        'dcat:mediaType': 'text/csv',
        'dct:license': 'https://creativecommons.org/licenses/by/4.0/deed.zh-hans',
      },
      {
        '@type': 'dcat:Distribution',
        'dct:format': 'JSON',
        'dcat:downloadURL': `${base}/open/registry/enterprise.json`,
        'dcat:mediaType': 'application/json',
        'dct:license': 'https://creativecommons.org/licenses/by/4.0/deed.zh-hans',
      },
    ]);
    // A list with no public rows yet has no last update.
    expect(lists[2]['dct:modified']).toBeUndefined();
  });

  it.runIf(target.engine === 'duckdb')(
    'in Chromium the list pages fit a phone and a desktop, within the page weight budget',
    async () => {
      mkdirSync(shots, { recursive: true });
      const browser = await chromium.launch({
        executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      });
      try {
        for (const [width, height] of [
          [1440, 900],
          [390, 844],
        ] as const) {
          const context = await browser.newContext({ viewport: { width, height } });
          const page = await context.newPage();
          for (const path of [
            '/open/registry',
            '/open/registry/enterprise',
            '/open/registry/credit-watch?lang=en',
            '/open/about',
          ]) {
            const res = await page.goto(base + path, { waitUntil: 'load' });
            const bytes = (await res?.request().sizes())?.responseBodySize ?? 0;
            const fits = await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
            expect(fits, `${path} at ${width}px scrolls sideways`).toBe(true);
            const name = path.replace(/^\/open\/?/, '').replace(/[^a-z0-9]+/gi, '-');
            await page.screenshot({ path: resolve(shots, `open-${name}-${width}.png`), fullPage: true });
            expect(bytes, `${path} weighs ${bytes} bytes`).toBeLessThanOrEqual(PAGE_BUDGET_BYTES);
          }
          await context.close();
        }
      } finally {
        await browser.close();
      }
    },
  );

  it('an unknown list answers 404 naming the lists there are', async () => {
    const page = await get('/open/registry/nonexistent');
    expect(page.status).toBe(404);
    expect(page.text).toContain('没有名为「nonexistent」的公开名单；可选：enterprise、base、');
    expect((await get('/open/registry/nonexistent.csv')).status).toBe(404);
    const json = await fetch(`${base}/open/registry/nonexistent.json`);
    expect(json.status).toBe(404);
    expect(json.headers.get('content-type')).toBe('application/problem+json; charset=utf-8');
  });
});
