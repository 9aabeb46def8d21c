import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { UserError } from '../domain/user-error.js';
import type { DashboardService } from './contract.js';
import { createFixtureService } from './fixture-service.js';
import { buildServer } from './server.js';

let service: DashboardService;
let app: FastifyInstance;
let webRoot: string;

beforeAll(async () => {
  service = await createFixtureService();
  webRoot = mkdtempSync(join(tmpdir(), 'ecmon-web-'));
  mkdirSync(join(webRoot, 'assets'));
  writeFileSync(join(webRoot, 'index.html'), '<!doctype html><div id="app"></div>');
  writeFileSync(join(webRoot, 'assets', 'index-abc123.js'), 'console.log(1)');
  app = buildServer({ service, webRoot });
  await app.ready();
});

afterAll(async () => {
  await app.close();
});

const get = (url: string) => app.inject({ method: 'GET', url });

describe('dashboard API routes answer with the contract’s shape', () => {
  it('GET /api/meta', async () => {
    const res = await get('/api/meta');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(Object.keys(body).sort()).toEqual(
      [
        'areas',
        'categories',
        'data_version',
        'domains',
        'indicators',
        'latest_month',
        'plan',
        'root_area',
        'simulated',
        'years',
        'zones',
      ].sort(),
    );
    expect(body.root_area).toBe('510100');
    expect(body.indicators).toHaveLength(9);
  });

  it('GET /api/overview defaults to the latest complete year and groups rows by category', async () => {
    const res = await get('/api/overview');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.period).toBe('2023');
    expect(body.groups.map((g: { category: string }) => g.category)).toEqual([
      '规模指标',
      '企业指标',
      '新业态新模式',
      '应用场景',
    ]);
    const row = body.groups[0].rows[0];
    expect(Object.keys(row).sort()).toEqual(['latest_period', 'result', 'sparkline']);
    expect(row.result.indicator).toBe('ec_transaction');
    expect(row.result.value).toBe(30912.6);
  });

  it('GET /api/overview passes period and area through', async () => {
    const spy = vi.spyOn(service, 'overview');
    await get('/api/overview?period=2024-01/2024-10&area=510104');
    expect(spy).toHaveBeenLastCalledWith({ period: '2024-01/2024-10', area: '510104' });
    spy.mockRestore();
  });

  it('GET /api/indicators/:id', async () => {
    const res = await get('/api/indicators/online_retail?frequency=cumulative');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(Object.keys(body).sort()).toEqual(
      ['area', 'current', 'frequency', 'indicator', 'path', 'projection', 'series'].sort(),
    );
    expect(body.frequency).toBe('cumulative');
    expect(body.series[0].period).toBe('2020-01/2020-01');
    expect(body.path[0]).toEqual({ year: 2020, value: 4129.5 });
  });

  it('GET /api/districts', async () => {
    const res = await get('/api/districts?indicator=online_retail&period=2023');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.rows).toHaveLength(23);
    expect(body.total).toBe(5688.1);
    expect(body.zones.map((z: { zone: string }) => z.zone)).toEqual([
      'core',
      'industrial_digital',
      'cross_border',
      'rural',
    ]);
  });

  it('GET /api/domains', async () => {
    const res = await get('/api/domains?period=2023');
    expect(res.statusCode).toBe(200);
    expect(res.json().rows).toHaveLength(8);
  });

  it('GET /api/batches', async () => {
    const res = await get('/api/batches');
    expect(res.statusCode).toBe(200);
    const replaced = res.json().batches.find((b: { replaces: string | null }) => b.replaces);
    expect(replaced.replaces).toBe('feed-taobao-2024-10-a');
  });

  it('GET /api/geo/chengdu serves 20 districts keyed by current GB/T 2260 codes', async () => {
    const res = await get('/api/geo/chengdu');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('application/geo+json');
    const geo = res.json();
    const codes = geo.features.map((f: { id: string }) => f.id);
    expect(codes).toHaveLength(20);
    expect(codes).toEqual(expect.arrayContaining(['510117', '510118', '510185']));
    expect(codes).not.toEqual(expect.arrayContaining(['510124']));
    expect(
      geo.features.every((f: { id: string; properties: { code: string } }) => f.properties.code === f.id),
    ).toBe(true);
    expect(geo.features.find((f: { id: string }) => f.id === '510118').properties.name).toBe('新津区');
  });

  it('every /api response carries a Server-Timing header', async () => {
    const res = await get('/api/meta');
    expect(res.headers['server-timing']).toMatch(/^app;dur=\d+\.\d{2}$/);
  });
});

describe('bad parameters get 400 with a Chinese message naming the parameter, the value and the accepted forms', () => {
  it('a bad period', async () => {
    const res = await get('/api/overview?period=2024-13');
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual({
      error: 'bad_request',
      field: 'period',
      message:
        '参数 period 的值「2024-13」不是有效的期间：月份 13 不在 01–12 之间。可用格式：2021（年）、2021-Q1（季度）、2021-03（月）、2021-01/2021-03（同一年内的累计）',
    });
  });

  it('an unreadable period', async () => {
    const res = await get('/api/districts?indicator=online_retail&period=last-year');
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toBe(
      '参数 period 的值「last-year」不是有效的期间：无法识别的期间「last-year」。可用格式：2021（年）、2021-Q1（季度）、2021-03（月）、2021-01/2021-03（同一年内的累计）',
    );
  });

  it('a bad frequency', async () => {
    const res = await get('/api/indicators/online_retail?frequency=weekly');
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual({
      error: 'bad_request',
      field: 'frequency',
      message:
        '参数 frequency 的值「weekly」无效。可用值：month（月）、quarter（季度）、year（年）、cumulative（1–N月累计）',
    });
  });

  it('an unknown indicator in the path or the query', async () => {
    const path = await get('/api/indicators/gdp');
    expect(path.statusCode).toBe(400);
    expect(path.json().field).toBe('id');
    expect(path.json().message).toMatch(
      /^参数 id 的值「gdp」不是本规划的指标编号。可用值：ec_transaction、online_retail、/,
    );
    const query = await get('/api/districts?indicator=gdp');
    expect(query.json().field).toBe('indicator');
  });

  it('a missing indicator', async () => {
    const res = await get('/api/districts');
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toMatch(/^缺少参数 indicator：请给出指标编号/);
  });

  it('an unknown area', async () => {
    const res = await get('/api/overview?area=110101');
    expect(res.statusCode).toBe(400);
    expect(res.json().field).toBe('area');
    expect(res.json().message).toMatch(
      /^参数 area 的值「110101」不是本规划的区域代码。可用值：510100（全市）/,
    );
  });

  it('a repeated parameter', async () => {
    const res = await get('/api/overview?period=2023&period=2022');
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toBe('参数 period 只能出现一次，实际收到 ["2023","2022"]');
  });
});

describe('errors from the service', () => {
  it('a UserError becomes 400 with its message', async () => {
    const spy = vi
      .spyOn(service, 'domains')
      .mockRejectedValueOnce(new UserError({ place: 'period', value: '2030', message: '2030年尚无数据' }));
    const res = await get('/api/domains?period=2030');
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual({
      error: 'bad_request',
      field: 'period',
      message: 'period: 2030 — 2030年尚无数据',
    });
    spy.mockRestore();
  });

  it('anything else becomes 500 with a generic message and no stack', async () => {
    const quiet = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const spy = vi
      .spyOn(service, 'batches')
      .mockRejectedValueOnce(new Error('connection reset at /secret/path.ts:12'));
    const res = await get('/api/batches');
    expect(res.statusCode).toBe(500);
    expect(res.json()).toEqual({ error: 'internal', message: '服务器内部错误，请稍后重试或联系管理员。' });
    expect(res.body).not.toContain('secret');
    spy.mockRestore();
    quiet.mockRestore();
  });

  it('an unknown /api path is a JSON 404', async () => {
    const res = await get('/api/nothing');
    expect(res.statusCode).toBe(404);
    expect(res.json().error).toBe('not_found');
  });
});

describe('OpenAPI document and docs page', () => {
  it('openapi.json describes every registered /api route with its query parameters', async () => {
    const routes = app
      .printRoutes({ commonPrefix: false })
      .split('\n')
      .map((line) => /(api\/\S+) \(/.exec(line)?.[1])
      .filter((r): r is string => r !== undefined)
      .map((r) => `/${r.replace(/:(\w+)/g, '{$1}')}`);
    expect(routes).toHaveLength(9);
    const doc = (await get('/api/openapi.json')).json();
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths).sort()).toEqual(routes.sort());
    const names = (p: string) => doc.paths[p].get.parameters.map((x: { name: string }) => x.name).sort();
    expect(names('/api/overview')).toEqual(['area', 'period']);
    expect(names('/api/indicators/{id}')).toEqual(['area', 'frequency', 'id', 'period']);
    expect(names('/api/districts')).toEqual(['indicator', 'period']);
    expect(names('/api/domains')).toEqual(['area', 'period']);
    expect(doc.paths['/api/overview'].get.responses['200'].content['application/json'].schema.$ref).toBe(
      '#/components/schemas/OverviewResponse',
    );
  });

  it('/api/docs is a self-contained page with an example link per endpoint', async () => {
    const res = await get('/api/docs');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/html');
    expect(res.body).toContain('<a href="/api/indicators/online_retail?frequency=cumulative">');
    expect(res.body).not.toMatch(/<script|https?:\/\/(?!www\.w3\.org)/);
  });
});

describe('the web app', () => {
  it('serves hashed assets as immutable and index.html as no-cache', async () => {
    const asset = await get('/assets/index-abc123.js');
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    const index = await get('/');
    expect(index.headers['cache-control']).toBe('no-cache');
  });

  it('falls back to index.html for app routes', async () => {
    const res = await get('/districts?area=510104');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<div id="app">');
    expect(res.headers['cache-control']).toBe('no-cache');
  });

  it('does not fall back for a missing file', async () => {
    expect((await get('/assets/missing-123.js')).statusCode).toBe(404);
  });
});
