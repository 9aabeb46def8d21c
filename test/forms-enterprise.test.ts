/**
 * An enterprise form (企业报表) on every engine: Chengdu's 重点电子商务企业季报 is reported by the registry's
 * enterprises holding 独角兽, 瞪羚, 新业务全国总部 or 垂直领域龙头 at the quarter's end. The firm's reporter fills
 * its own (rules, outliers against its own history), the city reviews it; nothing becomes an observation or
 * public, and the bureau sees the approved figures added up by district and for the city.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { usccCheckChar } from '../src/domain/uscc.js';
import type { FormActor } from '../src/forms/form-actor.js';
import { OutOfScope } from '../src/forms/form-actor.js';
import { FormService, FormViolations } from '../src/forms/submissions.js';
import { loadPlan } from '../src/plan/load-plan.js';
import { applyRegistry } from '../src/registry/import-registry.js';
import type { RegistryContent } from '../src/registry/registry-records.js';
import { queryObservations } from '../src/store/observation-repository.js';
import type { Store } from '../src/store/open-store.js';
import { savePlan } from '../src/store/plan-repository.js';
import { queryAudit } from '../src/store/write/audit-log.js';
import { ecmonIn } from './support/ecmon-cli.js';
import { engines, freshStore } from './support/engines.js';

const PLAN_FILE = 'plans/chengdu-ec-2021-2025.yaml';
const plan = loadPlan(PLAN_FILE);
const FORM = 'key_enterprise_quarterly_ec';
const uscc = (n: number): string => {
  const stem = `91510100MA${String(n).padStart(7, '0')}`;
  return stem + usccCheckChar(stem);
};
/** 独角兽 since March 2021, in 锦江区. */
const JIA = uscc(701);
/** 瞪羚 from May 2020 until 1 July 2025 (so it reports 2025 Q2 but not Q3), in 武侯区. */
const YI = uscc(702);
/** 国家级电子商务示范企业 only: not a key enterprise, never a reporter. */
const BING = uscc(703);

const entity = (id: string, name: string, area: string) => ({
  id,
  kind: 'enterprise',
  name,
  area,
  domain: null,
  founded: null,
  operator: null,
  fields: {},
});
const designation = (entity_id: string, d: string, valid_from: string, valid_to: string | null = null) => ({
  id: `${entity_id}|${d}|${valid_from}`,
  entity_id,
  designation: d,
  valid_from,
  valid_to,
  body: '成都市新经济发展委员会',
  document: null,
  source: '测试名录',
});
const REGISTRY: RegistryContent = {
  entities: [
    entity(JIA, '成都甲电商有限公司', '510104'),
    entity(YI, '成都乙电商有限公司', '510107'),
    entity(BING, '成都丙电商有限公司', '510105'),
  ],
  designations: [
    designation(JIA, 'unicorn', '2021-03-01'),
    designation(YI, 'gazelle', '2020-05-01', '2025-07-01'),
    designation(BING, 'national_ec_demo_firm', '2020-01-01'),
  ],
  credit: [],
};

const jia: FormActor = { name: 'jia.tb', via: 'account', areas: [], enterprises: [JIA], reviewer: false };
const yi: FormActor = { name: 'yi.tb', via: 'account', areas: [], enterprises: [YI], reviewer: false };
const jinjiang: FormActor = { name: 'jinjiang.tb', via: 'account', areas: ['510104'], reviewer: false };
const analyst: FormActor = { name: 'city.analyst', via: 'account', areas: 'all', reviewer: true };
/** 2025-10-20: five days after the third quarter's deadline (15 October). */
const clock = () => new Date('2025-10-20T04:00:00Z');

describe.each(engines())('an enterprise form on $engine', (target) => {
  let store: Store;
  let forms: FormService;

  beforeAll(async () => {
    store = (await freshStore(target)).store;
    await savePlan(store.driver, store.dialect, plan, PLAN_FILE);
    await applyRegistry(store, plan, REGISTRY, { by: 'test', file: null });
    forms = new FormService(store, plan, { clock });
  });
  afterAll(async () => {
    await store.close();
    await target.cleanup();
  });

  it('is reported by the key enterprises holding a designation at the quarter’s end', async () => {
    const rows = async (actor: FormActor, period: string) =>
      (await forms.progress(actor, { form: FORM, period })).map((r) => [r.area, r.state, r.deadline]);
    expect(await rows(analyst, '2025-Q2')).toEqual([
      [JIA, 'not_started', '2025-07-15'],
      [YI, 'not_started', '2025-07-15'],
    ]);
    expect(await rows(analyst, '2025-Q3')).toEqual([[JIA, 'not_started', '2025-10-15']]);
    expect(await rows(jia, '2025-Q3')).toEqual([[JIA, 'not_started', '2025-10-15']]);
    // A firm sees no other firm's row, a district no enterprise's.
    expect(await rows(yi, '2025-Q3')).toEqual([]);
    expect(await rows(jinjiang, '2025-Q3')).toEqual([]);
    const [late] = await forms.progress(jia, { form: FORM, period: '2025-Q3' });
    expect(late?.days_overdue).toBe(5);
  });

  it('a firm’s form is its own: another firm’s, or a firm that does not report it, is not found', async () => {
    const refused = async (actor: FormActor, unit: string, period: string) => {
      const e = await forms.entry(actor, FORM, unit, period).catch((x: unknown) => x);
      expect(e).toBeInstanceOf(OutOfScope);
      return (e as OutOfScope).problems[0];
    };
    expect((await refused(yi, JIA, '2025-Q3'))?.message).toBe('没有找到这份报表');
    expect((await refused(jinjiang, JIA, '2025-Q3'))?.message).toBe('没有找到这份报表');
    expect(await refused(analyst, BING, '2025-Q3')).toEqual({
      place: '--area',
      value: BING,
      message: `${BING} 不是「重点电子商务企业季报」2025-Q3 的填报企业`,
      hint: '企业报表由期末在名录中持有相应认定的企业填报；请核对统一社会信用代码与名录',
    });
    // 乙's 瞪羚 designation ended on 1 July: it reports the second quarter, not the third.
    expect((await refused(yi, YI, '2025-Q3'))?.value).toBe(YI);
    expect((await forms.entry(yi, FORM, YI, '2025-Q2')).submission).toBeNull();
  });

  it('the rules name the firm’s cell; a corrected form is submitted without any observation', async () => {
    const key = { form: FORM, area: JIA, period: '2025-Q3' };
    const draft = await forms.saveDraft(jia, {
      ...key,
      values: { ec_transaction_volume: '50000', online_retail_sales: '60000' },
    });
    expect(draft.violations.map((v) => v.label.zh)).toEqual([
      '重点电子商务企业季报 · 成都甲电商有限公司 · 2025年第三季度 · 网上零售额',
    ]);
    expect(draft.published).toEqual({
      ec_transaction_volume: null,
      online_retail_sales: null,
      cross_border_ec_volume: null,
    });
    const refused = await forms.submit(jia, key).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(FormViolations);
    expect((refused as FormViolations).problems[0]?.message).toBe(
      '网上零售额 60000 万元 应 ≤ 电子商务交易额 50000 万元，不符合规则「网上零售额不超过电子商务交易额」',
    );
    const sent = await forms.submit(jia, { ...key, values: { online_retail_sales: '30000.5' } });
    expect(sent.submission).toMatchObject({
      batch_id: `form-${FORM}-${JIA}-2025-Q3-r1`,
      status: 'submitted',
      approval_level: null,
    });
    for (const measure of ['ec_transaction_volume', 'online_retail_sales'])
      for (const area of [JIA, '510104', '510100'])
        expect(
          await queryObservations(store.driver, { measure, area, period: '2025-Q3', visibility: 'working' }),
        ).toEqual([]);
  });

  it('the city returns it with a reason, the firm corrects it, the city approves it; it is never published', async () => {
    const id = `form-${FORM}-${JIA}-2025-Q3-r1`;
    // A firm does not review, not even its own.
    await expect(forms.approve(jia, id)).rejects.toThrow('只有市局分析员可以审核');
    expect((await forms.returnSubmission(analyst, id, '交易额口径应含跨境')).status).toBe('returned');
    await forms.submit(jia, {
      form: FORM,
      area: JIA,
      period: '2025-Q3',
      values: { ec_transaction_volume: '52000', cross_border_ec_volume: '2000' },
    });
    expect((await forms.approve(analyst, id)).status).toBe('approved');
    await expect(
      forms.saveDraft(jia, {
        form: FORM,
        area: JIA,
        period: '2025-Q3',
        values: { online_retail_sales: '1' },
      }),
    ).rejects.toThrow('本期报表已审核锁定，不能修改');
    const publish = await forms.publish(analyst, id).catch((e: unknown) => e);
    expect((publish as FormViolations).problems[0]?.message).toBe(
      '「重点电子商务企业季报」是企业报表：单个企业的数据依法保密，不单独发布，审核通过即为终态',
    );
    expect((await forms.submission(analyst, id)).status).toBe('approved');
    expect(
      (await queryAudit(store.driver, store.dialect, { subject: id, what: 'state' })).map((r) => [
        r.actor,
        r.new_value,
        r.reason,
      ]),
    ).toEqual([
      ['jia.tb', 'draft', null],
      ['jia.tb', 'submitted', null],
      ['city.analyst', 'returned', '交易额口径应含跨境'],
      ['jia.tb', 'submitted', null],
      ['city.analyst', 'approved', null],
    ]);
    expect(
      (
        await queryAudit(store.driver, store.dialect, {
          area: JIA,
          measure: 'ec_transaction_volume',
          what: 'value',
        })
      ).map((r) => [r.actor, r.old_value, r.new_value]),
    ).toEqual([
      ['jia.tb', null, '50000 万元'],
      ['jia.tb', '50000 万元', '52000 万元'],
    ]);
  });

  it('an outlier is judged against the firm’s own earlier reports', async () => {
    // 2024 Q3 (approved): 20000 online retail; 2025 Q3 reported above at 30000.5 → +50.0025%, over ±50%.
    const q = { form: FORM, area: JIA, period: '2024-Q3' };
    await forms.submit(jia, {
      ...q,
      values: { ec_transaction_volume: '40000', online_retail_sales: '20000' },
    });
    await forms.approve(analyst, `form-${FORM}-${JIA}-2024-Q3-r1`);
    const e = await forms.entry(analyst, FORM, JIA, '2025-Q3');
    expect(e.violations.map((v) => [v.rule, v.cell.measure, v.needs])).toEqual([
      ['retail_yoy_outlier', 'online_retail_sales', 'explanation'],
    ]);
  });

  it('the bureau sees the approved figures added up by district and for the city', async () => {
    await forms.submit(yi, {
      form: FORM,
      area: YI,
      period: '2025-Q2',
      values: { ec_transaction_volume: '1000', online_retail_sales: '800' },
    });
    await forms.submit(jia, {
      form: FORM,
      area: JIA,
      period: '2025-Q2',
      values: {
        ec_transaction_volume: '45000.25',
        online_retail_sales: '22000',
        cross_border_ec_volume: '10.1',
      },
    });
    await forms.approve(analyst, `form-${FORM}-${JIA}-2025-Q2-r1`);
    const s = await forms.summary(analyst, FORM, '2025-Q2');
    // 乙 has submitted but is not approved: counted as reporting, not summed.
    expect([...s.rows, s.total]).toEqual([
      {
        area: '510104',
        reporters: 1,
        submitted: 1,
        approved: 1,
        values: {
          ec_transaction_volume: '45000.25',
          online_retail_sales: '22000',
          cross_border_ec_volume: '10.1',
        },
      },
      {
        area: '510107',
        reporters: 1,
        submitted: 1,
        approved: 0,
        values: { ec_transaction_volume: null, online_retail_sales: null, cross_border_ec_volume: null },
      },
      {
        area: '510100',
        reporters: 2,
        submitted: 2,
        approved: 1,
        values: {
          ec_transaction_volume: '45000.25',
          online_retail_sales: '22000',
          cross_border_ec_volume: '10.1',
        },
      },
    ]);
    await forms.approve(analyst, `form-${FORM}-${YI}-2025-Q2-r1`);
    const city = (await forms.summary(analyst, FORM, '2025-Q2')).total;
    expect(city?.values).toEqual({
      ec_transaction_volume: '46000.25',
      online_retail_sales: '22800',
      cross_border_ec_volume: '10.1',
    });
    await expect(forms.summary(jia, FORM, '2025-Q2')).rejects.toThrow('只有市局分析员');
    await expect(forms.summary(analyst, 'district_monthly_ec', '2025-10')).rejects.toThrow(
      '「区（市）县电子商务月报」按区划填报，不是企业报表',
    );
  });

  it('the firm’s submissions list holds its own only', async () => {
    expect((await forms.submissions(jia)).map((s) => s.batch_id)).toEqual([
      `form-${FORM}-${JIA}-2025-Q3-r1`,
      `form-${FORM}-${JIA}-2025-Q2-r1`,
      `form-${FORM}-${JIA}-2024-Q3-r1`,
    ]);
    expect((await forms.submissions(jinjiang)).filter((s) => s.form_id === FORM)).toEqual([]);
  });

  it('from the command line: a firm’s Excel template round-trips; the summary prints by area and city', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ecmon-enterprise-form-'));
    const ecmon = ecmonIn(store, dir);
    const t = await ecmon(
      'forms',
      'template',
      FORM,
      '--area',
      JIA,
      '--period',
      '2025-Q4',
      '--out',
      'jia.xlsx',
    );
    expect([t.code, t.err]).toEqual([0, '']);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(join(dir, 'jia.xlsx'));
    const ws = wb.getWorksheet('填报') as ExcelJS.Worksheet;
    expect([2, 3, 4].map((r) => [1, 2, 3].map((c) => ws.getRow(r).getCell(c).text))).toEqual([
      ['报表代码', FORM, "Key e-commerce enterprises' quarterly report"],
      ['统一社会信用代码', JIA, '成都甲电商有限公司'],
      ['期间', '2025-Q4', ''],
    ]);
    ws.getRow(8).getCell(4).value = 61000;
    ws.getRow(9).getCell(4).value = 31000;
    await wb.xlsx.writeFile(join(dir, 'jia.xlsx'));
    const up = await ecmon('forms', 'upload', 'jia.xlsx', '--submit', '--actor', 'jia.tb');
    expect([up.code, up.err]).toEqual([0, '']);
    expect(up.out.split('\n')[0]).toBe(
      `重点电子商务企业季报 · 成都甲电商有限公司 · 2025-Q4：已提交（form-${FORM}-${JIA}-2025-Q4-r1）`,
    );
    const sum = await ecmon('forms', 'summary', FORM, '--period', '2025-Q2', '--format', 'csv');
    expect([sum.code, sum.err]).toEqual([0, '']);
    expect(sum.out).toBe(
      [
        'area,reporters,submitted,approved,ec_transaction_volume,online_retail_sales,cross_border_ec_volume',
        '510104,1,1,1,45000.25,22000,10.1',
        '510107,1,1,1,1000,800,',
        'total,2,2,2,46000.25,22800,10.1',
        '',
      ].join('\n'),
    );
    const wrong = await ecmon('forms', 'summary', 'district_monthly_ec', '--period', '2025-10');
    expect(wrong.code).not.toBe(0);
    expect(wrong.err).toContain('「区（市）县电子商务月报」按区划填报，不是企业报表');
    expect(wrong.err).not.toMatch(/\n\s+at /);
  });

  it('a district account scoped to the whole city still never sees a firm’s form', async () => {
    const cityDistrict: FormActor = { name: 'city.tb', via: 'account', areas: 'all', reviewer: false };
    expect(await forms.progress(cityDistrict, { form: FORM, period: '2025-Q3' })).toEqual([]);
    await expect(forms.entry(cityDistrict, FORM, JIA, '2025-Q3')).rejects.toBeInstanceOf(OutOfScope);
    await expect(
      forms.saveDraft(cityDistrict, { form: FORM, area: JIA, period: '2025-Q4', values: {} }),
    ).rejects.toBeInstanceOf(OutOfScope);
    expect((await forms.submissions(cityDistrict)).filter((x) => x.form_id === FORM)).toEqual([]);
    await expect(forms.submission(cityDistrict, `form-${FORM}-${JIA}-2025-Q3-r1`)).rejects.toBeInstanceOf(
      OutOfScope,
    );
  });

  it('a firm’s form batch is not moved by ecmon batches: review and publication follow the form', async () => {
    const id = `form-${FORM}-${JIA}-2025-Q3-r1`;
    const r = await ecmonIn(store)('batches', 'publish', id);
    expect(r.code).not.toBe(0);
    expect(r.err).toContain('这是报表批次，审核、退回、提交与发布须按报表流程办理');
    expect(r.err).toContain(`用 ecmon forms publish ${id}（企业报表不发布）`);
    expect((await forms.submission(analyst, id)).status).toBe('approved');
  });

  it('a registry change after reporting keeps the firm’s past: its forms open and the summary still counts it', async () => {
    // 乙's 瞪羚 designation is corrected to have ended on 1 June, before the second quarter's end …
    await applyRegistry(
      store,
      plan,
      {
        entities: [],
        designations: [designation(YI, 'gazelle', '2020-05-01', '2025-06-01')],
        credit: [],
      },
      { by: 'test', file: null },
    );
    // … and 甲 leaves the registry on 1 December.
    await applyRegistry(
      store,
      plan,
      { entities: [], designations: [], credit: [] },
      { by: 'test', file: null, removals: [{ id: JIA, on: '2025-12-01' }] },
    );
    // Neither is due any more: 乙 from the second quarter, 甲 from the fourth.
    expect(await forms.progress(analyst, { form: FORM, period: '2025-Q2' })).toMatchObject([{ area: JIA }]);
    expect(await forms.progress(analyst, { form: FORM, period: '2025-Q4' })).toEqual([]);
    // What they reported stays reachable and counted.
    expect((await forms.entry(analyst, FORM, YI, '2025-Q2')).submission?.status).toBe('approved');
    expect((await forms.entry(jia, FORM, JIA, '2025-Q4')).submission?.status).toBe('submitted');
    const q2 = await forms.summary(analyst, FORM, '2025-Q2');
    expect([q2.rows.map((r) => [r.area, r.reporters, r.approved]), q2.total.values]).toEqual([
      [
        ['510104', 1, 1],
        ['510107', 1, 1],
      ],
      { ec_transaction_volume: '46000.25', online_retail_sales: '22800', cross_border_ec_volume: '10.1' },
    ]);
    expect((await forms.summary(analyst, FORM, '2025-Q4')).total).toMatchObject({
      reporters: 1,
      submitted: 1,
      approved: 0,
    });
  });
});
