/**
 * A district's monthly form through its whole life on every engine: a blocked submission naming the cell, a
 * return with a reason, a corrected resubmission, approval that locks the values, publication that makes them
 * public, a reopening; every step in the audit log, and nothing outside the statistician's district.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FormActor } from '../src/forms/form-actor.js';
import { OutOfScope } from '../src/forms/form-actor.js';
import { FormService, FormViolations } from '../src/forms/submissions.js';
import { loadPlan } from '../src/plan/load-plan.js';
import { queryObservations } from '../src/store/observation-repository.js';
import type { Store } from '../src/store/open-store.js';
import { savePlan } from '../src/store/plan-repository.js';
import type { Visibility } from '../src/store/visibility.js';
import { queryAudit } from '../src/store/write/audit-log.js';
import { engines, freshStore } from './support/engines.js';

const PLAN_FILE = 'plans/chengdu-ec-2021-2025.yaml';
const plan = loadPlan(PLAN_FILE);
const FORM = 'district_monthly_ec';
const JINJIANG = '510104';
const statistician: FormActor = { name: 'jinjiang.stat', via: 'account', areas: [JINJIANG], reviewer: false };
const analyst: FormActor = { name: 'city.analyst', via: 'account', areas: 'all', reviewer: true };
const key = { form: FORM, area: JINJIANG, period: '2026-10' };

describe.each(engines())('report form workflow on $engine', (target) => {
  let store: Store;
  let forms: FormService;

  beforeAll(async () => {
    store = (await freshStore(target)).store;
    await savePlan(store.driver, store.dialect, plan, PLAN_FILE);
    forms = new FormService(store, plan);
  });
  afterAll(async () => {
    await store.close();
    await target.cleanup();
  });

  const retail = async (visibility: Visibility): Promise<string | undefined> =>
    (
      await queryObservations(store.driver, {
        measure: 'online_retail_sales',
        area: JINJIANG,
        period: '2026-10',
        visibility,
      })
    )[0]?.value;

  it('a submission with retail above the volume is refused, naming the cell; nothing reaches anyone', async () => {
    const draft = await forms.saveDraft(statistician, {
      ...key,
      values: {
        ec_transaction_volume: '100000',
        online_retail_sales: '120000',
        physical_goods_online_retail: '50000',
      },
    });
    expect(draft.submission?.status).toBe('draft');
    expect(draft.violations.map((v) => v.label.zh)).toEqual([
      '区（市）县电子商务月报 · 锦江区 · 2026年10月 · 网上零售额',
    ]);
    const refused = await forms.submit(statistician, key).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(FormViolations);
    expect((refused as FormViolations).problems[0]).toEqual({
      place: '区（市）县电子商务月报 · 锦江区 · 2026年10月 · 网上零售额',
      value: '120000 / 100000',
      message:
        '网上零售额 120000 万元 应 ≤ 电子商务交易额 100000 万元，不符合规则「网上零售额不超过电子商务交易额」',
      hint: '网上零售额是电子商务交易额的一部分，请核对两项数值及单位（万元）；改正后才能提交',
    });
    expect((await forms.entry(statistician, FORM, JINJIANG, '2026-10')).submission?.status).toBe('draft');
    expect(await retail('working')).toBeUndefined();
  });

  it('fixed and submitted, the figure is pending for analysts (working) and not public', async () => {
    const e = await forms.submit(statistician, { ...key, values: { online_retail_sales: '60000' } });
    expect(e.submission?.status).toBe('submitted');
    expect(e.editable).toBe(false);
    expect(await retail('working')).toBe('6');
    expect(await retail('published')).toBeUndefined();
  });

  it('an analyst returns it with a reason; the statistician corrects and resubmits', async () => {
    const id = (await forms.entry(analyst, FORM, JINJIANG, '2026-10')).submission?.batch_id as string;
    await expect(forms.returnSubmission(statistician, id, '自己退回')).rejects.toThrow(/只有市局分析员/);
    await expect(forms.returnSubmission(analyst, id, '')).rejects.toThrow(/须说明原因/);
    expect((await forms.returnSubmission(analyst, id, '实物商品网上零售额与平台数据不符')).status).toBe(
      'returned',
    );
    expect(await retail('working')).toBeUndefined();
    const e = await forms.submit(statistician, { ...key, values: { physical_goods_online_retail: '45000' } });
    expect(e.submission?.status).toBe('submitted');
    expect(await retail('working')).toBe('6');
  });

  it('approval locks the values; publication makes them public', async () => {
    const id = (await forms.entry(analyst, FORM, JINJIANG, '2026-10')).submission?.batch_id as string;
    await forms.approve(analyst, id);
    await expect(
      forms.saveDraft(statistician, { ...key, values: { online_retail_sales: '1' } }),
    ).rejects.toThrow(/本期报表已审核锁定，不能修改/);
    expect(await retail('published')).toBeUndefined();
    await forms.publish(analyst, id);
    expect(await retail('published')).toBe('6');
  });

  it('an edit after publication needs an analyst to reopen it, which is recorded', async () => {
    const first = (await forms.entry(analyst, FORM, JINJIANG, '2026-10')).submission?.batch_id as string;
    const next = await forms.reopen(analyst, first, '更正口径');
    expect([next.revision, next.status]).toEqual([2, 'draft']);
    const e = await forms.entry(statistician, FORM, JINJIANG, '2026-10');
    expect(e.values.online_retail_sales).toBe('60000');
    expect(e.published.online_retail_sales).toBe('60000');
    await forms.submit(statistician, { ...key, values: { online_retail_sales: '61000' } });
    await forms.approve(analyst, next.batch_id);
    await forms.publish(analyst, next.batch_id);
    expect(await retail('published')).toBe('6.1');
    expect((await forms.submission(analyst, first)).status).toBe('superseded');
  });

  it('the audit log answers who changed this figure: every value and every step, with where from', async () => {
    const rows = await queryAudit(store.driver, store.dialect, {
      area: JINJIANG,
      measure: 'online_retail_sales',
      period: '2026-10',
    });
    expect(rows.map((r) => [r.actor, r.via, r.what, r.old_value, r.new_value, r.reason])).toEqual([
      ['jinjiang.stat', 'account', 'state', null, 'draft', null],
      ['jinjiang.stat', 'account', 'value', null, '120000 万元', '保存草稿'],
      ['jinjiang.stat', 'account', 'value', '120000 万元', '60000 万元', '提交'],
      ['jinjiang.stat', 'account', 'state', 'draft', 'submitted', null],
      ['city.analyst', 'account', 'state', 'submitted', 'returned', '实物商品网上零售额与平台数据不符'],
      ['jinjiang.stat', 'account', 'state', 'returned', 'submitted', null],
      ['city.analyst', 'account', 'state', 'submitted', 'approved', null],
      ['city.analyst', 'account', 'state', 'approved', 'published', null],
      ['city.analyst', 'account', 'value', null, '60000 万元', '发布'],
      [
        'city.analyst',
        'account',
        'state',
        null,
        'draft',
        `重新打开 form-${FORM}-${JINJIANG}-2026-10-r1：更正口径`,
      ],
      ['jinjiang.stat', 'account', 'value', '60000 万元', '61000 万元', '提交'],
      ['jinjiang.stat', 'account', 'state', 'draft', 'submitted', null],
      ['city.analyst', 'account', 'state', 'submitted', 'approved', null],
      ['city.analyst', 'account', 'state', 'approved', 'published', null],
      [
        'city.analyst',
        'account',
        'state',
        'published',
        'superseded',
        `被 form-${FORM}-${JINJIANG}-2026-10-r2 取代`,
      ],
      ['city.analyst', 'account', 'value', '60000 万元', '61000 万元', '发布'],
    ]);
  });

  it('a district statistician cannot see or fill another district’s form (not found, not forbidden)', async () => {
    await expect(forms.entry(statistician, FORM, '510105', '2026-10')).rejects.toBeInstanceOf(OutOfScope);
    await expect(
      forms.saveDraft(statistician, { form: FORM, area: '510105', period: '2026-10', values: {} }),
    ).rejects.toBeInstanceOf(OutOfScope);
    const mine = await forms.submissions(statistician);
    expect(mine.every((s) => s.area === JINJIANG)).toBe(true);
  });

  it('a value that is not an amount is refused at its cell', async () => {
    await expect(
      forms.saveDraft(statistician, {
        form: FORM,
        area: JINJIANG,
        period: '2026-09',
        values: { online_retail_sales: '12,000' },
      }),
    ).rejects.toThrow(
      '区（市）县电子商务月报 · 锦江区 · 2026年9月 · 网上零售额: 12,000 — 应为数字（万元），最多两位小数',
    );
  });
});
