/**
 * The report form routes with real accounts and sessions on every engine: a 锦江区 reporter fills and submits
 * its own form and reaches nothing of 青羊区 (404, as if missing); only analysts move submissions; the public
 * gets 401; the audit and progress answers are narrowed to the caller's areas; the Excel template
 * round-trips through the upload route with errors at upload.xlsx:填报:row:column.
 */
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AuthServer, openAuthServer, PASSWORD } from './support/auth-server.js';
import { addKeyEnterprise } from './support/dashboard-store.js';
import { engines } from './support/engines.js';
import { USCC } from './support/feed-rows.js';

const ENTRY = '/api/v1/forms/district_monthly_ec/entries';
const good = {
  ec_transaction_volume: '100000',
  online_retail_sales: '60000',
  physical_goods_online_retail: '50000',
};

describe.each(engines())('form routes on $engine', (target) => {
  let s: AuthServer;
  beforeAll(async () => {
    s = await openAuthServer(target, () => new Date('2026-11-12T02:00:00Z'));
  });
  afterAll(async () => {
    await s.close();
    await target.cleanup();
  });

  it('the public is asked to sign in; outside the reporter’s district is 404 exactly like a missing form', async () => {
    expect((await s.as('anonymous', 'GET', `${ENTRY}/510104/2026-10`)).statusCode).toBe(401);
    const other = await s.as('jinjiangReporter', 'GET', `${ENTRY}/510105/2026-10`);
    const missing = await s.as(
      'jinjiangReporter',
      'GET',
      '/api/v1/forms/no_such_form/entries/510104/2026-10',
    );
    expect([other.statusCode, missing.statusCode]).toEqual([404, 404]);
    expect(other.json().detail).toBe('找不到报表「510105」。');
    // An enterprise reporter fills its own enterprise's forms; a district's is not found, like a missing one.
    expect((await s.as('enterprise', 'GET', `${ENTRY}/510104/2026-10`)).statusCode).toBe(404);
    expect(
      (await s.as('jinjiangReporter', 'PUT', `${ENTRY}/510105/2026-10/draft`, { values: good })).statusCode,
    ).toBe(404);
  });

  it('an enterprise reporter fills its own firm’s quarterly report; the city reads the summary', async () => {
    await addKeyEnterprise(s.store, s.plan, USCC, '成都本企电商有限公司');
    const forms = (await s.as('enterprise', 'GET', '/api/v1/forms')).json();
    expect(forms.forms.map((f: { id: string; reporter: string }) => [f.id, f.reporter])).toEqual([
      ['key_enterprise_quarterly_ec', 'enterprise'],
    ]);
    // 12 November 2026: the third quarter is open, due 15 October, 28 days late.
    expect(
      forms.open.map(
        (r: { area: string; area_name: { zh: string }; period: string; days_overdue: number }) => [
          r.area,
          r.area_name.zh,
          r.period,
          r.days_overdue,
        ],
      ),
    ).toEqual([[USCC, '成都本企电商有限公司', '2026-Q3', 28]]);
    const url = `/api/v1/forms/key_enterprise_quarterly_ec/entries/${USCC}/2026-Q3`;
    const sent = await s.as('enterprise', 'POST', `${url}/submit`, {
      values: { ec_transaction_volume: '8000', online_retail_sales: '5000' },
    });
    expect(sent.statusCode, sent.body).toBe(200);
    expect(sent.json().entry.submission.status).toBe('submitted');
    expect(sent.json().entry.area_name.zh).toBe('成都本企电商有限公司');
    // A district's users never see a firm's form; the city reviews it.
    expect((await s.as('jinjiangReporter', 'GET', url)).statusCode).toBe(404);
    expect((await s.as('jinjiangReviewer', 'GET', url)).statusCode).toBe(404);
    const id = sent.json().entry.submission.batch_id;
    expect(
      (await s.as('analyst', 'POST', `/api/v1/submissions/${id}/transitions`, { to: 'approved' })).json()
        .status,
    ).toBe('approved');
    const summary = await s.as(
      'analyst',
      'GET',
      '/api/v1/forms/key_enterprise_quarterly_ec/summary?period=2026-Q3',
    );
    expect(summary.statusCode, summary.body).toBe(200);
    const body = summary.json();
    expect(
      [...body.rows, body.total].map((r: { area_name: { zh: string }; approved: number; values: object }) => [
        r.area_name.zh,
        r.approved,
        r.values,
      ]),
    ).toEqual([
      [
        '锦江区',
        1,
        { ec_transaction_volume: '8000', online_retail_sales: '5000', cross_border_ec_volume: null },
      ],
      [
        '成都市',
        1,
        { ec_transaction_volume: '8000', online_retail_sales: '5000', cross_border_ec_volume: null },
      ],
    ]);
    expect(
      (await s.as('enterprise', 'GET', '/api/v1/forms/key_enterprise_quarterly_ec/summary?period=2026-Q3'))
        .statusCode,
    ).toBe(403);
    // Its own audit rows, and nothing of 锦江区's.
    const audit = (await s.as('enterprise', 'GET', `/api/v1/audit?area=${USCC}`)).json();
    expect(audit.rows.map((r: { what: string; new_value: string }) => `${r.what}:${r.new_value}`)).toEqual([
      'state:draft',
      'value:8000 万元',
      'value:5000 万元',
      'state:submitted',
      'state:approved',
    ]);
    expect((await s.as('enterprise', 'GET', '/api/v1/audit?area=510104')).statusCode).toBe(404);
  });

  it('a district account scoped to the whole city reads no firm’s form, alert or audit row', async () => {
    await s.accounts.add(
      { name: 'm-city-tb', role: 'district_reporter', areas: ['510100'], password: PASSWORD },
      'test',
    );
    const c = await s.signIn('m-city-tb');
    const get = (url: string) => s.app.inject({ method: 'GET', url, headers: { cookie: c.cookie ?? '' } });
    const forms = (await get('/api/v1/forms')).json();
    expect(forms.forms.map((f: { id: string }) => f.id)).toEqual(['district_monthly_ec']);
    expect(forms.open.filter((r: { area: string }) => r.area === USCC)).toEqual([]);
    const url = `/api/v1/forms/key_enterprise_quarterly_ec/entries/${USCC}/2026-Q3`;
    expect((await get(url)).statusCode).toBe(404);
    const draft = await s.app.inject({
      method: 'PUT',
      url: `${url}/draft`,
      headers: { cookie: c.cookie ?? '', 'x-csrf-token': c.csrf ?? '' },
      payload: { values: {} },
    });
    expect(draft.statusCode).toBe(404);
    expect((await get('/api/v1/alerts')).body).not.toContain(USCC);
    expect((await get(`/api/v1/audit?area=${USCC}`)).statusCode).toBe(404);
    expect((await get('/api/v1/audit?what=state')).body).not.toContain(USCC);
    expect((await get('/api/v1/submissions')).body).not.toContain(USCC);
  });

  it('a blocked submission answers the violation naming the cell; a good one is submitted', async () => {
    const bad = await s.as('jinjiangReporter', 'POST', `${ENTRY}/510104/2026-10/submit`, {
      values: { ...good, online_retail_sales: '120000' },
    });
    expect(bad.statusCode).toBe(200);
    expect(bad.json().submitted).toBe(false);
    expect(bad.json().blocking.map((v: { label: { zh: string } }) => v.label.zh)).toEqual([
      '区（市）县电子商务月报 · 锦江区 · 2026年10月 · 网上零售额',
    ]);
    expect(bad.json().entry.submission).toBeNull();
    const ok = await s.as('jinjiangReporter', 'POST', `${ENTRY}/510104/2026-10/submit`, { values: good });
    expect([ok.json().submitted, ok.json().entry.submission.status]).toEqual([true, 'submitted']);
  });

  it('only analysts publish; a return needs its reason', async () => {
    const id = 'form-district_monthly_ec-510104-2026-10-r1';
    const url = `/api/v1/submissions/${id}/transitions`;
    expect((await s.as('jinjiangReporter', 'POST', url, { to: 'approved' })).statusCode).toBe(403);
    expect((await s.as('jinjiangReviewer', 'POST', url, { to: 'published' })).statusCode).toBe(403);
    expect((await s.as('analyst', 'POST', url, { to: 'returned' })).statusCode).toBe(400);
    expect((await s.as('analyst', 'POST', url, { to: 'returned', reason: '请核实' })).json().status).toBe(
      'returned',
    );
    await s.as('jinjiangReporter', 'POST', `${ENTRY}/510104/2026-10/submit`, { values: good });
    expect((await s.as('analyst', 'POST', url, { to: 'approved' })).json().status).toBe('approved');
    expect((await s.as('analyst', 'POST', url, { to: 'published' })).json().status).toBe('published');
    expect((await s.as('qingyangReporter', 'GET', `/api/v1/submissions`)).json().submissions).toEqual([]);
  });

  it('audit and progress are narrowed to the caller’s areas', async () => {
    const q = 'area=510104&measure=online_retail_sales&period=2026-10';
    const mine = (await s.as('jinjiangReporter', 'GET', `/api/v1/audit?${q}`)).json().rows;
    expect(mine.map((r: { what: string; new_value: string | null }) => `${r.what}:${r.new_value}`)).toEqual([
      'state:draft',
      'value:60000 万元',
      'state:submitted',
      'state:returned',
      'state:submitted',
      'state:approved',
      'state:published',
      'value:60000 万元',
    ]);
    expect((await s.as('qingyangReporter', 'GET', `/api/v1/audit?${q}`)).statusCode).toBe(404);
    expect((await s.as('qingyangReporter', 'GET', '/api/v1/audit')).json().rows).toEqual([]);
    const progress = (await s.as('qingyangReporter', 'GET', '/api/v1/progress')).json();
    expect(
      progress.rows.map((r: { area: string; state: string; days_overdue: number }) => [
        r.area,
        r.state,
        r.days_overdue,
      ]),
    ).toEqual([['510105', 'not_started', 2]]);
    // The 20 districts' monthly forms and the one registered key enterprise's quarterly form.
    const all = (await s.as('analyst', 'GET', '/api/v1/progress')).json().rows;
    expect(
      all.map((r: { form: string }) => r.form).filter((f: string) => f === 'district_monthly_ec'),
    ).toHaveLength(20);
    expect(all.filter((r: { form: string }) => r.form === 'key_enterprise_quarterly_ec')).toHaveLength(1);
    expect((await s.as('anonymous', 'DELETE', '/api/v1/audit')).statusCode).toBe(404);
  });

  it('the template downloads and an upload with a bad cell is refused at upload.xlsx:填报:row:column', async () => {
    const t = await s.as(
      'jinjiangReporter',
      'GET',
      '/api/v1/forms/district_monthly_ec/template?area=510104&period=2026-09',
    );
    expect(t.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(t.rawPayload as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('填报') as ExcelJS.Worksheet;
    ws.getCell(8, 4).value = 100000;
    ws.getCell(9, 4).value = 'abc';
    const body = Buffer.from(await wb.xlsx.writeBuffer());
    const up = await s.as('jinjiangReporter', 'POST', '/api/v1/forms/upload?name=upload.xlsx', body, {
      'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    });
    expect(up.statusCode).toBe(400);
    expect(up.json().detail).toBe(
      'upload.xlsx:填报:9:数值: abc — 应为数字（万元），最多两位小数（只填数字，不带单位和千位分隔符）',
    );
    const other = await s.as('qingyangReporter', 'POST', '/api/v1/forms/upload?name=upload.xlsx', body, {
      'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    });
    expect(other.statusCode).toBe(400);
  });
});
