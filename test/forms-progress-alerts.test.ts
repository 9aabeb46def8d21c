/**
 * 报送进度 on a fixed clock: October's district form is on time through 10 November and overdue from the 11th;
 * overdue forms, accepted warnings and failed Σ checks raise alerts once, kept in the app and POSTed as JSON to
 * the configured webhook (a local HTTP listener here).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { feedRejectedAlert } from '../src/forms/alert-checks.js';
import { listAlerts } from '../src/forms/alerts.js';
import type { FormActor } from '../src/forms/form-actor.js';
import { FormService } from '../src/forms/submissions.js';
import { loadPlan } from '../src/plan/load-plan.js';
import type { Store } from '../src/store/open-store.js';
import { savePlan } from '../src/store/plan-repository.js';
import { writeObservations } from '../src/store/write/write-observations.js';
import { engines, freshStore } from './support/engines.js';

const PLAN_FILE = 'plans/chengdu-ec-2021-2025.yaml';
const plan = loadPlan(PLAN_FILE);
const FORM = 'district_monthly_ec';
const analyst: FormActor = { name: 'city.analyst', via: 'account', areas: 'all', reviewer: true };
const jinjiang: FormActor = { name: 'jinjiang.stat', via: 'account', areas: ['510104'], reviewer: false };

describe.each(engines())('reporting progress and alerts on $engine', (target) => {
  let store: Store;
  let server: Server;
  const received: Record<string, unknown>[] = [];
  let now = new Date('2026-11-10T15:00:00Z'); // 23:00 on 10 November in Chengdu
  let forms: FormService;

  beforeAll(async () => {
    store = (await freshStore(target)).store;
    await savePlan(store.driver, store.dialect, plan, PLAN_FILE);
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => {
        body += c;
      });
      req.on('end', () => {
        received.push(JSON.parse(body) as Record<string, unknown>);
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const webhook = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
    forms = new FormService(store, plan, { clock: () => now, alerts: { webhook } });
  });
  afterAll(async () => {
    await new Promise((r) => server.close(r));
    await store.close();
    await target.cleanup();
  });

  it('on the deadline day nothing is overdue; the next day every unsubmitted district is one day overdue', async () => {
    const onTime = await forms.progress(analyst, { form: FORM });
    expect(onTime).toHaveLength(20);
    expect(onTime[0]).toEqual({
      form: FORM,
      area: '510104',
      period: '2026-10',
      state: 'not_started',
      awaiting: null,
      batch_id: null,
      deadline: '2026-11-10',
      days_overdue: 0,
    });
    await forms.submit(jinjiang, {
      form: FORM,
      area: '510104',
      period: '2026-10',
      values: {
        ec_transaction_volume: '100000',
        online_retail_sales: '60000',
        physical_goods_online_retail: '50000',
      },
    });
    await forms.saveDraft(analyst, {
      form: FORM,
      area: '510105',
      period: '2026-10',
      values: { ec_transaction_volume: '1' },
    });
    now = new Date('2026-11-10T16:00:00Z'); // 00:00 on 11 November in Chengdu
    const late = await forms.progress(analyst, { form: FORM, period: '2026-10' });
    expect(late.slice(0, 3).map((r) => [r.area, r.state, r.awaiting, r.days_overdue])).toEqual([
      ['510104', 'submitted', 'district', 0],
      ['510105', 'draft', null, 1],
      ['510106', 'not_started', null, 1],
    ]);
    expect(late.filter((r) => r.days_overdue > 0)).toHaveLength(19);
    expect((await forms.progress(jinjiang, { form: FORM, period: '2026-10' })).map((r) => r.area)).toEqual([
      '510104',
    ]);
  });

  it('overdue forms raise one alert each, once, stored and POSTed to the webhook', async () => {
    const raised = await forms.checkDeadlines(1);
    expect(raised).toHaveLength(19);
    expect(raised.find((a) => a.area === '510105')).toMatchObject({
      kind: 'deadline_passed',
      message_zh: '区（市）县电子商务月报 · 青羊区 · 2026-10：截止 2026-11-10，已逾期 1 天，状态为草稿',
      webhook_status: '204',
    });
    expect(await forms.checkDeadlines(1)).toEqual([]);
    expect(received.filter((r) => r.kind === 'deadline_passed')).toHaveLength(19);
    expect(received.find((r) => r.area === '510106')).toMatchObject({
      source: 'ecmon',
      kind: 'deadline_passed',
      form_id: FORM,
      period: '2026-10',
      message_en:
        'District monthly e-commerce report · Jinniu District · 2026-10: due 2026-11-10, 1 day(s) overdue (not started)',
    });
    const mine = await listAlerts(store.driver, store.dialect, { areas: ['510104'] });
    expect(mine).toEqual([]);
  });

  it('an outlier accepted with an explanation raises a rule alert naming the cell and the note', async () => {
    await writeObservations(store.driver, store.dialect, [
      { measure: 'online_retail_sales', area: '510104', period: '2025-09', value: '2', unit: '亿元' },
    ]);
    await forms.submit(jinjiang, {
      form: FORM,
      area: '510104',
      period: '2026-09',
      values: {
        ec_transaction_volume: '100000',
        online_retail_sales: '60000',
        physical_goods_online_retail: '50000',
      },
      notes: { 'retail_yoy_outlier:online_retail_sales': '新增一家直播平台企业入统' },
    });
    const alerts = await listAlerts(store.driver, store.dialect, { areas: ['510104'], kind: 'rule_failed' });
    expect(alerts.map((a) => a.message_zh)).toEqual([
      '区（市）县电子商务月报 · 锦江区 · 2026年9月 · 网上零售额：网上零售额 60000 万元，上年同期 20000，同比 +200.0%，超出 ±50%；说明：新增一家直播平台企业入统',
    ]);
  });

  it('an indicator whose light is red raises one alert, once', async () => {
    await writeObservations(store.driver, store.dialect, [
      { measure: 'online_retail_sales', area: '510100', period: '2023', value: '3000', unit: '亿元' },
    ]);
    const red = await forms.checkRedLights(['2023'], ['510100']);
    expect(red.map((a) => [a.kind, a.subject, a.area, a.period])).toContainEqual([
      'light_red',
      'online_retail_sales',
      '510100',
      '2023',
    ]);
    expect(red.find((a) => a.subject === 'online_retail_sales')?.message_zh).toMatch(
      /^网上零售额（成都市 2023）亮红灯：低于序时进度 \d+\.\d%$/,
    );
    expect(await forms.checkRedLights(['2023'], ['510100'])).toEqual([]);
  });

  it('a rejected feed is an alert too', async () => {
    const [a] = await forms.raise([feedRejectedAlert('sim-mall', 'f.csv', 10, 3)]);
    expect(a?.message_zh).toBe('平台 sim-mall 的数据 f.csv 被拒收：10 行中 3 行有错误，整批未写入');
    expect(received.at(-1)?.kind).toBe('feed_rejected');
  });
});
