/**
 * The public portal and every open endpoint over a store that holds everything a real one does: published
 * figures, a revision, simulated feeds, and batches submitted, returned and approved but not published. Only
 * the published, non-simulated figures reach any open answer; the portal pages are checked in headless
 * Chromium at 1440×900 and 390×844 (screenshots in test-output/screenshots/open-*.png) and stay within the
 * page weight budget.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StoreDashboardService } from '../src/api/dashboard-service.js';
import { buildServer } from '../src/api/server.js';
import { cliActor } from '../src/forms/form-actor.js';
import { FormService } from '../src/forms/submissions.js';
import { importObservationsFile } from '../src/ingest/import-observations.js';
import { loadDemoData } from '../src/ingest/load-demo-data.js';
import { OpenDataService } from '../src/opendata/open-data-service.js';
import { loadPlan } from '../src/plan/load-plan.js';
import { addApiKey } from '../src/store/api-keys.js';
import type { Store } from '../src/store/open-store.js';
import { savePlan } from '../src/store/plan-repository.js';
import type { BatchStatus } from '../src/store/write/batch-states.js';
import { BatchWriter } from '../src/store/write/batch-writer.js';
import { engines, freshStore } from './support/engines.js';

const PLAN_FILE = 'plans/chengdu-ec-2021-2025.yaml';
const plan = loadPlan(PLAN_FILE);
const FLOW = 'CHENGDU_EC_2021_2025';
const dir = mkdtempSync(join(tmpdir(), 'ecmon-portal-'));
const shots = resolve(import.meta.dirname, '../test-output/screenshots');
/** The portal's page weight budget: every page, as sent gzipped, with nothing else to fetch. */
const PAGE_BUDGET_BYTES = 30 * 1024;

/** Values only unpublished batches hold: none may appear in any open answer. */
const UNPUBLISHED = { submitted: '333.33', returned: '111.11', approved: '222.22', draft: '444.44' } as const;

const OPEN_URLS = [
  '/open',
  '/open?lang=en',
  '/open/indicator/online_retail_sales',
  '/open/indicator/online_retail_sales/history.csv',
  '/open/districts',
  '/open/catalogue',
  '/open/catalogue.csv',
  '/open/catalogue.jsonld',
  '/open/about',
  '/open/registry',
  '/open/registry/enterprise.csv',
  `/sdmx/data/${FLOW}/all`,
  `/sdmx/data/${FLOW}/all?format=csv`,
  `/sdmx/data/${FLOW}/all?dimensionAtObservation=AllDimensions`,
];

describe.each(engines())('public portal on $engine', (target) => {
  let store: Store;
  let app: ReturnType<typeof buildServer>;
  let base: string;

  const file = (name: string, rows: string): string => {
    const p = join(dir, `${target.engine}-${name}`);
    writeFileSync(p, `measure,area,period,value,unit,published_yoy,source\n${rows}`);
    return p;
  };
  async function held(name: string, area: string, value: string, to: BatchStatus[]): Promise<void> {
    const r = await importObservationsFile(
      store,
      plan,
      file(name, `online_retail_sales,${area},2021,${value},亿元,,${name}\n`),
      {
        hold: true,
      },
    );
    for (const status of to)
      await store.driver.transaction(async (tx) => {
        const writer = new BatchWriter(tx, store.dialect, plan);
        await writer.move(r.batchId as string, status, { actor: 'analyst', reason: '测试' });
        await writer.finish(r.batchId as string);
      });
  }

  beforeAll(async () => {
    store = (await freshStore(target)).store;
    await savePlan(store.driver, store.dialect, plan, PLAN_FILE);
    await loadDemoData(store, plan, { from: 2021, to: 2021, rows: 200 });
    await importObservationsFile(
      store,
      plan,
      file(
        'published.csv',
        'online_retail_sales,510100,2021,5200.4,亿元,12.1,成都市统计局\nonline_retail_sales,510104,2021,610.2,亿元,9.8,锦江区统计局\n',
      ),
    );
    await importObservationsFile(
      store,
      plan,
      file('revision.csv', 'online_retail_sales,510104,2021,612.8,亿元,10.2,锦江区统计局（修订）\n'),
    );
    await held('submitted', '510106', UNPUBLISHED.submitted, []);
    await held('returned', '510107', UNPUBLISHED.returned, ['returned']);
    await held('approved', '510108', UNPUBLISHED.approved, ['approved']);
    // A district's monthly form saved as a draft (数据填报): a draft is nobody's figure yet.
    await new FormService(store, plan).saveDraft(cliActor('test'), {
      form: 'district_monthly_ec',
      area: '510112',
      period: '2021-06',
      values: { online_retail_sales: UNPUBLISHED.draft },
    });
    app = buildServer({
      service: new StoreDashboardService(store.driver, plan),
      openData: new OpenDataService(store.driver, plan),
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  }, 300_000);
  afterAll(async () => {
    await app.close();
    await store.close();
    await target.cleanup();
  });

  it('no open answer holds a figure of a draft, submitted, returned or approved-unpublished batch', async () => {
    const { key } = await addApiKey(store.driver, { name: 'bulk', perMinute: 1000, by: 'test' });
    for (const url of OPEN_URLS) {
      const res = await fetch(base + url, { headers: { 'x-api-key': key } });
      expect(res.status, url).toBe(200);
      const body = await res.text();
      for (const [state, value] of Object.entries(UNPUBLISHED))
        expect(body, `${url} shows the ${state} figure`).not.toContain(value);
      for (const area of ['510106', '510107', '510108', '510112'])
        expect(body, url).not.toContain(`,${area},2021`);
    }
  });

  it('the overview shows the published figures and says simulated ones are withheld', async () => {
    const html = await (await fetch(`${base}/open`)).text();
    // 网上零售额 2021 is the published 5200.4; 电子商务交易额 has only simulated 2021 feeds: its latest public figure is 2020's.
    expect(html).toMatch(
      /网上零售额<\/a><\/h3>\s*<div><span class="v">5,200.40<\/span><span class="u">亿元<\/span> <span class="muted">2021年<\/span>/,
    );
    expect(html).toMatch(
      /电子商务交易额<\/a><\/h3>\s*<div><span class="v">22,637.50<\/span><span class="u">亿元<\/span> <span class="muted">2020年<\/span>/,
    );
    expect(html).toContain('平台另有模拟（演示）数据，公开数据不显示模拟数据');
    const en = await (await fetch(`${base}/open?lang=en`)).text();
    expect(en).toContain('<html lang="en">');
    expect(en).toContain('Progress towards the plan targets');
  });

  it('a revised figure shows its new value, and the history download keeps the earlier published one', async () => {
    const csv = await (await fetch(`${base}/open/indicator/online_retail_sales/history.csv`)).text();
    const lines = csv.split('\r\n').filter((l) => l.startsWith('510104,'));
    expect(lines.map((l) => l.split(',').slice(0, 6).join(','))).toEqual([
      '510104,锦江区,2021,610.2,亿元,已被修订',
      '510104,锦江区,2021,612.8,亿元,现行',
    ]);
    expect(csv).toContain('# 许可：知识共享署名 4.0 国际许可（CC BY 4.0）');
    const sdmx = await (
      await fetch(`${base}/sdmx/data/${FLOW}/A.510104.ONLINE_RETAIL_SALES.N?format=csv`)
    ).text();
    expect(sdmx.split('\r\n')[1]).toContain(',2021,612.8,CNY,8,R,10.2,');
  });

  it('the catalogue lists each indicator group with 名称…最后更新, as a page, CSV and DCAT JSON-LD', async () => {
    const bytes = Buffer.from(await (await fetch(`${base}/open/catalogue.csv`)).arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const csv = bytes.toString('utf8').slice(1);
    expect(csv.split('\r\n')[0]).toBe(
      '名称,摘要,提供单位,更新频率,开放属性,格式,许可,最后更新,下载地址,来源',
    );
    const groups = new Set(plan.indicators.filter((i) => i.measure).map((i) => i.category));
    // Beside the indicator groups, the registry's public lists (test/open-registry.test.ts): 10 kinds, 2 credit lists.
    expect(csv.trim().split('\r\n')).toHaveLength(groups.size + 12 + 1);
    const ld = await (await fetch(`${base}/open/catalogue.jsonld`)).json();
    expect(ld['@type']).toBe('dcat:Catalog');
    const scale = ld['dcat:dataset'].find((d: { 'dct:title': string }) =>
      d['dct:title'].endsWith('规模指标'),
    );
    expect(scale['dcat:distribution'][0]['dcat:downloadURL']).toBe(
      `${base}/sdmx/data/${FLOW}/..EC_TRANSACTION_VOLUME+ONLINE_RETAIL_SALES+CROSS_BORDER_EC_VOLUME.?format=csv`,
    );
    expect(scale['dct:license']).toBe('https://creativecommons.org/licenses/by/4.0/deed.zh-hans');
    // The publisher is the plan's (open_data.publisher), not the plan's issuer.
    expect(scale['dct:publisher']['foaf:name']).toBe('成都市商务局');
    // The link answers with the group's published figures.
    const data = await (await fetch(scale['dcat:distribution'][0]['dcat:downloadURL'])).text();
    expect(data).toContain(',510100,ONLINE_RETAIL_SALES,N,_T,_T,_T,_T,_T,_T,2021,5200.4,');
  });

  it("the about page names the plan's publisher and says the licence and calendar are defaults; SDMX headers carry them", async () => {
    const html = await (await fetch(`${base}/open/about`)).text();
    expect(html).toContain('<h2>提供单位</h2>\n<p>成都市商务局</p>');
    expect(html).toContain('这是默认许可：规划文件未指定开放数据许可（open_data.licence）');
    expect(html).toContain('默认日程（规划文件未指定 open_data.release_calendar）');
    expect(html).toContain('提供单位：成都市商务局 ·');
    const xml = await (await fetch(`${base}/sdmx/data/${FLOW}/A.510100.ONLINE_RETAIL_SALES.N`)).text();
    expect(xml).toContain(
      '<mes:Contact><com:Name xml:lang="zh">成都市商务局</com:Name><com:Name xml:lang="en">Chengdu Municipal Commerce Bureau</com:Name></mes:Contact></mes:Sender>',
    );
    expect(xml).toContain(
      '<mes:Source xml:lang="zh">提供单位：成都市商务局；许可：知识共享署名 4.0 国际许可（CC BY 4.0），使用时请注明来源（https://creativecommons.org/licenses/by/4.0/deed.zh-hans）</mes:Source>',
    );
  });

  it('the districts page maps and ranks the public district figures; a district without one says so', async () => {
    const html = await (await fetch(`${base}/open/districts`)).text();
    expect(html).toContain('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 360 ');
    expect(html).toContain('<title>锦江区：612.80 亿元</title>');
    expect(html).toContain('<title>青羊区：无公开数据</title>');
    expect(html).toMatch(/<tr><td>锦江区<\/td><td class="n">612.80<\/td><\/tr>/);
  });

  it('an unknown indicator answers 404 with a message and a way back', async () => {
    const res = await fetch(`${base}/open/indicator/nonexistent`);
    expect(res.status).toBe(404);
    expect(await res.text()).toContain('本规划没有编号为「nonexistent」的指标。');
  });

  it.runIf(target.engine === 'duckdb')(
    'in Chromium every page fits a phone and a desktop, within the page weight budget',
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
            '/open',
            '/open/indicator/online_retail_sales',
            '/open/districts',
            '/open/catalogue',
            '/open/about?lang=en',
          ]) {
            let bytes = 0;
            const counted = new Set<string>();
            page.on('response', async (r) => {
              const size = (await r.request().sizes()).responseBodySize;
              if (!counted.has(r.url())) bytes += size;
              counted.add(r.url());
            });
            await page.goto(base + path, { waitUntil: 'load' });
            const fits = await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
            expect(fits, `${path} at ${width}px scrolls sideways`).toBe(true);
            const name = path.replace(/^\/open\/?/, '').replace(/[^a-z0-9]+/gi, '-') || 'overview';
            await page.screenshot({ path: resolve(shots, `open-${name}-${width}.png`), fullPage: true });
            expect(bytes, `${path} weighs ${bytes} bytes`).toBeLessThanOrEqual(PAGE_BUDGET_BYTES);
            page.removeAllListeners('response');
          }
          await context.close();
        }
      } finally {
        await browser.close();
      }
    },
  );
});
