/**
 * Two approval levels (DHIS2 approval levels) over HTTP on every engine: Chengdu's monthly district form is
 * approved first by the district's reviewer (区县审核), in their own district only, then by the city's
 * analyst (市局审批). A district approval locks the values for the reporter; a return or reopen clears it,
 * recorded with the reason; the progress view and the form page show the level.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NotReviewer } from '../src/forms/form-actor.js';
import { FormService } from '../src/forms/submissions.js';
import {
  type AuthServer,
  type Credentials,
  headersFor,
  openAuthServer,
  PASSWORD,
} from './support/auth-server.js';
import { engines } from './support/engines.js';

const ENTRY = '/api/v1/forms/district_monthly_ec/entries/510104';
const OCT = 'form-district_monthly_ec-510104-2026-10-r1';
const SEP = 'form-district_monthly_ec-510104-2026-09-r1';
const moveUrl = (id: string): string => `/api/v1/submissions/${id}/transitions`;
const good = {
  ec_transaction_volume: '100000',
  online_retail_sales: '60000',
  physical_goods_online_retail: '50000',
};

describe.each(engines())('two approval levels on $engine', (target) => {
  let s: AuthServer;
  let qingyangReviewer: Credentials;
  const asQingyangReviewer = (method: string, url: string, payload?: unknown) =>
    s.app.inject({
      method: method as 'POST',
      url,
      headers: headersFor(qingyangReviewer, method),
      ...(payload === undefined ? {} : { payload: payload as string }),
    });

  beforeAll(async () => {
    s = await openAuthServer(target, () => new Date('2026-11-12T02:00:00Z'));
    await s.accounts.add(
      { name: 'm-qingyang-sh', role: 'district_reviewer', areas: ['510105'], password: PASSWORD },
      'test',
    );
    qingyangReviewer = await s.signIn('m-qingyang-sh');
    for (const period of ['2026-10', '2026-09']) {
      const res = await s.as('jinjiangReporter', 'POST', `${ENTRY}/${period}/submit`, { values: good });
      expect(res.json().submitted, res.body).toBe(true);
    }
  });
  afterAll(async () => {
    await s.close();
    await target.cleanup();
  });

  it('a submitted form awaits the district: progress says so, and only the district’s reviewer may approve it there', async () => {
    const rows = (await s.as('analyst', 'GET', '/api/v1/progress?period=2026-10')).json().rows;
    expect(rows.find((r: { area: string }) => r.area === '510104')).toMatchObject({
      state: 'submitted',
      awaiting: 'district',
    });
    const entry = (await s.as('jinjiangReviewer', 'GET', `${ENTRY}/2026-10`)).json();
    expect([entry.can_review, entry.review_level, entry.form.approval_levels]).toEqual([
      true,
      'district',
      ['district', 'city'],
    ]);
    const mine = (await s.as('jinjiangReporter', 'GET', `${ENTRY}/2026-10`)).json();
    expect([mine.can_review, mine.review_level]).toEqual([false, null]);
    // 青羊区's reviewer: 锦江区's submission answers exactly like one that does not exist.
    const theirs = await asQingyangReviewer('POST', moveUrl(OCT), { to: 'approved' });
    const none = await asQingyangReviewer('POST', moveUrl('form-none'), { to: 'approved' });
    expect([theirs.statusCode, none.statusCode]).toEqual([404, 404]);
    expect(theirs.json().detail.replace(OCT, 'X')).toBe(none.json().detail.replace('form-none', 'X'));
    expect((await asQingyangReviewer('GET', `${ENTRY}/2026-10`)).statusCode).toBe(404);
    // A reporter reviews nothing.
    expect((await s.as('jinjiangReporter', 'POST', moveUrl(OCT), { to: 'approved' })).statusCode).toBe(403);
  });

  it('the district approval locks the values for the reporter; the city then approves', async () => {
    const approved = await s.as('jinjiangReviewer', 'POST', moveUrl(OCT), {
      to: 'approved',
      reason: '已核对',
    });
    expect(approved.statusCode, approved.body).toBe(200);
    expect(approved.json()).toMatchObject({
      status: 'submitted',
      approval_level: 'district',
      district_approved_by: 'm-jinjiang-sh',
    });
    const again = await s.as('jinjiangReviewer', 'POST', moveUrl(OCT), { to: 'approved' });
    expect([again.statusCode, again.json().detail]).toEqual([
      400,
      `ID: ${OCT} — 已由 m-jinjiang-sh 通过区县审核，等待市局审批（区县审核员只审核已提交、尚未通过区县审核的报表）`,
    ]);
    const edit = await s.as('jinjiangReporter', 'PUT', `${ENTRY}/2026-10/draft`, {
      values: { ...good, online_retail_sales: '61000' },
    });
    expect(edit.statusCode).toBe(400);
    expect(edit.json().detail).toBe(
      '区（市）县电子商务月报 · 锦江区 · 2026年10月: 已提交 — 本期报表已通过区县审核，等待市局审批，不能修改（如需更正，请区县审核员或市局分析员退回（会记录原因））',
    );
    const entry = (await s.as('jinjiangReporter', 'GET', `${ENTRY}/2026-10`)).json();
    expect([entry.editable, entry.values.online_retail_sales]).toEqual([false, '60000']);
    expect(entry.history.at(-1)).toMatchObject({
      from: 'submitted',
      to: 'district_approved',
      actor: 'm-jinjiang-sh',
      reason: '已核对',
    });
    const progress = (await s.as('jinjiangReviewer', 'GET', '/api/v1/progress?period=2026-10')).json().rows;
    expect(
      progress.map((r: { area: string; state: string; awaiting: string }) => [r.area, r.state, r.awaiting]),
    ).toEqual([['510104', 'district_approved', 'city']]);
    // Publishing and reopening are the city's.
    expect((await s.as('jinjiangReviewer', 'POST', moveUrl(OCT), { to: 'published' })).statusCode).toBe(403);
    const city = await s.as('analyst', 'POST', moveUrl(OCT), { to: 'approved' });
    expect(city.json()).toMatchObject({
      status: 'approved',
      approval_level: 'city',
      district_approved_by: 'm-jinjiang-sh',
    });
    // The log says what the city approved: a form the district had approved.
    const audit = (await s.as('analyst', 'GET', `/api/v1/audit?batch=${OCT}`)).json().rows;
    expect(
      audit
        .filter((r: { what: string }) => r.what === 'state')
        .map((r: { actor: string; old_value: string; new_value: string }) =>
          [r.actor, r.old_value, r.new_value].join(' '),
        )
        .slice(-2),
    ).toEqual(['m-jinjiang-sh submitted district_approved', 'm-analyst district_approved approved']);
    // Once the city approved, the district no longer returns it.
    const late = await s.as('jinjiangReviewer', 'POST', moveUrl(OCT), { to: 'returned', reason: '补充说明' });
    expect([late.statusCode, late.json().detail]).toEqual([403, '报表状态为已审核，已不在区县审核环节']);
  });

  it('a district return or reopen needs a reason, clears the district approval and hands the form back', async () => {
    expect((await s.as('jinjiangReviewer', 'POST', moveUrl(SEP), { to: 'returned' })).statusCode).toBe(400);
    const back = await s.as('jinjiangReviewer', 'POST', moveUrl(SEP), {
      to: 'returned',
      reason: '网零偏低，请核实',
    });
    expect(back.json()).toMatchObject({ status: 'returned', approval_level: null });
    const resubmit = await s.as('jinjiangReporter', 'POST', `${ENTRY}/2026-09/submit`, {
      values: { ...good, online_retail_sales: '62000' },
    });
    expect(resubmit.json().entry.submission).toMatchObject({ status: 'submitted', approval_level: null });
    await s.as('jinjiangReviewer', 'POST', moveUrl(SEP), { to: 'approved' });
    const reopened = await s.as('jinjiangReviewer', 'POST', moveUrl(SEP), {
      to: 'reopened',
      reason: '口径有误',
    });
    expect(reopened.json()).toMatchObject({
      status: 'returned',
      approval_level: null,
      district_approved_by: null,
    });
    const audit = (await s.as('jinjiangReviewer', 'GET', `/api/v1/audit?batch=${SEP}`)).json().rows;
    expect(
      audit
        .filter((r: { what: string }) => r.what === 'state')
        .map((r: { actor: string; old_value: string; new_value: string; reason: string | null }) =>
          [r.actor, r.old_value, r.new_value, r.reason].join(' '),
        ),
    ).toEqual([
      'm-jinjiang-tb  draft ',
      'm-jinjiang-tb draft submitted ',
      'm-jinjiang-sh submitted returned 网零偏低，请核实',
      'm-jinjiang-tb returned submitted ',
      'm-jinjiang-sh submitted district_approved ',
      'm-jinjiang-sh district_approved returned 重新打开：口径有误',
    ]);
  });

  it('a form without a district level is the city’s alone: a district reviewer may not approve it', async () => {
    const cityOnly = {
      ...s.plan,
      forms: (s.plan.forms ?? []).map((f) => ({ ...f, approval_levels: ['city' as const] })),
    };
    const forms = new FormService(s.store, cityOnly);
    const reviewer = {
      name: 'm-jinjiang-sh',
      via: 'account' as const,
      areas: ['510104'],
      reviewer: false,
      districtReviewer: true,
    };
    await expect(forms.approve(reviewer, SEP)).rejects.toThrow(NotReviewer);
    expect((await forms.entry(reviewer, 'district_monthly_ec', '510104', '2026-09')).review_level).toBeNull();
  });
});
