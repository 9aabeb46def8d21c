/**
 * The resumable push (docs/push.md): a feed sent in three chunks, interrupted and resumed across a server
 * restart, ingests the same observations as one PUT of the same file; a wrong offset is 409 naming the
 * server's; another platform's upload is 404 like one that does not exist; an untouched upload expires.
 * Feed deliveries raise 指标亮红灯 for the months they touch, once, and 平台数据被拒收 when refused.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAlerts } from '../src/forms/alerts.js';
import { engines } from './support/engines.js';
import { feedCsv, feedRow } from './support/feed-rows.js';
import { openPushServer, type PushServer } from './support/push-server.js';

const BASE = '/api/v1/feeds/sim-mall/2021-01';
const feed = (month: string, gmv = '1234.56'): Buffer =>
  readFileSync(
    feedCsv(
      Array.from({ length: 40 }, (_, i) =>
        feedRow(`S${i}`, { period: month, gmv, seller_area: i % 2 ? '510104' : '510105' }),
      ),
    ),
  );

describe.each(engines())('resumable feed push on $engine', (target) => {
  let s: PushServer;
  const as = (
    who: string,
    method: string,
    url: string,
    payload?: Buffer | string,
    headers: Record<string, string> = {},
  ): Promise<LightMyRequestResponse> =>
    s.app.inject({
      method: method as 'GET',
      url,
      headers: { authorization: `Bearer ${who}`, ...headers },
      ...(payload === undefined ? {} : { payload }),
    });
  const start = async (who: string, length: number, base = BASE): Promise<string> => {
    const res = await as(who, 'POST', `${base}/uploads`, undefined, {
      'upload-length': String(length),
      'content-type': 'text/csv',
    });
    expect(res.statusCode, res.body).toBe(201);
    return String(res.headers.location);
  };
  const chunk = (url: string, offset: number, bytes: Buffer, who = 'sim-mall') =>
    as(who, 'PATCH', url, bytes, {
      'upload-offset': String(offset),
      'content-type': 'application/offset+octet-stream',
    });
  /** The feed's observations in the store, without the batch that wrote them. */
  const observations = () =>
    s.store.driver.query(
      `SELECT measure, area, period, breakdown, value FROM observations
       WHERE period = '2021-01' ORDER BY measure, area, breakdown`,
    );

  beforeAll(async () => {
    s = await openPushServer(target, { ttlMs: 3600_000 });
  }, 120_000);
  afterAll(async () => {
    await s?.close();
    await target.cleanup();
  });

  it('three chunks with an interruption and a restart ingest what one PUT of the file does', async () => {
    const file = feed('2021-01');
    const put = await as('sim-mall', 'PUT', BASE, file, { 'content-type': 'text/csv' });
    expect(put.statusCode, put.body).toBe(200);
    const byPut = await observations();
    expect(byPut.length).toBeGreaterThan(100);

    const third = Math.ceil(file.length / 3);
    const parts = [file.subarray(0, third), file.subarray(third, 2 * third), file.subarray(2 * third)];
    const url = await start('sim-mall', file.length);
    expect(url).toMatch(/^\/api\/v1\/feeds\/sim-mall\/2021-01\/uploads\/up-[0-9a-f]{32}$/);
    const first = await chunk(url, 0, parts[0] as Buffer);
    expect([first.statusCode, first.headers['upload-offset'], first.json().state]).toEqual([
      200,
      String(third),
      'receiving',
    ]);
    // The second chunk breaks off after 100 bytes (what reached the server is kept), then the server restarts.
    await chunk(url, third, (parts[1] as Buffer).subarray(0, 100));
    await s.restart();
    const head = await as('sim-mall', 'HEAD', url);
    expect([head.statusCode, head.headers['upload-offset'], head.headers['upload-length']]).toEqual([
      200,
      String(third + 100),
      String(file.length),
    ]);
    const offset = Number(head.headers['upload-offset']);
    const rest = await chunk(url, offset, file.subarray(offset, 2 * third));
    expect(rest.json()).toMatchObject({ offset: 2 * third, state: 'receiving', result: null });
    const last = await chunk(url, 2 * third, parts[2] as Buffer);
    expect(last.statusCode, last.body).toBe(200);
    const done = last.json();
    expect(done).toMatchObject({ state: 'ingested', offset: file.length, length: file.length });
    expect(done.result).toMatchObject({
      accepted: true,
      rows: 40,
      accepted_rows: 40,
      errors: null,
      batches: [{ period: '2021-01', status: 'published', rows: 40 }],
    });
    expect(done.result.batches[0].observations).toBe(put.json().batches[0].observations);
    expect(done.result.batches[0].id).not.toBe(put.json().batches[0].id);
    expect(await observations()).toEqual(byPut);
    // The answer stays with the upload; the bytes are gone; nothing more is accepted.
    const later = await as('sim-mall', 'GET', url);
    expect(later.json().result).toEqual(done.result);
    expect(readdirSync(join(s.reportsDir, 'uploads')).filter((f) => f.endsWith('.part'))).toEqual([]);
    const again = await chunk(url, file.length, Buffer.from('x'));
    expect(again.statusCode).toBe(409);
  });

  it('a chunk whose connection drops keeps the bytes that arrived: HEAD says where to resume', async () => {
    const url = await start('sim-mall', 1000, '/api/v1/feeds/sim-mall/2021-04');
    await s.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = s.app.server.address() as AddressInfo;
    const req = request({
      host: '127.0.0.1',
      port,
      path: url,
      method: 'PATCH',
      headers: {
        authorization: 'Bearer sim-mall',
        'upload-offset': '0',
        'content-type': 'application/offset+octet-stream',
        'content-length': '1000',
      },
    });
    req.on('error', () => undefined);
    req.write(Buffer.alloc(400, 'a'));
    let offset = '0';
    for (let i = 0; i < 100 && offset !== '400'; i++) {
      await new Promise((r) => setTimeout(r, 20));
      offset = String((await as('sim-mall', 'HEAD', url)).headers['upload-offset']);
    }
    req.destroy();
    await new Promise((r) => setTimeout(r, 100));
    const head = await as('sim-mall', 'HEAD', url);
    expect([head.statusCode, head.headers['upload-offset']]).toEqual([200, '400']);
    const rest = await chunk(url, 400, Buffer.alloc(100, 'b'));
    expect(rest.json()).toMatchObject({ offset: 500, state: 'receiving' });
    expect((await as('anybody', 'HEAD', url)).statusCode).toBe(401);
    await s.restart();
  });

  it('an upload the ingest cannot read stays complete; an empty PATCH at the end tries again', async () => {
    const bytes = feed('2021-06');
    const res = await as(
      'sim-mall',
      'POST',
      '/api/v1/feeds/sim-mall/2021-06/uploads?format=parquet',
      undefined,
      {
        'upload-length': String(bytes.length),
      },
    );
    const url = String(res.headers.location);
    const last = await chunk(url, 0, bytes);
    expect(last.statusCode).toBe(400);
    expect(last.json().detail).toMatch(/不是可读的 Parquet 文件/);
    expect(last.body).not.toMatch(/\/tmp\/|ecmon-push|\.part\b/);
    expect((await as('sim-mall', 'GET', url)).json()).toMatchObject({
      state: 'complete',
      offset: bytes.length,
    });
    const retry = await chunk(url, bytes.length, Buffer.alloc(0));
    expect([retry.statusCode, retry.json().detail]).toEqual([400, last.json().detail]);
    expect((await as('sim-mall', 'DELETE', url)).statusCode).toBe(204);
    // The single PUT names the file the same way, never by the server's temporary path.
    const put = await as('sim-mall', 'PUT', '/api/v1/feeds/sim-mall/2021-06?format=parquet', bytes);
    expect([put.statusCode, put.json().detail]).toEqual([400, last.json().detail]);
  });

  it('while the last chunk is ingested the upload says so, and refuses a second writer', async () => {
    const bytes = feed('2021-08');
    const url = await start('sim-mall', bytes.length, '/api/v1/feeds/sim-mall/2021-08');
    const last = chunk(url, 0, bytes);
    let state = 'receiving';
    for (let i = 0; i < 500 && state === 'receiving'; i++) {
      await new Promise((r) => setTimeout(r, 2));
      state = (await as('sim-mall', 'GET', url)).json().state;
    }
    expect(state).toBe('ingesting');
    const meanwhile = await as('sim-mall', 'DELETE', url);
    expect([meanwhile.statusCode, meanwhile.json().detail]).toEqual([
      409,
      '另一个请求正在写入或导入这个上传：请稍后用 HEAD 查询偏移量再续传。',
    ]);
    expect((await last).json()).toMatchObject({ state: 'ingested', result: { accepted: true } });
  });

  it('a chunk at the wrong offset is 409 with the server’s offset', async () => {
    const url = await start('sim-mall', 1000);
    await chunk(url, 0, Buffer.alloc(300, 'a'));
    const res = await chunk(url, 200, Buffer.alloc(100, 'b'));
    expect(res.statusCode).toBe(409);
    expect(res.headers['upload-offset']).toBe('300');
    expect(res.json().detail).toBe('Upload-Offset 为 200，而服务器已收到 300 字节：请从偏移量 300 续传。');
    const missing = await as('sim-mall', 'PATCH', url, 'b');
    expect([missing.statusCode, missing.json().parameter]).toEqual([400, 'Upload-Offset']);
    const over = await chunk(url, 300, Buffer.alloc(701, 'c'));
    expect(over.statusCode).toBe(413);
    expect((await as('sim-mall', 'DELETE', url)).statusCode).toBe(204);
    expect((await as('sim-mall', 'HEAD', url)).statusCode).toBe(404);
  });

  it('sizes: a declared length past the limit is 413 before any byte; no length is 400', async () => {
    const big = await as('sim-mall', 'POST', `${BASE}/uploads`, undefined, {
      'upload-length': String(2 ** 21),
    });
    expect(big.statusCode).toBe(413);
    const none = await as('sim-mall', 'POST', `${BASE}/uploads`);
    expect([none.statusCode, none.json().parameter]).toEqual([400, 'Upload-Length']);
  });

  it('another platform’s token: 403 to start one for it, 404 for its uploads, as for none at all', async () => {
    const forbidden = await as('other-mall', 'POST', `${BASE}/uploads`, undefined, { 'upload-length': '10' });
    expect(forbidden.statusCode).toBe(403);
    expect(forbidden.json().detail).toBe('该令牌属于平台 other-mall，不能推送平台 sim-mall 的数据。');
    const url = await start('sim-mall', 10);
    const id = url.split('/').pop() as string;
    const none = `${BASE}/uploads/up-${'0'.repeat(32)}`;
    for (const [method, body] of [
      ['GET', undefined],
      ['HEAD', undefined],
      ['PATCH', 'x'],
      ['DELETE', undefined],
    ] as const) {
      const headers = { 'upload-offset': '0' };
      const theirs = await as('other-mall', method, url, body, headers);
      const viaOwn = await as(
        'other-mall',
        method,
        `/api/v1/feeds/other-mall/2021-01/uploads/${id}`,
        body,
        headers,
      );
      const missing = await as('other-mall', method, none.replace('sim-mall', 'other-mall'), body, headers);
      expect([theirs.statusCode, viaOwn.statusCode, missing.statusCode], method).toEqual([404, 404, 404]);
      if (method !== 'HEAD')
        expect(theirs.json().detail.replace(id, 'X')).toBe(missing.json().detail.replace(/up-0+/, 'X'));
    }
    // Untouched by them: the upload is still there for its own platform, and for an administrator.
    expect((await as('sim-mall', 'GET', url)).json().offset).toBe(0);
    expect((await as('admin', 'GET', url)).statusCode).toBe(200);
  });

  it('an upload untouched for the time to live is removed; a platform has a few open at most', async () => {
    const url = await start('sim-mall', 10, '/api/v1/feeds/sim-mall/2021-05');
    const id = url.split('/').pop() as string;
    await chunk(url, 0, Buffer.from('abc'));
    s.now.ms += 3600_000 + 1;
    expect((await as('sim-mall', 'HEAD', url)).statusCode).toBe(404);
    expect(existsSync(join(s.reportsDir, 'uploads', `${id}.part`))).toBe(false);
    // Every older upload expired with it: three may be open at once, the fourth waits.
    for (let i = 0; i < 3; i++) await start('sim-mall', 10);
    const fourth = await as('sim-mall', 'POST', `${BASE}/uploads`, undefined, { 'upload-length': '10' });
    expect(fourth.statusCode).toBe(429);
    s.now.ms += 3600_000 + 1;
  });

  it('a refused upload answers 422 with the report, and raises 平台数据被拒收', async () => {
    const bad = readFileSync(
      feedCsv([feedRow('S1', { period: '2021-02' }), feedRow('S2', { period: '2021-02', gmv: 'abc' })]),
    );
    const url = await start('sim-mall', bad.length, '/api/v1/feeds/sim-mall/2021-02');
    const res = await chunk(url, 0, bad);
    expect(res.statusCode).toBe(422);
    const { result } = res.json();
    expect(result).toMatchObject({ accepted: false, rows: 2, accepted_rows: 0, batches: [] });
    expect(result.errors.first[0]).toMatch(/^sim-mall-2021-02\.csv:3: gmv=abc — /);
    const report = await as('sim-mall', 'GET', result.errors.report);
    expect([report.statusCode, report.body]).toEqual([200, expect.stringContaining('gmv')]);
    const alerts = await listAlerts(s.store.driver, s.store.dialect, { kind: 'feed_rejected' });
    expect(alerts.map((a) => a.message_zh)).toEqual([
      '平台 sim-mall 的数据 sim-mall-2021-02.csv 被拒收：2 行中 1 行有错误，整批未写入',
    ]);
  });

  it('a pushed month behind schedule raises its red lights once; the same file again raises none', async () => {
    const keys = async () =>
      (await listAlerts(s.store.driver, s.store.dialect, { kind: 'light_red' })).map((a) => a.key).sort();
    // January was pushed above (the first test) and is behind the year's path: its lights are red.
    expect(await keys()).toEqual([
      'light|cross_border_ec_volume|510100|2021-01',
      'light|ec_transaction_volume|510100|2021-01',
      'light|online_retail_sales|510100|2021-01',
    ]);
    const march = await as('sim-mall', 'PUT', '/api/v1/feeds/sim-mall/2021-03', feed('2021-03'), {
      'content-type': 'text/csv',
    });
    expect(march.statusCode).toBe(200);
    // Without February, January–March is not known: March has no light yet, so nothing is raised.
    expect(await keys()).toHaveLength(3);
    const feb = await as('sim-mall', 'PUT', '/api/v1/feeds/sim-mall/2021-02', feed('2021-02'), {
      'content-type': 'text/csv',
    });
    expect(feb.statusCode).toBe(200);
    // February completes January–March too: March's light, judged on its 1–3月累计, turns red with it.
    const withFeb = await keys();
    expect(withFeb.filter((k) => !k.endsWith('2021-01'))).toEqual([
      'light|cross_border_ec_volume|510100|2021-02',
      'light|cross_border_ec_volume|510100|2021-03',
      'light|ec_transaction_volume|510100|2021-02',
      'light|ec_transaction_volume|510100|2021-03',
      'light|online_retail_sales|510100|2021-02',
      'light|online_retail_sales|510100|2021-03',
    ]);
    const again = await as('sim-mall', 'PUT', '/api/v1/feeds/sim-mall/2021-02', feed('2021-02'), {
      'content-type': 'text/csv',
    });
    expect(again.statusCode).toBe(200);
    expect(await keys()).toEqual(withFeb);
    const red = await listAlerts(s.store.driver, s.store.dialect, { kind: 'light_red' });
    expect(red.find((a) => a.key === 'light|online_retail_sales|510100|2021-03')?.message_zh).toMatch(
      /^网上零售额（成都市 2021-03）亮红灯：低于序时进度 \d+\.\d%$/,
    );
  });
});
