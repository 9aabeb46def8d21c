/**
 * The registry's write routes and lists over HTTP on every engine: forms with the import's validation (errors
 * naming the field), every save a version with who and why, removal as a version (counts stop at its date),
 * credit summaries and city-wide lists from public records only, counts by month with added/removed lists.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StoreDashboardService } from '../src/api/dashboard-service.js';
import { RegistryService } from '../src/api/registry-service.js';
import { buildServer } from '../src/api/server.js';
import { Accounts } from '../src/auth/accounts.js';
import { Sessions } from '../src/auth/sessions.js';
import { usccCheckChar } from '../src/domain/uscc.js';
import { ingestFeed } from '../src/ingest/feed/ingest-feed.js';
import { loadPlan } from '../src/plan/load-plan.js';
import { registryVersion } from '../src/registry/registry-repository.js';
import { queryObservations } from '../src/store/observation-repository.js';
import type { Store } from '../src/store/open-store.js';
import { savePlan } from '../src/store/plan-repository.js';
import { queryAudit } from '../src/store/write/audit-log.js';
import { engines, freshStore } from './support/engines.js';
import { feedCsv, feedRow } from './support/feed-rows.js';

const PLAN_FILE = 'plans/chengdu-ec-2021-2025.yaml';
const plan = loadPlan(PLAN_FILE);
const uscc = (n: number): string => {
  const stem = `91510100MA${String(n).padStart(7, '0')}`;
  return stem + usccCheckChar(stem);
};
const A = uscc(501);
const B = uscc(502);
const SECRET = '内部〔2023〕9号';

describe.each(engines())('registry forms and lists over HTTP on $engine', (target) => {
  let store: Store;
  let app: FastifyInstance;
  // An analyst signed in (the registry's writes are the city's: admin, analyst); versions record the account.
  let session: { cookie: string; 'x-csrf-token': string };
  const post = (url: string, body: unknown) =>
    app.inject({ method: 'POST', url, payload: body as object, headers: session });
  const form = (role: string, mode: 'add' | 'edit', values: Record<string, string>, reason?: string) =>
    post(`/api/v1/registry/forms/${role}`, { mode, values, ...(reason ? { reason } : {}) });
  const get = async (url: string) => {
    const r = await app.inject({ method: 'GET', url });
    expect(r.statusCode, url).toBe(200);
    return r.json();
  };
  const firm = (id: string, name: string, area = '510104') => ({ id, name, area, domain: '零售电商' });

  beforeAll(async () => {
    store = (await freshStore(target)).store;
    await savePlan(store.driver, store.dialect, plan, PLAN_FILE);
    const accounts = new Accounts(store.driver, plan);
    await accounts.add({ name: 'wang-wu', role: 'analyst', password: 'registry-pass-2025' }, 'test');
    app = buildServer({
      service: new StoreDashboardService(store.driver, plan),
      registry: new RegistryService(store, plan),
      webRoot: '/nonexistent',
      auth: { accounts, sessions: new Sessions(store.driver, accounts) },
    });
    const login = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { name: 'wang-wu', password: 'registry-pass-2025' },
    });
    session = {
      cookie: String(login.headers['set-cookie']).split(';')[0] as string,
      'x-csrf-token': login.json().csrf_token,
    };
  });
  afterAll(async () => {
    await app.close();
    await store.close();
    await target.cleanup();
  });

  it('a wrong check character is refused naming the form field, with the import’s words; nothing is written', async () => {
    const bad = `${A.slice(0, 17)}${A[17] === '0' ? '1' : '0'}`;
    const r = await form('enterprise', 'add', firm(bad, '成都甲电商有限公司'));
    expect(r.statusCode).toBe(400);
    const body = r.json();
    expect(body.errors).toHaveLength(1);
    expect(body.errors[0]).toMatchObject({ field: 'id', label: '统一社会信用代码', value: bad });
    expect(body.errors[0].message).toMatch(/^统一社会信用代码校验位错误：应为 \w，实际为 \w$/);
    expect(body.detail).toMatch(/^表单有误：统一社会信用代码：「/);
    const missing = (await form('enterprise', 'add', { id: A, name: '', area: '510199' })).json();
    expect(missing.errors.map((e: { field: string; message: string }) => [e.field, e.message])).toEqual([
      ['name', '必填项为空'],
      ['area', '不是本规划的区划'],
    ]);
    expect(await registryVersion(store.driver)).toBe(0);
  });

  it('adds an enterprise and a designation as versions by the signed-in account; a key already there is refused', async () => {
    expect((await form('enterprise', 'add', firm(A, '成都甲电商有限公司'))).json()).toMatchObject({
      version: 1,
      changed: true,
    });
    expect((await form('enterprise', 'add', firm(A, '成都甲电商有限公司'))).json().errors).toEqual([
      {
        field: 'id',
        label: '统一社会信用代码',
        value: A,
        message: '库中已有此编号',
        hint: '如需修改，请打开该记录编辑',
      },
    ]);
    const title = {
      entity_id: A,
      designation: '瞪羚企业',
      valid_from: '2022-03-01',
      document: '成新经委〔2022〕1号',
    };
    expect(
      (await form('designation', 'add', { ...title, valid_to: '2022-01-01' })).json().errors,
    ).toMatchObject([{ field: 'valid_to', label: '失效日期', message: '失效日期应晚于生效日期 2022-03-01' }]);
    expect((await form('designation', 'add', title)).json().version).toBe(2);
    // The designation is in the audit log (审计记录): who, from where, what it now says.
    const audited = (await queryAudit(store.driver, store.dialect)).filter((r) => r.what === 'designation');
    expect(audited.map((r) => [r.actor, r.via, r.area, r.old_value, r.new_value])).toEqual([
      ['wang-wu', 'account', '510104', null, '瞪羚企业 2022-03-01—至今 成新经委〔2022〕1号'],
    ]);
    await form('enterprise', 'add', firm(B, '成都乙电商有限公司', '510107'));
  });

  it('a correction needs a reason and keeps the earlier version', async () => {
    const renamed = firm(A, '成都甲数字科技有限公司');
    expect((await form('enterprise', 'edit', renamed)).json().errors).toMatchObject([
      { field: 'reason', label: '修改原因', message: '更正须填写原因' },
    ]);
    expect((await form('enterprise', 'edit', renamed, '企业更名')).json().version).toBe(4);
    const page = await get(`/api/v1/registry/entities/${A}`);
    expect(page.entity.name).toBe('成都甲数字科技有限公司');
    expect(
      page.history
        .filter((h: { record: string }) => h.record === 'entity')
        .map((h: { version: number; what: string; recorded_by: string; reason: string | null }) => [
          h.version,
          h.what,
          h.recorded_by,
          h.reason,
        ]),
    ).toEqual([
      [1, '成都甲电商有限公司', 'wang-wu', null],
      [4, '成都甲数字科技有限公司', 'wang-wu', '企业更名'],
    ]);
    expect(
      (
        await form(
          'designation',
          'edit',
          { entity_id: B, designation: '瞪羚企业', valid_from: '2022-03-01' },
          '补录',
        )
      ).json().errors,
    ).toMatchObject([{ field: 'valid_from', message: '库中没有此记录，无法编辑' }]);
  });

  it('credit: the summary and the city lists show public (公示) records only; a non-public one never appears', async () => {
    const credit = (entity: string, type: string, date: string, doc: string, pub: string) =>
      form('credit', 'add', {
        entity_id: entity,
        credit_type: type,
        record_date: date,
        document: doc,
        public: pub,
        source: '信用中国（四川成都）',
      });
    expect((await credit(A, '失信惩戒', '2023-05-01', '成信〔2023〕5号', '是')).statusCode).toBe(200);
    expect((await credit(A, '行政处罚', '2023-06-01', SECRET, '否')).statusCode).toBe(200);
    expect((await credit(B, '行政处罚', '2023-07-01', '成市监罚〔2023〕7号', '是')).statusCode).toBe(200);
    expect((await credit(B, '守信激励', '2021-07-01', '成信〔2021〕2号', '是')).statusCode).toBe(200);
    expect((await credit(B, '信用很好', '2021-07-01', 'x', '是')).json().errors).toMatchObject([
      { field: 'credit_type', label: '信用类型', message: '不是可用的信用类型' },
    ]);

    const a = await get(`/api/v1/registry/entities/${A}`);
    expect(
      a.credit.map((c: { credit_type: string; document: string }) => [c.credit_type, c.document]),
    ).toEqual([['失信惩戒', '成信〔2023〕5号']]);
    expect(a.credit_summary).toEqual({
      counts: [
        { credit_type: '守信激励', n: 0, in_force: 0 },
        { credit_type: '失信惩戒', n: 1, in_force: 1 },
        { credit_type: '行政处罚', n: 0, in_force: 0 },
        { credit_type: '第三方信用评价', n: 0, in_force: 0 },
      ],
      status: 'dishonest',
      status_name: '失信',
    });
    const dishonest = await get('/api/v1/registry/credit?list=dishonest&on=2024-01-01');
    expect(dishonest.entities.map((e: { id: string; name: string }) => [e.id, e.name])).toEqual([
      [A, '成都甲数字科技有限公司'],
    ]);
    const watch = await get('/api/v1/registry/credit?list=watch&on=2024-01-01');
    expect(watch.entities.map((e: { id: string }) => e.id)).toEqual([B]);
    expect((await get(`/api/v1/registry/entities/${B}`)).credit_summary.status).toBe('watch');
    // Before any record was in force, nobody is listed.
    expect((await get('/api/v1/registry/credit?list=dishonest&on=2023-04-30')).entities).toEqual([]);
    for (const url of [
      `/api/v1/registry/entities/${A}`,
      '/api/v1/registry/credit?list=dishonest&on=2024-01-01',
      '/api/v1/registry/credit?list=watch&on=2024-01-01',
      '/api/v1/registry/search?q=成都',
    ])
      expect(JSON.stringify(await get(url)), url).not.toContain(SECRET);
    const bad = await app.inject({ method: 'GET', url: '/api/v1/registry/credit?list=black' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().parameter).toBe('list');
  });

  it('counts by month: added and removed in a period; a removal is a version and counts stop at its date', async () => {
    const march = await get('/api/v1/registry/counts?designation=gazelle&period=2022-03');
    expect(march.frequency).toBe('month');
    expect(march.series.slice(0, 4)).toEqual([
      { period: '2022-01', value: 0 },
      { period: '2022-02', value: 0 },
      { period: '2022-03', value: 1 },
      { period: '2022-04', value: 1 },
    ]);
    expect(march.added).toEqual([
      {
        id: A,
        name: '成都甲数字科技有限公司',
        area: '510104',
        date: '2022-03-01',
        document: '成新经委〔2022〕1号',
      },
    ]);
    expect((await get('/api/v1/registry/counts?designation=gazelle&period=2022-04')).added).toEqual([]);

    expect(
      (await post(`/api/v1/registry/entities/${A}/removal`, { date: '2024-07-01' })).json().errors,
    ).toMatchObject([{ field: 'reason', message: '移除须填写原因' }]);
    expect(
      (await post(`/api/v1/registry/entities/${A}/removal`, { date: '2024-02-30', reason: '注销' })).json()
        .errors,
    ).toMatchObject([{ field: 'date', value: '2024-02-30', message: '日期不存在' }]);
    const removed = await post(`/api/v1/registry/entities/${A}/removal`, {
      date: '2024-07-01',
      reason: '企业注销',
    });
    expect(removed.json()).toMatchObject({ version: 9, changed: true });

    const july = await get('/api/v1/registry/counts?designation=gazelle&period=2024-07');
    expect(july.series.slice(5, 7)).toEqual([
      { period: '2024-06', value: 1 },
      { period: '2024-07', value: 0 },
    ]);
    expect(july.removed.map((c: { id: string; date: string }) => [c.id, c.date])).toEqual([
      [A, '2024-07-01'],
    ]);
    const obs = async (period: string) =>
      (
        await queryObservations(store.driver, {
          measure: 'ec_unicorn_gazelle_firms',
          area: plan.root_area,
          period,
        })
      )
        .filter((o) => Object.keys(o.breakdown).length === 0)
        .map((o) => o.value);
    expect(await obs('2024-06')).toEqual(['1']);
    expect(await obs('2024-07')).toEqual(['0']);
    expect(await obs('2022-02')).toEqual(['0']);

    const page = await get(`/api/v1/registry/entities/${A}`);
    expect(page.removed_on).toBe('2024-07-01');
    expect(page.history.at(-1)).toMatchObject({
      record: 'removal',
      valid_to: '2024-07-01',
      reason: '企业注销',
      recorded_by: 'wang-wu',
    });
    expect((await get(`/api/v1/registry/search?q=${A}`)).total).toBe(0);
    expect(
      (await post(`/api/v1/registry/entities/${A}/removal`, { date: '2024-08-01', reason: '重复' })).json()
        .errors,
    ).toMatchObject([{ field: 'id', message: '该对象已移除' }]);
  });

  it('an entity page shows feed figures of published batches only: a batch awaiting approval stays hidden', async () => {
    const rows = (period: string, gmv: string) =>
      feedCsv([feedRow('S1', { period, seller_uscc: B, seller_area: '510107', gmv, refunds: '0.00' })]);
    await ingestFeed(store, plan, rows('2024-03', '777.00'), { platform: 'sim-mall', hold: true });
    const figures = async () =>
      (await get(`/api/v1/registry/entities/${B}`)).feed.rows
        .filter((r: { measure: string }) => r.measure === 'ec_transaction_volume')
        .map((r: { period: string; value: string }) => [r.period, Number(r.value).toFixed(2)]);
    expect(await figures()).toEqual([]);
    await ingestFeed(store, plan, rows('2024-04', '300.00'), { platform: 'sim-mall' });
    expect(await figures()).toEqual([['2024-04', '300.00']]);
    const page = await get(`/api/v1/registry/entities/${B}`);
    expect(page.feed.measures.map((m: { id: string }) => m.id)).toContain('ec_transaction_volume');
  });
});
