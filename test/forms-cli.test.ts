/**
 * The forms from the command line on every engine: the Excel template (Chinese headings, codes kept, only
 * the input cells unlocked), an upload refused at F.xlsx:填报:row:column with nothing written, the corrected
 * upload submitted, returned, resubmitted, approved and published, and `ecmon audit` answering who changed
 * the figure. The audit log has no path that edits or deletes a row.
 */
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadPlan } from '../src/plan/load-plan.js';
import type { Store } from '../src/store/open-store.js';
import { savePlan } from '../src/store/plan-repository.js';
import { ecmonIn } from './support/ecmon-cli.js';
import { engines, freshStore } from './support/engines.js';

const PLAN_FILE = 'plans/chengdu-ec-2021-2025.yaml';
const plan = loadPlan(PLAN_FILE);
const dir = mkdtempSync(join(tmpdir(), 'ecmon-forms-cli-'));

describe.each(engines())('ecmon forms and ecmon audit on $engine', (target) => {
  let store: Store;
  beforeAll(async () => {
    store = (await freshStore(target)).store;
    await savePlan(store.driver, store.dialect, plan, PLAN_FILE);
  });
  afterAll(async () => {
    await store.close();
    await target.cleanup();
  });

  const ecmon = (...args: string[]) => ecmonIn(store, dir)(...args);

  const file = `jinjiang-${target.engine}.xlsx`;
  async function fill(values: (number | string | null)[], notes: string[] = []): Promise<void> {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(join(dir, file));
    const ws = wb.getWorksheet('填报') as ExcelJS.Worksheet;
    values.forEach((v, i) => {
      ws.getRow(8 + i).getCell(4).value = v;
      ws.getRow(8 + i).getCell(5).value = notes[i] ?? null;
    });
    await wb.xlsx.writeFile(join(dir, file));
  }

  it('writes a template with Chinese headings, the codes, and only value and note cells unlocked', async () => {
    const r = await ecmon(
      'forms',
      'template',
      'district_monthly_ec',
      '--area',
      '510104',
      '--period',
      '2026-10',
      '--out',
      file,
    );
    expect([r.code, r.err]).toEqual([0, '']);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(join(dir, file));
    const ws = wb.getWorksheet('填报') as ExcelJS.Worksheet;
    expect([2, 3, 4, 5].map((n) => [ws.getCell(n, 1).value, ws.getCell(n, 2).value])).toEqual([
      ['报表代码', 'district_monthly_ec'],
      ['区划代码', '510104'],
      ['期间', '2026-10'],
      ['报送截止', '2026-11-10'],
    ]);
    expect((ws.getRow(7).values as unknown[]).slice(1, 5)).toEqual(['指标代码', '指标名称', '单位', '数值']);
    expect(
      [8, 9, 10].map((n) => [ws.getCell(n, 1).value, ws.getCell(n, 2).value, ws.getCell(n, 3).value]),
    ).toEqual([
      ['ec_transaction_volume', '电子商务交易额*', '万元'],
      ['online_retail_sales', '网上零售额*', '万元'],
      ['physical_goods_online_retail', '实物商品网上零售额*', '万元'],
    ]);
    expect([
      ws.getCell(8, 4).protection?.locked,
      ws.getCell(8, 5).protection?.locked,
      ws.getCell(8, 1).protection?.locked,
    ]).toEqual([false, false, undefined]);
  });

  it('an upload breaking a rule is refused at its sheet:row:column; a bad number too; nothing is written', async () => {
    await fill([100000, 120000, 50000]);
    const r = await ecmon('forms', 'upload', file, '--submit', '--actor', 'jinjiang.stat');
    expect(r.code).toBe(1);
    expect(r.err).toBe(
      `${file}:填报:9:数值: 120000 / 100000 — 网上零售额 120000 万元 应 ≤ 电子商务交易额 100000 万元，不符合规则「网上零售额不超过电子商务交易额」（网上零售额是电子商务交易额的一部分，请核对两项数值及单位（万元）；改正后才能提交）\n`,
    );
    await fill([100000, '6万', 50000]);
    expect((await ecmon('forms', 'upload', file)).err).toBe(
      `${file}:填报:9:数值: 6万 — 应为数字（万元），最多两位小数（只填数字，不带单位和千位分隔符）\n`,
    );
    expect(
      (await ecmon('forms', 'show', 'district_monthly_ec', '--area', '510104', '--period', '2026-10')).out,
    ).toMatch(/：未填报\n/);
  });

  it('the corrected upload is submitted, returned, resubmitted, approved and published; audit tells who', async () => {
    await fill([100000, 60000, 50000]);
    const sent = await ecmon('forms', 'upload', file, '--submit', '--actor', 'jinjiang.stat');
    expect(sent.out.split('\n')[0]).toBe(
      '区（市）县电子商务月报 · 锦江区 · 2026-10：已提交（form-district_monthly_ec-510104-2026-10-r1）',
    );
    const id = 'form-district_monthly_ec-510104-2026-10-r1';
    expect((await ecmon('forms', 'return', id, '--actor', 'analyst')).err).toMatch(
      /--reason: 改为已退回须说明原因/,
    );
    expect(
      (await ecmon('forms', 'return', id, '--reason', '交易额偏低，请核实', '--actor', 'analyst')).out,
    ).toBe(`报表 ${id} 现为已退回\n`);
    await fill([110000, 60000, 50000]);
    expect((await ecmon('forms', 'upload', file, '--submit', '--actor', 'jinjiang.stat')).code).toBe(0);
    expect((await ecmon('forms', 'approve', id, '--actor', 'analyst')).out).toBe(`报表 ${id} 现为已审核\n`);
    expect((await ecmon('forms', 'publish', id, '--actor', 'analyst')).out).toBe(`报表 ${id} 现为已发布\n`);
    const audit = await ecmon(
      'audit',
      '--area',
      '510104',
      '--measure',
      'ec_transaction_volume',
      '--period',
      '2026-10',
      '--format',
      'csv',
    );
    const lines = audit.out
      .trim()
      .split('\n')
      .map((l) => l.split(',').slice(2).join(','));
    expect(lines).toEqual([
      'actor,via,what,subject,area,period,measure,old_value,new_value,reason',
      `jinjiang.stat,cli,state,${id},510104,2026-10,,,draft,`,
      `jinjiang.stat,cli,value,${id},510104,2026-10,ec_transaction_volume,,100000 万元,提交`,
      `jinjiang.stat,cli,state,${id},510104,2026-10,,draft,submitted,`,
      `analyst,cli,state,${id},510104,2026-10,,submitted,returned,交易额偏低，请核实`,
      `jinjiang.stat,cli,value,${id},510104,2026-10,ec_transaction_volume,100000 万元,110000 万元,提交`,
      `jinjiang.stat,cli,state,${id},510104,2026-10,,returned,submitted,`,
      `analyst,cli,state,${id},510104,2026-10,,submitted,approved,`,
      `analyst,cli,state,${id},510104,2026-10,,approved,published,`,
      `analyst,cli,value,${id},510104,2026-10,ec_transaction_volume,,110000 万元,发布`,
    ]);
    const progress = await ecmon('forms', 'progress', '--period', '2026-10', '--format', 'csv');
    expect(progress.out.split('\n')[1]).toBe(
      `district_monthly_ec,510104,2026-10,published,2026-11-10,0,${id}`,
    );
  });

  it('--level district records a district review (区县已审核), then the city approves; a bad level is refused', async () => {
    const qfile = `qingyang-${target.engine}.xlsx`;
    expect(
      (
        await ecmon(
          'forms',
          'template',
          'district_monthly_ec',
          '--area',
          '510105',
          '--period',
          '2026-10',
          '--out',
          qfile,
        )
      ).code,
    ).toBe(0);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(join(dir, qfile));
    const ws = wb.getWorksheet('填报') as ExcelJS.Worksheet;
    [90000, 50000, 40000].forEach((v, i) => {
      ws.getRow(8 + i).getCell(4).value = v;
    });
    await wb.xlsx.writeFile(join(dir, qfile));
    expect((await ecmon('forms', 'upload', qfile, '--submit', '--actor', 'qingyang.stat')).code).toBe(0);
    const id = 'form-district_monthly_ec-510105-2026-10-r1';

    const bad = await ecmon('forms', 'approve', id, '--level', 'county', '--actor', 'qingyang.sh');
    expect([bad.code, bad.out, bad.err]).toEqual([
      1,
      '',
      '--level: county — 审核层级应为 district（区县审核）或 city（市局审批）（可选值：district、city；不写即为 city）\n',
    ]);
    expect((await ecmon('forms', 'return', id, '--level', 'District', '--reason', 'x')).err).toBe(
      '--level: District — 审核层级应为 district（区县审核）或 city（市局审批）（可选值：district、city；不写即为 city）\n',
    );

    const district = await ecmon('forms', 'approve', id, '--level', 'district', '--actor', 'qingyang.sh');
    expect([district.code, district.out, district.err]).toEqual([
      0,
      `报表 ${id} 现为已提交·区县已审核（qingyang.sh）\n`,
      '',
    ]);
    expect(
      (
        await ecmon('forms', 'show', 'district_monthly_ec', '--area', '510105', '--period', '2026-10')
      ).out.split('\n')[0],
    ).toBe(`区（市）县电子商务月报 · 青羊区 · 2026-10：已提交·区县已审核（qingyang.sh）（${id}）`);
    const again = await ecmon('forms', 'approve', id, '--level', 'district', '--actor', 'qingyang.sh2');
    expect([again.code, again.err]).toEqual([
      1,
      `ID: ${id} — 已由 qingyang.sh 通过区县审核，等待市局审批（区县审核员只审核已提交、尚未通过区县审核的报表）\n`,
    ]);
    const progress = await ecmon('forms', 'progress', '--period', '2026-10', '--format', 'csv');
    expect(progress.out.split('\n').find((l) => l.includes(',510105,'))).toBe(
      `district_monthly_ec,510105,2026-10,district_approved,2026-11-10,0,${id}`,
    );

    const city = await ecmon('forms', 'approve', id, '--actor', 'analyst');
    expect([city.code, city.out, city.err]).toEqual([0, `报表 ${id} 现为已审核\n`, '']);
    const late = await ecmon('forms', 'return', id, '--level', 'district', '--reason', '口径有误');
    expect([late.code, late.err]).toEqual([
      1,
      `ID: ${id} — 报表状态为已审核，已不在区县审核环节（市局审批后的更正由市局分析员退回或重新打开）\n`,
    ]);

    const audit = await ecmon('audit', '--area', '510105', '--period', '2026-10', '--format', 'csv');
    expect(
      audit.out
        .trim()
        .split('\n')
        .map((l) => l.split(',').slice(2).join(','))
        .filter((l) => l.includes(',state,')),
    ).toEqual([
      `qingyang.stat,cli,state,${id},510105,2026-10,,,draft,`,
      `qingyang.stat,cli,state,${id},510105,2026-10,,draft,submitted,`,
      `qingyang.sh,cli,state,${id},510105,2026-10,,submitted,district_approved,`,
      `analyst,cli,state,${id},510105,2026-10,,district_approved,approved,`,
    ]);
  });

  it('--level district returns a submitted form with the reason; the resubmission is reviewed afresh', async () => {
    const id = 'form-district_monthly_ec-510105-2026-10-r1';
    expect((await ecmon('forms', 'reopen', id, '--reason', '重新审核', '--actor', 'analyst')).out).toBe(
      `报表 ${id} 现为已退回\n`,
    );
    const qfile = `qingyang-${target.engine}.xlsx`;
    expect((await ecmon('forms', 'upload', qfile, '--submit', '--actor', 'qingyang.stat')).code).toBe(0);
    expect((await ecmon('forms', 'return', id, '--level', 'district', '--actor', 'qingyang.sh')).err).toMatch(
      /--reason: 改为已退回须说明原因/,
    );
    const back = await ecmon(
      'forms',
      'return',
      id,
      '--level',
      'district',
      '--reason',
      '网零偏低，请核实',
      '--actor',
      'qingyang.sh',
    );
    expect([back.code, back.out, back.err]).toEqual([0, `报表 ${id} 现为已退回\n`, '']);
    const audit = await ecmon('audit', '--area', '510105', '--period', '2026-10', '--format', 'csv');
    expect(audit.out.trim().split('\n').at(-1)?.split(',').slice(2).join(',')).toBe(
      `qingyang.sh,cli,state,${id},510105,2026-10,,submitted,returned,网零偏低，请核实`,
    );
  });
});

describe.each(engines())('ecmon forms approve --level district on a city-only form on $engine', (target) => {
  let store: Store;
  const cityOnly = {
    ...plan,
    forms: (plan.forms ?? []).map((f) => ({ ...f, approval_levels: ['city' as const] })),
  };
  beforeAll(async () => {
    store = (await freshStore(target)).store;
    await savePlan(store.driver, store.dialect, cityOnly, PLAN_FILE);
  });
  afterAll(async () => {
    await store.close();
    await target.cleanup();
  });

  it('is refused with the plain NotReviewer message, and the city approves as before', async () => {
    const io = ecmonIn(store, dir);
    const cfile = `cityonly-${target.engine}.xlsx`;
    await io(
      'forms',
      'template',
      'district_monthly_ec',
      '--area',
      '510104',
      '--period',
      '2026-09',
      '--out',
      cfile,
    );
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(join(dir, cfile));
    const ws = wb.getWorksheet('填报') as ExcelJS.Worksheet;
    [90000, 50000, 40000].forEach((v, i) => {
      ws.getRow(8 + i).getCell(4).value = v;
    });
    await wb.xlsx.writeFile(join(dir, cfile));
    expect((await io('forms', 'upload', cfile, '--submit', '--actor', 'jinjiang.stat')).code).toBe(0);
    const id = 'form-district_monthly_ec-510104-2026-09-r1';
    const r = await io('forms', 'approve', id, '--level', 'district', '--actor', 'jinjiang.sh');
    expect([r.code, r.out, r.err]).toEqual([
      1,
      '',
      'district_monthly_ec: jinjiang.sh — 报表「区（市）县电子商务月报」不设区县审核，由市局分析员审核（计划中该报表的 approval_levels 为 [city]）\n',
    ]);
    const back = await io(
      'forms',
      'return',
      id,
      '--level',
      'district',
      '--reason',
      '请核实',
      '--actor',
      'jinjiang.sh',
    );
    expect([back.code, back.err]).toEqual([1, r.err]);
    expect((await io('forms', 'approve', id, '--actor', 'analyst')).out).toBe(`报表 ${id} 现为已审核\n`);
  });
});

describe('the audit log is append-only', () => {
  const files = (d: string): string[] =>
    readdirSync(d).flatMap((f) => (statSync(join(d, f)).isDirectory() ? files(join(d, f)) : [join(d, f)]));
  it('no source file updates, deletes, truncates or drops audit rows, and only audit-log.ts names the table', () => {
    const offenders = files('src')
      .filter((f) => /\.(ts|vue)$/.test(f))
      .filter((f) => {
        const text = readFileSync(f, 'utf8');
        return (
          /(UPDATE|DELETE\s+FROM|TRUNCATE(\s+TABLE)?|DROP\s+TABLE(\s+IF\s+EXISTS)?|ALTER\s+TABLE)\s+audit_log/i.test(
            text,
          ) ||
          (text.includes('audit_log') && !/store[/\\](write[/\\]audit-log|migrations)\.ts$/.test(f))
        );
      });
    expect(offenders).toEqual([]);
  });
});
