/**
 * Who may call what, as a matrix: every route of the server (the `/api/v1` contract, the feed push, the
 * CLI's server mode) × every kind of caller (the public, each role, a district of the right and of the wrong
 * area, a platform of the right and of the wrong platform), with the exact status each gets; and what the
 * public and each district read of figures still awaiting approval. On every engine.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI_JOB_PATH } from '../src/cli/cli-job-route.js';
import {
  type AuthServer,
  CALLER_KEYS,
  CALLERS,
  type CallerKey,
  CLI_TOKEN,
  openAuthServer,
  PASSWORD,
} from './support/auth-server.js';
import { addKeyEnterprise, addSceneEntity } from './support/dashboard-store.js';
import { engines } from './support/engines.js';
import { feedCsv, feedRow, USCC } from './support/feed-rows.js';

/** Statuses in the order of {@link CALLER_KEYS}: public, admin, analyst, 锦江填报, 锦江审核, 青羊填报, enterprise, sim-mall, other-mall. */
type Row = [number, number, number, number, number, number, number, number, number];

interface Case {
  /** `METHOD path` as the server registers the route (OpenAPI form). */
  route: string;
  url: string | ((s: AuthServer) => string);
  body?: (s: AuthServer) => unknown;
  headers?: Record<string, string>;
  /** Sign in afresh for the request (signing out ends the session it uses). */
  fresh?: boolean;
  expect: Row;
}

const ALL_200: Row = [200, 200, 200, 200, 200, 200, 200, 200, 200];
/** Pending figures: analysts and district users; the public must sign in; enterprises and platforms may not. */
const WORKING: Row = [401, 200, 200, 200, 200, 200, 403, 403, 403];
const ADMIN_ONLY: Row = [401, 200, 403, 403, 403, 403, 403, 403, 403];
/** The city's roles (市局): administrators and analysts. */
const CITY: Row = [401, 200, 200, 403, 403, 403, 403, 403, 403];
const CITY_400: Row = [401, 400, 400, 403, 403, 403, 403, 403, 403];

/** Every open-data route, by a request that answers 200. */
const OPEN_DATA = [
  '/open',
  '/open/',
  '/open/about',
  '/open/catalogue',
  '/open/catalogue.csv',
  '/open/catalogue.jsonld',
  '/open/districts',
  '/open/indicator/online_retail_sales',
  '/open/indicator/online_retail_sales/history.csv',
  '/open/registry',
  '/open/registry/scene',
  '/open/registry/scene.csv',
  '/open/registry/scene.json',
  '/sdmx/data/CHENGDU_EC_2021_2025?startPeriod=2020',
  '/sdmx/data/CHENGDU_EC_2021_2025/A..ONLINE_RETAIL_SALES.N',
  '/sdmx/dataflow',
  '/sdmx/dataflow/ECMON',
  '/sdmx/dataflow/ECMON/CHENGDU_EC_2021_2025',
  '/sdmx/dataflow/ECMON/CHENGDU_EC_2021_2025/1.0',
  '/sdmx/structure/datastructure',
  '/sdmx/structure/datastructure/ECMON',
  '/sdmx/structure/codelist/ECMON/CL_AREA',
  '/sdmx/structure/codelist/ECMON/CL_AREA/1.0',
];
/** The route (OpenAPI form) an open-data request goes to. */
function openRoute(url: string): string {
  const path = url.split('?')[0] as string;
  if (path.startsWith('/sdmx/data/'))
    return path.split('/').length > 4 ? '/sdmx/data/{flow}/{key}' : '/sdmx/data/{flow}';
  if (path.startsWith('/sdmx/')) {
    const parts = path.split('/').slice(2);
    const structure = parts[0] === 'structure';
    const n = parts.length - (structure ? 2 : 1);
    return [
      '/sdmx',
      ...(structure ? ['/structure'] : []),
      '/{type}',
      ...['/{agency}', '/{id}', '/{version}'].slice(0, n),
    ].join('');
  }
  if (path.startsWith('/open/indicator/'))
    return path.endsWith('.csv') ? '/open/indicator/{id}/history.csv' : '/open/indicator/{id}';
  if (path.startsWith('/open/registry/'))
    return `/open/registry/{list}${/\.(csv|json)$/.exec(path)?.[0] ?? ''}`;
  return path;
}

const goodFeed = (): string => readFileSync(feedCsv([feedRow('S1'), feedRow('S2')]), 'utf8');
const badFeed = (): string => readFileSync(feedCsv([feedRow('S1'), feedRow('S2', { gmv: 'abc' })]), 'utf8');
let reportOfSimMall = '';
const UPLOADS = '/api/v1/feeds/sim-mall/2021-03/uploads';
/** sim-mall uploads made before the matrix runs (their `Location`s). */
const upload = { status: '', append: '', abandon: [] as string[] };
/** A 锦江区 form template (xlsx), fetched before the matrix runs. */
let jinjiangTemplate: Buffer = Buffer.alloc(0);
/** Report forms: reporters, reviewers and analysts; the other district gets 404 for 锦江区's cells. */
const FILLERS: Row = [401, 200, 200, 200, 200, 200, 200, 403, 403];
/** A 锦江区 cell: its district's users and the city; another district and an enterprise get 404. */
const JINJIANG_CELL: Row = [401, 200, 200, 200, 200, 404, 404, 403, 403];
/** The enterprise's own key-enterprise form: the firm and the city; every district user gets 404. */
const OWN_FIRM: Row = [401, 200, 200, 404, 404, 404, 200, 403, 403];
const FIRM_ENTRY = `/api/v1/forms/key_enterprise_quarterly_ec/entries/${USCC}`;
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const FORM_ENTRY = '/api/v1/forms/district_monthly_ec/entries/510104';
let added = 0;

const CASES: Case[] = [
  { route: 'GET /api/v1/meta', url: '/api/v1/meta', expect: ALL_200 },
  { route: 'GET /api/v1/overview', url: '/api/v1/overview?period=2022&area=510104', expect: ALL_200 },
  {
    route: 'GET /api/v1/overview',
    url: '/api/v1/overview?period=2022&area=510105&as=working',
    expect: WORKING,
  },
  {
    route: 'GET /api/v1/indicators/{id}',
    url: '/api/v1/indicators/online_retail_sales?area=510104&period=2022',
    expect: ALL_200,
  },
  {
    route: 'GET /api/v1/indicators/{id}',
    url: '/api/v1/indicators/online_retail_sales?area=510105&period=2022&as=working',
    expect: WORKING,
  },
  {
    route: 'GET /api/v1/districts',
    url: '/api/v1/districts?indicator=online_retail_sales&period=2022',
    expect: ALL_200,
  },
  {
    route: 'GET /api/v1/districts',
    url: '/api/v1/districts?indicator=online_retail_sales&period=2022&as=working',
    expect: WORKING,
  },
  { route: 'GET /api/v1/domains', url: '/api/v1/domains?period=2021&area=510104', expect: ALL_200 },
  {
    route: 'GET /api/v1/domains',
    url: '/api/v1/domains?period=2021&area=510104&as=working',
    expect: WORKING,
  },
  { route: 'GET /api/v1/batches', url: '/api/v1/batches', expect: ALL_200 },
  { route: 'GET /api/v1/registry/search', url: '/api/v1/registry/search?area=510104', expect: ALL_200 },
  {
    route: 'GET /api/v1/registry/entities/{id}',
    url: '/api/v1/registry/entities/SIM-DEMO_SCENE-00001',
    expect: ALL_200,
  },
  {
    route: 'GET /api/v1/registry/counts',
    url: '/api/v1/registry/counts?designation=gazelle&year=2023',
    expect: ALL_200,
  },
  {
    route: 'POST /api/v1/auth/login',
    url: '/api/v1/auth/login',
    body: () => ({ name: 'm-login', password: PASSWORD }),
    expect: ALL_200,
  },
  {
    route: 'POST /api/v1/auth/logout',
    url: '/api/v1/auth/logout',
    fresh: true,
    expect: [401, 200, 200, 200, 200, 200, 200, 200, 200],
  },
  { route: 'GET /api/v1/auth/session', url: '/api/v1/auth/session', expect: ALL_200 },
  { route: 'GET /api/v1/users', url: '/api/v1/users', expect: ADMIN_ONLY },
  {
    route: 'POST /api/v1/users',
    url: '/api/v1/users',
    body: () => ({ name: `m-new-${++added}`, role: 'analyst' }),
    expect: ADMIN_ONLY,
  },
  {
    route: 'PUT /api/v1/users/{name}/disabled',
    url: '/api/v1/users/m-victim/disabled',
    body: () => ({ disabled: false }),
    expect: ADMIN_ONLY,
  },
  {
    route: 'PUT /api/v1/users/{name}/scope',
    url: '/api/v1/users/m-victim/scope',
    body: () => ({ role: 'analyst', reason: '矩阵测试' }),
    expect: ADMIN_ONLY,
  },
  {
    route: 'POST /api/v1/users/{name}/password',
    url: '/api/v1/users/m-victim/password',
    body: () => ({}),
    expect: ADMIN_ONLY,
  },
  {
    route: 'PUT /api/v1/feeds/{platform}/{period}',
    url: '/api/v1/feeds/sim-mall/2021-03',
    body: goodFeed,
    headers: { 'content-type': 'text/csv' },
    expect: [401, 200, 403, 403, 403, 403, 403, 200, 403],
  },
  {
    route: 'POST /api/v1/feeds/{platform}/{period}/uploads',
    url: UPLOADS,
    headers: { 'upload-length': '10' },
    expect: [401, 201, 403, 403, 403, 403, 403, 201, 403],
  },
  {
    // Another platform's upload is not there for it (404, as if it did not exist).
    route: 'GET /api/v1/feeds/{platform}/{period}/uploads/{id}',
    url: () => upload.status,
    expect: [401, 200, 403, 403, 403, 403, 403, 200, 404],
  },
  {
    // A chunk at an offset the server does not hold: 409 for those who may write to the upload.
    route: 'PATCH /api/v1/feeds/{platform}/{period}/uploads/{id}',
    url: () => upload.append,
    body: () => 'x',
    headers: { 'upload-offset': '999', 'content-type': 'application/offset+octet-stream' },
    expect: [401, 409, 403, 403, 403, 403, 403, 409, 404],
  },
  {
    // Each caller is given an upload of its own to abandon.
    route: 'DELETE /api/v1/feeds/{platform}/{period}/uploads/{id}',
    url: () => upload.abandon.shift() as string,
    expect: [401, 204, 403, 403, 403, 403, 403, 204, 404],
  },
  {
    route: 'GET /api/v1/feeds/reports/{id}',
    url: () => `/api/v1/feeds/reports/${reportOfSimMall}`,
    // Another platform's report is not there for it (404, as if it did not exist).
    expect: [401, 200, 200, 403, 403, 403, 403, 200, 404],
  },
  { route: 'GET /api/v1/registry/credit', url: '/api/v1/registry/credit?list=dishonest', expect: ALL_200 },
  { route: 'GET /api/v1/registry/forms', url: '/api/v1/registry/forms', expect: ALL_200 },
  // The registry's writes are the city's: others are refused before the body is read; an empty form is a
  // 400 naming its fields for those who may write (nothing is written here).
  {
    route: 'POST /api/v1/registry/forms/{role}',
    url: '/api/v1/registry/forms/enterprise',
    body: () => ({ mode: 'add', values: {} }),
    expect: CITY_400,
  },
  {
    route: 'POST /api/v1/registry/entities/{id}/removal',
    url: '/api/v1/registry/entities/SIM-DEMO_SCENE-00001/removal',
    body: () => ({ date: '2024-02-30', reason: '测试' }),
    expect: CITY_400,
  },
  {
    route: 'GET /api/v1/breakdowns/{dimension}',
    url: '/api/v1/breakdowns/platform?period=2021&area=510100',
    expect: ALL_200,
  },
  {
    route: 'GET /api/v1/breakdowns/{dimension}',
    url: '/api/v1/breakdowns/platform?period=2021&area=510100&as=working',
    expect: WORKING,
  },
  // The report archive is the bureau's: analysts and administrators.
  { route: 'GET /api/v1/reports', url: '/api/v1/reports', expect: CITY },
  {
    route: 'POST /api/v1/reports/bulletin',
    url: '/api/v1/reports/bulletin',
    body: () => ({ period: '2021-03', format: 'xlsx' }),
    expect: CITY,
  },
  { route: 'GET /api/v1/reports/{id}/file', url: '/api/v1/reports/latest/file', expect: CITY },
  // Open data: everyone, published figures only (test/open-portal.test.ts checks what they hold).
  ...OPEN_DATA.map((url) => ({ route: `GET ${openRoute(url)}`, url, expect: ALL_200 })),
  { route: 'GET /api/v1/geo/chengdu', url: '/api/v1/geo/chengdu', expect: ALL_200 },
  { route: 'GET /api/v1/openapi.json', url: '/api/v1/openapi.json', expect: ALL_200 },
  { route: 'GET /api/v1/docs', url: '/api/v1/docs', expect: ALL_200 },
  { route: 'GET /api/v1/forms', url: '/api/v1/forms', expect: FILLERS },
  {
    route: 'GET /api/v1/forms/{form}/entries/{area}/{period}',
    url: `${FORM_ENTRY}/2026-10`,
    expect: JINJIANG_CELL,
  },
  {
    route: 'PUT /api/v1/forms/{form}/entries/{area}/{period}/draft',
    url: `${FORM_ENTRY}/2026-09/draft`,
    body: () => ({ values: { ec_transaction_volume: '100' } }),
    expect: JINJIANG_CELL,
  },
  {
    // A refused submission writes nothing, so every allowed caller gets the same answer.
    route: 'POST /api/v1/forms/{form}/entries/{area}/{period}/submit',
    url: `${FORM_ENTRY}/2026-08/submit`,
    body: () => ({
      values: { ec_transaction_volume: '1', online_retail_sales: '2', physical_goods_online_retail: '1' },
    }),
    expect: JINJIANG_CELL,
  },
  {
    route: 'GET /api/v1/forms/{form}/entries/{area}/{period}',
    url: `${FIRM_ENTRY}/2026-Q3`,
    expect: OWN_FIRM,
  },
  {
    route: 'PUT /api/v1/forms/{form}/entries/{area}/{period}/draft',
    url: `${FIRM_ENTRY}/2026-Q2/draft`,
    body: () => ({ values: { ec_transaction_volume: '100' } }),
    expect: OWN_FIRM,
  },
  {
    route: 'GET /api/v1/forms/{form}/summary',
    url: '/api/v1/forms/key_enterprise_quarterly_ec/summary?period=2026-Q3',
    expect: CITY,
  },
  {
    route: 'GET /api/v1/forms/{form}/template',
    url: '/api/v1/forms/district_monthly_ec/template?area=510104&period=2026-10',
    expect: JINJIANG_CELL,
  },
  {
    route: 'POST /api/v1/forms/upload',
    url: '/api/v1/forms/upload?name=t.xlsx',
    body: () => jinjiangTemplate,
    headers: { 'content-type': XLSX },
    expect: JINJIANG_CELL,
  },
  { route: 'GET /api/v1/submissions', url: '/api/v1/submissions', expect: FILLERS },
  {
    // Analysts and district reviewers (at district level, their own areas) move submissions; one that does
    // not exist is 404 for them, like one outside a scope (test/forms-approval-levels.test.ts).
    route: 'POST /api/v1/submissions/{id}/transitions',
    url: '/api/v1/submissions/form-none/transitions',
    body: () => ({ to: 'approved' }),
    expect: [401, 404, 404, 403, 404, 403, 403, 403, 403],
  },
  { route: 'GET /api/v1/progress', url: '/api/v1/progress', expect: FILLERS },
  { route: 'GET /api/v1/alerts', url: '/api/v1/alerts', expect: FILLERS },
  { route: 'GET /api/v1/audit', url: '/api/v1/audit?area=510104', expect: JINJIANG_CELL },
  {
    // The CLI's server mode takes only the serve file's token: no session or platform token opens it.
    route: `POST ${CLI_JOB_PATH}`,
    url: CLI_JOB_PATH,
    body: () => ({ argv: ['users', 'list'], cwd: '/' }),
    expect: [401, 401, 401, 401, 401, 401, 401, 401, 401],
  },
];

/** Every route the server registered (methods but HEAD), in OpenAPI form, from Fastify's route tree. */
function registeredRoutes(s: AuthServer): string[] {
  const out = new Set<string>();
  const stack: string[] = [];
  for (const line of s.app.printRoutes({ commonPrefix: false }).split('\n')) {
    const m = /^([│ ]*)[├└]── (\S+)(?: \(([^)]+)\))?/.exec(line);
    if (!m) continue;
    const depth = (m[1] as string).length / 4;
    stack.length = depth;
    stack.push(m[2] as string);
    const path = stack.join('');
    if (!m[3] || !/^\/(api|internal|sdmx|open)(\/|$)/.test(path)) continue;
    for (const method of m[3].split(', '))
      if (method !== 'HEAD') out.add(`${method} ${path.replace(/:(\w+)/g, '{$1}')}`);
  }
  return [...out].sort();
}

describe.each(engines())('access by role × scope × route on $engine', (target) => {
  let s: AuthServer;
  beforeAll(async () => {
    s = await openAuthServer(target);
    await s.accounts.add({ name: 'm-login', role: 'analyst', password: PASSWORD }, 'test');
    await s.accounts.add({ name: 'm-victim', role: 'analyst', password: PASSWORD }, 'test');
    await addSceneEntity(s.store, s.plan);
    await addKeyEnterprise(s.store, s.plan, USCC, '成都本企电商有限公司');
    jinjiangTemplate = (
      await s.as('admin', 'GET', '/api/v1/forms/district_monthly_ec/template?area=510104&period=2026-07')
    ).rawPayload;
    const rejected = await s.as('simMall', 'PUT', '/api/v1/feeds/sim-mall/2021-03', badFeed(), {
      'content-type': 'text/csv',
    });
    expect(rejected.statusCode, rejected.body).toBe(422);
    // The error lines name the pushed file by platform and month, never the server's temporary path.
    expect(rejected.json().errors.first[0]).toMatch(/^sim-mall-2021-03\.csv:3: gmv=abc — /);
    expect(rejected.body).not.toMatch(/\/tmp\/|ecmon-push-/);
    reportOfSimMall = String(rejected.json().errors.report).split('/').pop() as string;
    const start = async (): Promise<string> => {
      const res = await s.as('simMall', 'POST', UPLOADS, undefined, { 'upload-length': '10' });
      expect(res.statusCode, res.body).toBe(201);
      return String(res.headers.location);
    };
    upload.status = await start();
    upload.append = await start();
    for (const _ of CALLER_KEYS) upload.abandon.push(await start());
  }, 180_000);
  afterAll(async () => {
    await s?.close();
    await target.cleanup();
  });

  it('the matrix covers every route the server registers', () => {
    expect([...new Set(CASES.map((c) => c.route))].sort()).toEqual(registeredRoutes(s));
  });

  it.each(CASES.map((c) => [`${c.route}  ${typeof c.url === 'string' ? c.url : ''}`, c] as const))(
    '%s',
    async (_name, c) => {
      const got: Record<string, number> = {};
      const want: Record<string, number> = {};
      for (const [i, caller] of CALLER_KEYS.entries()) {
        const url = typeof c.url === 'string' ? c.url : c.url(s);
        const method = c.route.split(' ')[0] as string;
        let res: Awaited<ReturnType<AuthServer['as']>>;
        if (c.fresh && caller !== 'anonymous' && !s.credentials.get(caller)?.token) {
          const fresh = await s.signIn(CALLERS[caller].name);
          res = await s.app.inject({
            method: method as 'POST',
            url,
            headers: { cookie: fresh.cookie ?? '', 'x-csrf-token': fresh.csrf ?? '' },
          });
        } else res = await s.as(caller, method, url, c.body?.(s), c.headers);
        got[caller] = res.statusCode;
        want[caller] = c.expect[i] as number;
        if (res.statusCode >= 400) {
          expect(res.headers['content-type'], `${caller} ${url}`).toMatch(/problem\+json/);
          // Never a stack trace or a server path in an answer.
          expect(res.body).not.toMatch(/\n\s+at |\/tmp\/|\/work\/|node_modules|\.ts:\d/);
        }
      }
      expect(got).toEqual(want);
    },
    60_000,
  );

  describe('figures awaiting approval (a held import: 锦江区 777, 青羊区 888 亿元 in 2022)', () => {
    const value = async (caller: CallerKey, area: string, as = ''): Promise<number | null> => {
      const res = await s.as(caller, 'GET', `/api/v1/overview?period=2022&area=${area}${as}`);
      expect(res.statusCode, res.body).toBe(200);
      const rows = res
        .json()
        .groups.flatMap((g: { rows: { result: { indicator: string; value: number | null } }[] }) => g.rows);
      const { result } = rows.find(
        (r: { result: { indicator: string } }) => r.result.indicator === 'online_retail_sales',
      );
      // Without a 2022 figure the overview shows the latest year that has one.
      return result.period === '2022' ? result.value : null;
    };

    it('never reach the public, whatever it asks', async () => {
      expect(await value('anonymous', '510104')).toBeNull();
      expect(await value('anonymous', '510105')).toBeNull();
      for (const c of CASES.filter((x) => x.expect[0] === 200 && x.route.startsWith('GET'))) {
        const res = await s.as('anonymous', 'GET', typeof c.url === 'string' ? c.url : c.url(s));
        expect(res.body, c.route).not.toContain('待审');
        expect(res.body, c.route).not.toContain(s.heldBatch);
      }
    });

    it('a 锦江区 account reads 锦江区 pending figures but never 青羊区 ones', async () => {
      expect(await value('jinjiangReporter', '510104', '&as=working')).toBe(777);
      expect(await value('jinjiangReporter', '510105', '&as=working')).toBeNull();
      expect(await value('jinjiangReviewer', '510105', '&as=working')).toBeNull();
      const res = await s.as(
        'jinjiangReporter',
        'GET',
        '/api/v1/districts?indicator=online_retail_sales&period=2022&as=working',
      );
      const byArea = new Map(
        res.json().rows.map((r: { area: string; value: number | null }) => [r.area, r.value]),
      );
      expect([byArea.get('510104'), byArea.get('510105')]).toEqual([777, null]);
      expect(res.body).not.toContain('888');
    });

    it('a 青羊区 account reads its own; an analyst reads every area’s', async () => {
      expect(await value('qingyangReporter', '510105', '&as=working')).toBe(888);
      expect(await value('qingyangReporter', '510104', '&as=working')).toBeNull();
      expect(await value('analyst', '510104', '&as=working')).toBe(777);
      expect(await value('analyst', '510105', '&as=working')).toBe(888);
      // Without as=working everyone reads the published figures.
      expect(await value('analyst', '510105')).toBeNull();
    });

    it('the batch list shows the held batch to analysts only', async () => {
      const ids = async (caller: CallerKey) =>
        (await s.as(caller, 'GET', '/api/v1/batches')).json().batches.map((b: { id: string }) => b.id);
      expect(await ids('analyst')).toContain(s.heldBatch);
      expect(await ids('anonymous')).not.toContain(s.heldBatch);
      expect(await ids('jinjiangReporter')).not.toContain(s.heldBatch);
      expect(await ids('simMall')).not.toContain(s.heldBatch);
    });
  });

  describe('objects outside the caller’s scope answer like missing ones', () => {
    it('another platform’s error report: the same 404 as a report that does not exist', async () => {
      const theirs = await s.as('otherMall', 'GET', `/api/v1/feeds/reports/${reportOfSimMall}`);
      const none = await s.as('otherMall', 'GET', '/api/v1/feeds/reports/other-mall--2021-03--zzzz');
      expect([theirs.statusCode, none.statusCode]).toEqual([404, 404]);
      expect(theirs.json().title).toBe(none.json().title);
      expect(theirs.json().detail.replace(reportOfSimMall, 'X')).toBe(
        none.json().detail.replace('other-mall--2021-03--zzzz', 'X'),
      );
    });

    it('a platform token pushes only its own platform: another’s is 403, naming both', async () => {
      const res = await s.as('otherMall', 'PUT', '/api/v1/feeds/sim-mall/2021-03', goodFeed(), {
        'content-type': 'text/csv',
      });
      expect(res.statusCode).toBe(403);
      expect(res.json().detail).toBe('该令牌属于平台 other-mall，不能推送平台 sim-mall 的数据。');
    });

    it('an unknown account answers 404 to an administrator', async () => {
      const res = await s.as('admin', 'PUT', '/api/v1/users/nobody-here/disabled', { disabled: true });
      expect(res.statusCode).toBe(404);
      expect(res.json().detail).toBe('找不到账号「nobody-here」。');
    });
  });

  describe('the CLI’s server mode', () => {
    it('runs a command for the serve file’s token only', async () => {
      const ok = await s.app.inject({
        method: 'POST',
        url: CLI_JOB_PATH,
        headers: { authorization: `Bearer ${CLI_TOKEN}` },
        payload: { argv: ['users', 'list'], cwd: '/' },
      });
      expect(ok.statusCode).toBe(200);
      expect(ok.body.trim().split('\n').pop()).toBe('{"exit":0}');
    });
  });
});
