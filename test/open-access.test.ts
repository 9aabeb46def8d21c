/**
 * Open-data limits and keys: anonymous clients get their per-minute limit per IP and then 429 with
 * Retry-After; an API key (`ecmon keys add`) gets its own higher limit, the whole-dataflow download (gzip),
 * and its requests counted; a wrong or disabled key is refused.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StoreDashboardService } from '../src/api/dashboard-service.js';
import { buildServer } from '../src/api/server.js';
import { OpenDataService } from '../src/opendata/open-data-service.js';
import { loadPlan } from '../src/plan/load-plan.js';
import { addApiKey, disableApiKey, listApiKeys } from '../src/store/api-keys.js';
import type { Store } from '../src/store/open-store.js';
import { savePlan } from '../src/store/plan-repository.js';
import { engines, freshStore } from './support/engines.js';

const PLAN_FILE = 'plans/chengdu-ec-2021-2025.yaml';
const plan = loadPlan(PLAN_FILE);
const FLOW = 'CHENGDU_EC_2021_2025';
const ONE = `/sdmx/data/${FLOW}/A.510100.ONLINE_RETAIL_SALES.N`;

describe.each(engines())('open-data limits and keys on $engine', (target) => {
  let store: Store;
  let app: ReturnType<typeof buildServer>;
  let key: { id: string; key: string };
  const now = Date.UTC(2026, 10, 30, 8, 0, 10);

  beforeAll(async () => {
    store = (await freshStore(target)).store;
    await savePlan(store.driver, store.dialect, plan, PLAN_FILE);
    key = await addApiKey(store.driver, { name: '成都市统计局', perMinute: 5, by: 'admin' });
    app = buildServer({
      service: new StoreDashboardService(store.driver, plan),
      openData: new OpenDataService(store.driver, plan, {
        limits: { anonymousPerMinute: 3, keyPerMinute: 5 },
        now: () => now,
      }),
    });
  });
  afterAll(async () => {
    await store.close();
    await target.cleanup();
  });

  it('anonymous: 3 requests a minute per IP, then 429 with Retry-After and a problem saying what to do', async () => {
    const ask = (ip: string) => app.inject({ url: ONE, remoteAddress: ip });
    for (let i = 0; i < 3; i++) expect((await ask('10.0.0.1')).statusCode).toBe(200);
    const refused = await ask('10.0.0.1');
    expect(refused.statusCode).toBe(429);
    // Windows are the clock's minutes (shared by every server process): 50 s are left of 08:00.
    expect(refused.headers['retry-after']).toBe('50');
    expect(refused.headers['content-type']).toBe('application/problem+json; charset=utf-8');
    expect(refused.json().detail).toBe(
      '匿名访问每分钟最多 3 次请求，请 50 秒后再试；需要更多请申请 API 密钥。',
    );
    // Another address has its own allowance; the portal pages count too.
    expect((await ask('10.0.0.2')).statusCode).toBe(200);
    expect((await app.inject({ url: '/open', remoteAddress: '10.0.0.1' })).statusCode).toBe(429);
  });

  it('the whole dataflow needs a key; with one it comes gzipped, and the key has its own limit', async () => {
    const anonymous = await app.inject({
      url: `/sdmx/data/${FLOW}/all?format=csv`,
      remoteAddress: '10.0.0.3',
    });
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.json().detail).toContain('整个数据流的批量下载需要 API 密钥');
    const headers = { 'x-api-key': key.key, 'accept-encoding': 'gzip' };
    const bulk = await app.inject({
      url: `/sdmx/data/${FLOW}/all?format=csv`,
      headers,
      remoteAddress: '10.0.0.3',
    });
    expect(bulk.statusCode).toBe(200);
    expect(bulk.headers['content-encoding']).toBe('gzip');
    const csv = gunzipSync(bulk.rawPayload).toString('utf8');
    expect(csv.split('\r\n')[0]).toMatch(/^STRUCTURE,STRUCTURE_ID,ACTION,/);
    expect(csv).toContain(',510100,ONLINE_RETAIL_SALES,N,_T,_T,_T,_T,_T,_T,2020,4129.5,CNY,8,A,');
    for (let i = 0; i < 4; i++)
      expect((await app.inject({ url: ONE, headers, remoteAddress: '10.0.0.3' })).statusCode).toBe(200);
    const sixth = await app.inject({ url: ONE, headers, remoteAddress: '10.0.0.3' });
    expect(sixth.statusCode).toBe(429);
    expect(sixth.json().detail).toBe('该 API 密钥每分钟最多 5 次请求，请 50 秒后再试。');
  });

  it('two server processes over one store share the limit: each counts the other within a second', async () => {
    const serve = () => {
      const open = new OpenDataService(store.driver, plan, {
        limits: { anonymousPerMinute: 3, keyPerMinute: 5 },
        now: () => now,
      });
      return {
        open,
        app: buildServer({ service: new StoreDashboardService(store.driver, plan), openData: open }),
      };
    };
    const a = serve();
    const b = serve();
    const ask = async (s: ReturnType<typeof serve>) =>
      (await s.app.inject({ url: ONE, remoteAddress: '10.0.0.9' })).statusCode;
    expect([await ask(a), await ask(a)]).toEqual([200, 200]);
    await a.open.limiter.sync(); // what the servers do every second
    expect(await ask(b)).toBe(200);
    await b.open.limiter.sync();
    expect(await ask(b)).toBe(429);
    await a.open.limiter.sync();
    expect(await ask(a)).toBe(429);
    // Another client is not affected, and the store holds the minute's counts, not the address.
    expect((await a.app.inject({ url: ONE, remoteAddress: '10.0.0.10' })).statusCode).toBe(200);
    const rows = await store.driver.query('SELECT client, requests FROM open_rate_usage');
    expect(rows.map((r) => Number(r.requests))).toContain(3);
    expect(JSON.stringify(rows)).not.toContain('10.0.0.');
    await a.app.close();
    await b.app.close();
  });

  it('a wrong or disabled key is refused with 401; usage is counted per key', async () => {
    const wrong = await app.inject({ url: ONE, headers: { 'x-api-key': 'ecm_nope' } });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json().detail).toContain('API 密钥无效或已停用');
    const other = await addApiKey(store.driver, { name: '停用测试', perMinute: 10, by: 'admin' });
    await disableApiKey(store.driver, other.id);
    expect((await app.inject({ url: ONE, headers: { 'x-api-key': other.key } })).statusCode).toBe(401);
    await app.close(); // writes the counted usage
    const listed = await listApiKeys(store.driver);
    expect(listed.find((k) => k.id === key.id)).toMatchObject({
      name: '成都市统计局',
      per_minute: 5,
      requests: 6,
      disabled: false,
    });
    expect(listed.find((k) => k.id === other.id)?.disabled).toBe(true);
  });
});

describe('ecmon keys', () => {
  const run = promisify(execFile);
  const db = join(mkdtempSync(join(tmpdir(), 'ecmon-keys-')), 'k.duckdb');
  const ecmon = async (args: string[]) => {
    try {
      const r = await run('node', ['bin/ecmon.js', '--db', db, ...args]);
      return { code: 0, stdout: r.stdout, stderr: r.stderr };
    } catch (e) {
      const err = e as { code: number; stdout: string; stderr: string };
      return { code: err.code, stdout: err.stdout, stderr: err.stderr };
    }
  };

  it('adds a key shown once, lists it without the secret, refuses a bad limit by naming the option', async () => {
    expect((await ecmon(['init'])).code).toBe(0);
    const added = await ecmon(['keys', 'add', '成都市统计局', '--per-minute', '600', '--actor', 'admin']);
    expect(added.code).toBe(0);
    const secret = /\n(ecm_[A-Za-z0-9_-]{32})\n/.exec(added.stdout)?.[1];
    expect(secret).toBeDefined();
    const listed = await ecmon(['keys', 'list', '--format', 'json']);
    const keys = JSON.parse(listed.stdout);
    expect(keys).toHaveLength(1);
    expect(keys[0]).toMatchObject({
      name: '成都市统计局',
      per_minute: 600,
      requests: 0,
      disabled: false,
      created_by: 'admin',
    });
    expect(listed.stdout).not.toContain(secret as string);
    const bad = await ecmon(['keys', 'add', 'x', '--per-minute', 'many']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('--per-minute');
    expect(bad.stderr).toContain('应为 1–1000000 的整数');
  });
});
