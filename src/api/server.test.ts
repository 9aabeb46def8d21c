import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gzipSync } from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type DashboardStore, openDashboardStore } from '../../test/support/dashboard-store.js';
import { Accounts } from '../auth/accounts.js';
import { Sessions } from '../auth/sessions.js';
import { importObservationsFile } from '../ingest/import-observations.js';
import { parseBulletinSchedule } from '../report/bulletin-schedule.js';
import { dataVersion } from '../store/observation-repository.js';
import { reportBytes } from '../store/report-archive.js';
import { GeneratedReport, ReportsResponse } from './contract/report-schemas.js';
import {
  BreakdownResponse,
  DistrictsResponse,
  DomainsResponse,
  IndicatorDetailResponse,
  MetaResponse,
  OverviewResponse,
  Problem,
} from './contract/schemas.js';
import { StoreDashboardService } from './dashboard-service.js';
import { ReportService } from './report-service.js';
import { buildServer } from './server.js';

let data: DashboardStore;
let app: FastifyInstance;

beforeAll(async () => {
  data = await openDashboardStore();
  const webRoot = mkdtempSync(join(tmpdir(), 'ecmon-web-'));
  mkdirSync(join(webRoot, 'assets'));
  writeFileSync(join(webRoot, 'index.html'), '<!doctype html><div id="app"></div>');
  writeFileSync(join(webRoot, 'assets', 'index-abc123.js'), 'console.log(1)');
  // What the build writes beside each text asset (web/precompress.ts).
  writeFileSync(join(webRoot, 'assets', 'index-abc123.js.br'), brotliCompressSync('console.log(1)'));
  writeFileSync(join(webRoot, 'assets', 'index-abc123.js.gz'), gzipSync('console.log(1)'));
  app = buildServer({
    service: data.service,
    registry: data.registry,
    reports: new ReportService(
      data.store.driver,
      data.plan,
      parseBulletinSchedule('publish,day:15', 'docx,pdf'),
    ),
    webRoot,
  });
  await app.ready();
}, 60_000);

afterAll(async () => {
  await app.close();
  await data.close();
});

const get = (url: string) => app.inject({ method: 'GET', url });
const json = async (url: string) => {
  const res = await get(url);
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
};

describe('the /api/v1 routes answer from the store, in the contract’s shape', () => {
  it('meta: the plan and what is loaded (imported, not simulated; the latest month 2021-03)', async () => {
    const body = MetaResponse.parse(await json('/api/v1/meta'));
    expect(body.root_area).toBe('510100');
    expect(body.simulated).toBe(false);
    expect(body.latest_month).toBe('2021-03');
    expect(body.years).toEqual([2020, 2021]);
    expect(body.indicators.map((i) => i.id)).toEqual(data.plan.indicators.map((i) => i.id));
  });

  it('overview: defaults to the latest complete year (2020: the months of 2021 do not close it)', async () => {
    const body = OverviewResponse.parse(await json('/api/v1/overview'));
    expect(body.period).toBe('2020');
    const ec = body.groups[0]?.rows[0];
    expect(ec?.result).toMatchObject({ indicator: 'ec_transaction_volume', value: 22637.5, period: '2020' });
  });

  it('overview 2021: the imported city figure, judged against the schedule path with a status code', async () => {
    const body = OverviewResponse.parse(await json('/api/v1/overview?period=2021'));
    const rows = body.groups.flatMap((g) => g.rows);
    const retail = rows.find((r) => r.result.indicator === 'online_retail_sales');
    expect(retail?.sparkline).toEqual([
      { period: '2020', value: 4129.5 },
      { period: '2021', value: 5000 },
    ]);
    expect(retail?.result.value).toBe(5000);
    expect(retail?.result.completion).toBe(5000 / 8000);
    // The path from 4129.5 (2020) to 8000 (2025) expects 4129.5 × (8000/4129.5)^(1/5) in 2021: 5000 is ahead.
    expect(retail?.result.schedule?.expected).toBeCloseTo(4129.5 * (8000 / 4129.5) ** 0.2, 9);
    expect(retail?.result.schedule?.status).toBe('on_track');
    expect(retail?.latest_period).toBe('2021');
  });

  it('districts: shares of the city total, 贡献率 and 拉动 against 2020, ranks by value', async () => {
    const body = DistrictsResponse.parse(
      await json('/api/v1/districts?indicator=online_retail_sales&period=2021'),
    );
    expect(body.total).toBe(5000);
    expect(body.rows).toHaveLength(23);
    const wuhou = body.rows.find((r) => r.area === '510107');
    expect(wuhou).toMatchObject({ name: '武侯区', value: 600, yoy: 0.2, share: 12, rank: 1 });
    expect(wuhou?.contribution).toBeCloseTo((100 / (5000 - 4129.5)) * 100, 12);
    expect(wuhou?.pull).toBeCloseTo((100 / 4129.5) * 100, 12);
    expect(body.rows.filter((r) => r.rank !== null).map((r) => r.area)).toEqual([
      '510104',
      '510105',
      '510106',
      '510107',
      '510108',
      '510173',
    ]);
    expect(body.rows.find((r) => r.area === '510173')?.rank).toBe(2);
    expect(body.rows.find((r) => r.area === '510112')).toMatchObject({
      value: null,
      share: null,
      rank: null,
    });
  });

  it('districts: a zone sums its areas and keeps the comparable basis (Σx / Σ(x/(1+g)) − 1)', async () => {
    const body = DistrictsResponse.parse(
      await json('/api/v1/districts?indicator=online_retail_sales&period=2021'),
    );
    expect(body.zones.map((z) => z.zone)).toEqual([
      'core',
      'industrial_digitalisation_belt',
      'cross_border_belt',
      'rural_ec_belt',
    ]);
    const core = body.zones[0];
    expect(core?.value).toBe(2320);
    expect(core?.share).toBeCloseTo(46.4, 12);
    // Comparable 2020: 400 + 300 + 200 + 500 + 100 + 500 = 2000, so +16%; the levels (2010) would say +15.4%.
    expect(core?.yoy).toBeCloseTo(0.16, 12);
    expect(body.zones[1]?.value).toBeNull();
  });

  it('indicator detail: the cumulative series, the schedule path, the projection and the workings', async () => {
    const body = IndicatorDetailResponse.parse(
      await json('/api/v1/indicators/online_retail_sales?frequency=cumulative&period=2021-03'),
    );
    expect(body.area).toBe('510100');
    expect(body.series.map((r) => [r.period, r.value])).toEqual([
      ['2021-01/2021-01', 400],
      ['2021-01/2021-02', 750],
      ['2021-01/2021-03', 1200],
    ]);
    expect(body.current.period).toBe('2021-01/2021-03');
    expect(body.current.components.find((c) => c.of === 'value')?.method).toContain('3 monthly observations');
    expect(body.path.map((p) => p.year)).toEqual([2020, 2021, 2022, 2023, 2024, 2025]);
    expect(body.path[0]).toEqual({ year: 2020, value: 4129.5 });
    expect(body.path[5]).toEqual({ year: 2025, value: 8000 });
    // No full year is closed at 2021-03: the projection needs one.
    expect(body.projection).toEqual([]);
  });

  it('indicator detail for a closed year projects from it at the average growth since the baseline', async () => {
    const body = IndicatorDetailResponse.parse(
      await json('/api/v1/indicators/online_retail_sales?frequency=year&period=2021'),
    );
    expect(body.series.map((r) => [r.period, r.value])).toEqual([
      ['2020', 4129.5],
      ['2021', 5000],
    ]);
    const g = 5000 / 4129.5 - 1;
    expect(body.projection[0]).toEqual({ year: 2021, value: 5000 });
    expect(body.projection[4]?.value).toBeCloseTo(5000 * (1 + g) ** 4, 9);
  });

  it('domains: the focus domains of 电子商务交易额 in an area, with shares and their change in 百分点', async () => {
    const body = DomainsResponse.parse(await json('/api/v1/domains?period=2021&area=510104'));
    expect(body.measure).toBe('ec_transaction_volume');
    expect(body.rows).toHaveLength(8);
    expect(body.rows[0]).toEqual({
      domain: 'retail_ec',
      name: '零售电商',
      group: '传统优势领域',
      value: 300,
      yoy: 0.5,
      share: 30,
      share_change_pp: 5,
      series: [
        { period: '2020', value: 200 },
        { period: '2021', value: 300 },
      ],
    });
    // The published comparable growth (24%) wins over the levels' 25%.
    expect(body.rows[1]).toMatchObject({ domain: 'industrial_ec', value: 600, yoy: 0.24, share: 60 });
    expect(body.rows[1]?.share_change_pp).toBe(0);
  });

  it('domains are cached per data version: the same answer until a batch commits, then the new figures', async () => {
    const own = await openDashboardStore();
    try {
      const q = { period: '2022', area: '510104' };
      const first = await own.service.domains(q);
      expect(first.rows[0]).toMatchObject({ domain: 'retail_ec', value: null });
      expect(await own.service.domains(q)).toBe(first);
      const csv = join(mkdtempSync(join(tmpdir(), 'ecmon-domains-')), 'more.csv');
      writeFileSync(
        csv,
        'measure,area,period,value,unit,published_yoy,domain,source\nec_transaction_volume,510104,2022,360,亿元,,retail_ec,测试数据\n',
      );
      await importObservationsFile(own.store, own.plan, csv);
      const after = await own.service.domains(q);
      expect(after.rows[0]).toMatchObject({ domain: 'retail_ec', value: 360 });
      expect(after.rows[0]?.yoy).toBeCloseTo(360 / 300 - 1, 12);
    } finally {
      await own.close();
    }
  });

  it('breakdowns: an indicator rolled up along any declared dimension, listed codes first, then the open ones found', async () => {
    const own = await openDashboardStore();
    try {
      const csv = join(mkdtempSync(join(tmpdir(), 'ecmon-dims-')), 'platforms.csv');
      writeFileSync(
        csv,
        'measure,area,period,value,unit,platform,customs_mode\n' +
          'ec_transaction_volume,510104,2021,700,亿元,sim-mall,\n' +
          'ec_transaction_volume,510104,2021,100,亿元,local-shop,\n' +
          'ec_transaction_volume,510104,2020,400,亿元,sim-mall,\n' +
          'cross_border_ec_volume,510104,2021,30,亿元,sim-xborder,9610\n',
      );
      await importObservationsFile(own.store, own.plan, csv);
      const server = buildServer({ service: own.service });
      try {
        const res = await server.inject({
          method: 'GET',
          url: '/api/v1/breakdowns/platform?period=2021&area=510104',
        });
        expect(res.statusCode, res.body).toBe(200);
        const body = BreakdownResponse.parse(res.json());
        expect([body.dimension, body.name, body.indicator, body.unit]).toEqual([
          'platform',
          '平台',
          'ec_transaction_volume',
          '亿元',
        ]);
        expect(body.rows.map((r) => [r.code, r.name, r.value, r.share])).toEqual([
          ['sim-mall', '综合零售平台（模拟）', 700, 70],
          ['sim-b2b', '工业品B2B平台（模拟）', null, null],
          ['sim-local', '本地生活服务平台（模拟）', null, null],
          ['sim-live', '直播/内容平台（模拟）', null, null],
          ['sim-xborder', '跨境平台（模拟）', null, null],
          ['local-shop', 'local-shop', 100, 10],
        ]);
        expect(body.rows[0]?.yoy).toBeCloseTo(700 / 400 - 1, 12);
        expect(body.rows[0]?.share_change_pp).toBe(70 - 50);
        const missing = await server.inject({ method: 'GET', url: '/api/v1/breakdowns/county?period=2021' });
        expect(missing.statusCode).toBe(404);
        expect(missing.headers['content-type']).toContain('application/problem+json');
        expect(Problem.parse(missing.json()).detail).toContain('不是本规划的维度编号');
      } finally {
        await server.close();
      }
    } finally {
      await own.close();
    }
  });

  it('batches: the plan and the import, newest first', async () => {
    const body = await json('/api/v1/batches');
    expect(body.batches.map((b: { kind: string }) => b.kind)).toEqual(['import', 'plan']);
    expect(body.batches[0]).toMatchObject({ file: 'observations.csv', rows: 22, rejected: 0 });
  });

  it('geo: 20 districts keyed by current GB/T 2260 codes', async () => {
    const res = await get('/api/v1/geo/chengdu');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('application/geo+json');
    const codes = res.json().features.map((f: { id: string }) => f.id);
    expect(codes).toHaveLength(20);
    expect(codes).toEqual(expect.arrayContaining(['510117', '510118', '510185']));
    expect(codes).not.toEqual(expect.arrayContaining(['510124']));
  });

  it('every /api response carries a Server-Timing header', async () => {
    expect((await get('/api/v1/meta')).headers['server-timing']).toMatch(/^app;dur=\d+\.\d{2}$/);
  });
});

/** A request that fails: status, Problem Details content type, and the body checked against the contract. */
async function problem(url: string, status: number) {
  const res = await get(url);
  expect(res.statusCode).toBe(status);
  expect(res.headers['content-type']).toBe('application/problem+json; charset=utf-8');
  return Problem.parse(res.json());
}

describe('bad parameters: 400 Problem Details naming the parameter, the value and the rule', () => {
  const FORMS = '可用格式：2021（年）、2021-Q1（季度）、2021-03（月）、2021-01/2021-03（同一年内的累计）';

  it('a bad period', async () => {
    expect(await problem('/api/v1/overview?period=2024-13', 400)).toEqual({
      type: '/api/v1/docs#problem-bad-parameter',
      title: '请求参数无效 Bad request',
      status: 400,
      detail: `参数 period 的值「2024-13」不是有效的期间：月份 13 不在 01–12 之间。${FORMS}`,
      instance: '/api/v1/overview?period=2024-13',
      parameter: 'period',
      value: '2024-13',
    });
  });

  it('a period outside the plan: refused with the range, not padded with empty years', async () => {
    const p = await problem('/api/v1/overview?period=2099', 400);
    expect(p).toMatchObject({ parameter: 'period', value: '2099' });
    expect(p.detail).toBe(
      '参数 period 的值「2099」超出本规划的期间：可查询 2020 年（基期）至 2025 年，例如 2025、2025-Q4、2025-12、2025-01/2025-06',
    );
    await problem('/api/v1/indicators/online_retail_sales?frequency=month&period=2019-12', 400);
    await problem('/api/v1/districts?indicator=online_retail_sales&period=2026-Q1', 400);
    await problem('/api/v1/domains?period=1999', 400);
  });

  it('an unreadable period', async () => {
    const p = await problem('/api/v1/districts?indicator=online_retail_sales&period=last-year', 400);
    expect(p.detail).toBe(
      `参数 period 的值「last-year」不是有效的期间：无法识别的期间「last-year」。${FORMS}`,
    );
  });

  it('a bad frequency', async () => {
    const p = await problem('/api/v1/indicators/online_retail_sales?frequency=weekly', 400);
    expect(p).toMatchObject({ parameter: 'frequency', value: 'weekly' });
    expect(p.detail).toBe(
      '参数 frequency 的值「weekly」无效。可用值：month（月）、quarter（季度）、year（年）、cumulative（1–N月累计）',
    );
  });

  it('a missing indicator', async () => {
    const p = await problem('/api/v1/districts', 400);
    expect(p.parameter).toBe('indicator');
    expect(p.detail).toBe(
      '缺少参数 indicator：请给出指标编号，如 ec_transaction_volume，见 /api/v1/meta 的 indicators',
    );
  });

  it('a repeated parameter', async () => {
    const p = await problem('/api/v1/overview?period=2023&period=2022', 400);
    expect(p.detail).toBe('参数 period 只能出现一次，实际收到 ["2023","2022"]');
  });

  it('an area that cannot be a code', async () => {
    const p = await problem('/api/v1/overview?area=51%2F01', 400);
    expect(p.detail).toBe('参数 area 的值「51/01」不是区划代码或片区编号：只能含字母、数字和下划线');
  });
});

describe('unknown ids: 404 Problem Details', () => {
  it('an unknown indicator in the path or the query', async () => {
    const path = await problem('/api/v1/indicators/gdp', 404);
    expect(path).toMatchObject({ parameter: 'id', value: 'gdp', instance: '/api/v1/indicators/gdp' });
    expect(path.detail).toMatch(/^参数 id 的值「gdp」不是本规划的指标编号。可用值：ec_transaction_volume、/);
    expect((await problem('/api/v1/districts?indicator=gdp', 404)).parameter).toBe('indicator');
  });

  it('an unknown area or zone', async () => {
    const p = await problem('/api/v1/overview?area=110101', 404);
    expect(p.detail).toMatch(/^参数 area 的值「110101」不是本规划的区划代码或片区。可用值：510100（全市）/);
    expect((await problem('/api/v1/domains?area=nowhere', 404)).value).toBe('nowhere');
  });

  it('an unknown path under /api', async () => {
    expect((await problem('/api/nothing', 404)).detail).toBe(
      '找不到 GET /api/nothing，可用接口见 /api/v1/docs',
    );
  });
});

describe('failures', () => {
  it('a broken database is a 500 with a generic message and no details', async () => {
    const other = await openDashboardStore();
    const broken = buildServer({ service: new StoreDashboardService(other.store.driver, other.plan) });
    await other.close();
    const quiet = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const res = await broken.inject({ url: '/api/v1/batches' });
    quiet.mockRestore();
    await broken.close();
    expect(res.statusCode).toBe(500);
    expect(res.headers['content-type']).toBe('application/problem+json; charset=utf-8');
    expect(res.json()).toEqual({
      type: '/api/v1/docs#problem-internal',
      title: '服务器内部错误 Internal server error',
      status: 500,
      detail: '服务器内部错误，请稍后重试或联系管理员。',
      instance: '/api/v1/batches',
    });
  });
});

describe('the report archive: list, 生成简报, download (an analyst signed in)', () => {
  // The archive is the city's (市局): a server with accounts, an analyst's session.
  let withAccounts: FastifyInstance;
  let session: { cookie: string; 'x-csrf-token': string };
  beforeAll(async () => {
    const accounts = new Accounts(data.store.driver, data.plan);
    await accounts.add({ name: 'r-analyst', role: 'analyst', password: 'report-pass-2025' }, 'test');
    withAccounts = buildServer({
      service: data.service,
      reports: new ReportService(
        data.store.driver,
        data.plan,
        parseBulletinSchedule('publish,day:15', 'docx,pdf'),
      ),
      auth: { accounts, sessions: new Sessions(data.store.driver, accounts) },
    });
    const login = await withAccounts.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { name: 'r-analyst', password: 'report-pass-2025' },
    });
    expect(login.statusCode, login.body).toBe(200);
    session = {
      cookie: String(login.headers['set-cookie']).split(';')[0] as string,
      'x-csrf-token': login.json().csrf_token,
    };
  });
  afterAll(async () => {
    await withAccounts.close();
  });
  const post = (payload: object) =>
    withAccounts.inject({ method: 'POST', url: '/api/v1/reports/bulletin', payload, headers: session });
  const get = (url: string) =>
    withAccounts.inject({ method: 'GET', url, headers: { cookie: session.cookie } });
  const json = async (url: string) => {
    const res = await get(url);
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  };

  it('is closed to the public: 401 without a session', async () => {
    expect((await withAccounts.inject({ method: 'GET', url: '/api/v1/reports' })).statusCode).toBe(401);
  });

  it('lists the schedule and what the publish asked of it; no report yet', async () => {
    const body = ReportsResponse.parse(await json('/api/v1/reports'));
    expect(body.reports).toEqual([]);
    expect(body.latest_month).toBe('2021-03');
    expect(body.schedule).toMatchObject({ on_publish: true, day_of_month: 15, formats: ['docx', 'pdf'] });
    // The import of 2021-01…2021-03 was published: a request for the bulletin, pending (no schedule runs here).
    expect(body.schedule.requests.map((r) => [r.cause, r.month, r.status])).toEqual([
      ['publish', '2021-03', 'pending'],
    ]);
  });

  it('generates a bulletin from the web, archives it as generated by the signed-in analyst, and downloads it with its Chinese name', async () => {
    const res = await post({ period: '2021-03', format: 'xlsx' });
    expect(res.statusCode, res.body).toBe(200);
    const { report } = GeneratedReport.parse(res.json());
    const version = await dataVersion(data.store.driver);
    expect(report).toMatchObject({
      kind: 'bulletin',
      title: '2021年3月月度监测简报',
      period: '2021-03',
      format: 'xlsx',
      data_version: version,
      generated_by: 'r-analyst',
      file_name: `2021年3月月度监测简报_数据版本${version}${report.simulated ? '_模拟数据' : ''}.xlsx`,
      href: `/api/v1/reports/${report.id}/file`,
    });
    expect(report.generated_at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    const listed = ReportsResponse.parse(await json('/api/v1/reports?kind=bulletin'));
    expect(listed.reports).toEqual([report]);
    expect(ReportsResponse.parse(await json('/api/v1/reports?kind=evaluation')).reports).toEqual([]);

    const file = await get(report.href);
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toBe(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    const disposition = String(file.headers['content-disposition']);
    expect(disposition).toBe(
      `attachment; filename="ecmon-bulletin-2021-03-v${version}.xlsx"; filename*=UTF-8''${encodeURIComponent(report.file_name)}`,
    );
    expect(decodeURIComponent(disposition.split("UTF-8''")[1] as string)).toBe(report.file_name);
    expect(file.rawPayload).toEqual(await reportBytes(data.store.driver, report.id));
    expect(file.rawPayload.subarray(0, 2).toString()).toBe('PK');
    expect(file.rawPayload.length).toBe(report.size_bytes);
    expect((await get('/api/v1/reports/latest/file')).rawPayload).toEqual(file.rawPayload);
  });

  it('refuses a bad month, a month outside the plan, a format it cannot write, an unknown id', async () => {
    const bad = await post({ period: '2021-13', format: 'docx' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ parameter: 'period', value: '2021-13' });
    expect(bad.json().detail).toContain('应为一个月份，写作 YYYY-MM');
    const outside = await post({ period: '2099-01' });
    expect(outside.statusCode).toBe(400);
    expect(outside.json()).toMatchObject({
      parameter: 'period',
      detail: '月份 2099-01 不在计划的监测范围（2019—2035年）内，请选择该范围内的月份',
    });
    const format = await post({ period: '2021-03', format: 'doc' });
    expect(format.statusCode).toBe(400);
    expect(format.json()).toMatchObject({ parameter: 'format', value: 'doc' });
    expect((await get('/api/v1/reports?kind=memo')).statusCode).toBe(400);
    const missing = await get('/api/v1/reports/nonexistent/file');
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toMatchObject({
      parameter: 'id',
      value: 'nonexistent',
      detail: '没有存档编号为「nonexistent」的报告，存档列表见 /api/v1/reports',
    });
  });
});

describe('the OpenAPI document and the docs page', () => {
  it('describes every registered /api route', async () => {
    // The tree printRoutes draws: a child's path continues its parent's (`/api/v1/reports` → `/bulletin`).
    const stack: string[] = [];
    const routes = app
      .printRoutes({ commonPrefix: false })
      .split('\n')
      .flatMap((line) => {
        const m = /^([│ ]*)[├└]── (\S+)( \(.*)?$/.exec(line);
        if (!m) return [];
        const depth = (m[1] as string).length / 4;
        const full = (stack[depth - 1] ?? '') + m[2];
        stack.length = depth;
        stack[depth] = full;
        return m[3] && full.startsWith('/api') ? [full.replace(/:(\w+)/g, '{$1}')] : [];
      });
    const doc = (await get('/api/v1/openapi.json')).json();
    expect(doc.openapi).toBe('3.1.0');
    // Signing in, accounts and feed push are served with accounts only (test/auth-*.test.ts).
    const withAccounts = Object.keys(doc.paths).filter((p) => /\/(auth|users|feeds)\//.test(`${p}/`));
    expect(withAccounts.sort()).toEqual([
      '/api/v1/auth/login',
      '/api/v1/auth/logout',
      '/api/v1/auth/session',
      '/api/v1/feeds/reports/{id}',
      '/api/v1/feeds/{platform}/{period}',
      '/api/v1/feeds/{platform}/{period}/uploads',
      '/api/v1/feeds/{platform}/{period}/uploads/{id}',
      '/api/v1/users',
      '/api/v1/users/{name}/disabled',
      '/api/v1/users/{name}/password',
      '/api/v1/users/{name}/scope',
    ]);
    // Report forms are served with a FormService only (test/forms-api.test.ts).
    const withForms = Object.keys(doc.paths).filter((p) =>
      /^\/api\/v1\/(forms|submissions|progress|alerts|audit)(\/|$)/.test(p),
    );
    expect(withForms).toHaveLength(12);
    expect(
      Object.keys(doc.paths)
        .filter((p) => !withAccounts.includes(p) && !withForms.includes(p))
        .sort(),
    ).toEqual(routes.sort());
    expect(routes).toHaveLength(20);
    expect(doc.paths['/api/v1/registry/forms/{role}'].post['x-access']).toEqual([
      'admin',
      'analyst',
      'enterprise_reporter',
    ]);
    const names = (p: string) => doc.paths[p].get.parameters.map((x: { name: string }) => x.name).sort();
    expect(names('/api/v1/indicators/{id}')).toEqual(['area', 'as', 'frequency', 'id', 'period']);
    expect(names('/api/v1/districts')).toEqual(['as', 'indicator', 'period']);
    expect(doc.paths['/api/v1/overview'].get.responses['200'].content['application/json'].schema.$ref).toBe(
      '#/components/schemas/OverviewResponse',
    );
    expect(doc.components.schemas.IndicatorFigure.properties.schedule.anyOf[0].properties.status).toEqual({
      anyOf: [{ type: 'string', enum: ['on_track', 'slightly_behind', 'behind'] }, { type: 'null' }],
    });
  });

  it('every example in it answers 200: the operation’s example and one built from its parameter examples', async () => {
    const doc = (await get('/api/v1/openapi.json')).json();
    const urls: string[] = [];
    for (const [path, item] of Object.entries(doc.paths) as [string, { get?: Record<string, unknown> }][]) {
      // The public reads; the others answer by role (test/auth-access-matrix.test.ts).
      if (item.get?.['x-access'] !== 'public' || path.startsWith('/api/v1/auth/')) continue;
      const op = item.get;
      urls.push(op['x-example'] as string);
      const params = op.parameters as { name: string; in: string; example?: string }[];
      let url = path;
      const query = new URLSearchParams();
      for (const p of params) {
        expect(p.example, `${path} ${p.name}`).toBeDefined();
        if (p.in === 'path') url = url.replace(`{${p.name}}`, String(p.example));
        else query.set(p.name, String(p.example));
      }
      urls.push(query.size ? `${url}?${query}` : url);
    }
    expect(urls).toContain('/api/v1/indicators/ec_transaction_volume?frequency=cumulative&period=2021');
    for (const url of urls) expect((await get(url)).statusCode, url).toBe(200);
  });

  it('/api/v1/docs is a self-contained page with an example link per endpoint and the problem types', async () => {
    const res = await get('/api/v1/docs');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/html');
    expect(res.body).toContain(
      '<a href="/api/v1/indicators/ec_transaction_volume?frequency=cumulative&amp;period=2021">',
    );
    expect(res.body).toContain('id="problem-not-found"');
    expect(res.body).not.toMatch(/<script|https?:\/\/(?!www\.w3\.org)/);
  });
});

describe('the web app', () => {
  it('serves hashed assets as immutable and index.html as no-cache', async () => {
    const asset = await get('/assets/index-abc123.js');
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect((await get('/')).headers['cache-control']).toBe('no-cache');
  });

  it('sends the precompressed copy a client accepts, with its encoding and Vary', async () => {
    const br = await app.inject({
      method: 'GET',
      url: '/assets/index-abc123.js',
      headers: { 'accept-encoding': 'br, gzip' },
    });
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers.vary).toContain('accept-encoding');
    expect(br.headers['content-type']).toMatch(/^text\/javascript|^application\/javascript/);
    expect(br.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(brotliDecompressSync(br.rawPayload).toString()).toBe('console.log(1)');
    const gz = await app.inject({
      method: 'GET',
      url: '/assets/index-abc123.js',
      headers: { 'accept-encoding': 'gzip' },
    });
    expect(gz.headers['content-encoding']).toBe('gzip');
    const plain = await get('/assets/index-abc123.js');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body).toBe('console.log(1)');
  });

  it('falls back to index.html for app routes', async () => {
    const res = await get('/districts?area=510104');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<div id="app">');
  });

  it('does not fall back for a missing file', async () => {
    expect((await get('/assets/missing-123.js')).statusCode).toBe(404);
  });
});
