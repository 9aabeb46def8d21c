import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatProblem, UserError } from '../src/domain/user-error.js';
import { importObservationsFile } from '../src/ingest/import-observations.js';
import { generateObservationsCsv } from '../src/ingest/observations/generate-observations.js';
import { loadPlan } from '../src/plan/load-plan.js';
import { queryObservations } from '../src/store/observation-repository.js';
import type { Store } from '../src/store/open-store.js';
import { savePlan } from '../src/store/plan-repository.js';
import { engines, freshStore } from './support/engines.js';

const PLAN_FILE = 'plans/chengdu-ec-2021-2025.yaml';
const plan = loadPlan(PLAN_FILE);
const dir = mkdtempSync(join(tmpdir(), 'ecmon-import-'));
const file = (name: string, content: string | Buffer): string => {
  const p = join(dir, name);
  writeFileSync(p, content);
  return p;
};

async function problemsOf(p: Promise<unknown>): Promise<string[]> {
  try {
    await p;
  } catch (e) {
    if (e instanceof UserError) return e.problems.map(formatProblem);
    throw e;
  }
  throw new Error('expected a UserError');
}

describe.each(engines())('importing observations on $engine', (target) => {
  let store: Store;
  beforeAll(async () => {
    store = (await freshStore(target)).store;
    await savePlan(store.driver, store.dialect, plan, PLAN_FILE);
  });
  afterAll(async () => {
    await store.close();
    await target.cleanup();
  });

  it('imports a UTF-8 CSV with amounts in 万元 and keeps them exact in 亿元', async () => {
    const f = file(
      'utf8.csv',
      'measure,area,period,value,unit,published_yoy,source\n' +
        'online_retail_sales,510100,2021,48732000.5,万元,17.3,成都市统计局\n' +
        'online_retail_sales,510104,2021-01/2021-03,123.45,亿元,,\n',
    );
    const r = await importObservationsFile(store, plan, f);
    expect(r).toMatchObject({ rows: 2, inserted: 2, replaced: 0 });
    const rows = await queryObservations(store.driver, { measure: 'online_retail_sales', period: '2021' });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      value: '4873.20005',
      unit: '亿元',
      given_value: '48732000.5',
      given_unit: '万元',
      published_yoy: '17.3',
      source: '成都市统计局',
      batch_id: r.batchId,
    });
    const q = await queryObservations(store.driver, { measure: 'online_retail_sales', area: '510104' });
    expect(q[0]).toMatchObject({ period: '2021-01/2021-03', value: '123.45', source: 'utf8.csv' });
  });

  it('reads GB18030 (Excel in China) with Chinese headings and a BOM-less file', async () => {
    const text = '指标代码,区划代码,期间,数值,单位\ncross_border_ec_volume,510100,2021,522.1,亿元\n';
    const f = file('gbk.csv', iconv.encode(text, 'gb18030'));
    await importObservationsFile(store, plan, f);
    const rows = await queryObservations(store.driver, { measure: 'cross_border_ec_volume', period: '2021' });
    expect(rows[0]?.value).toBe('522.1');
  });

  it('reads breakdown columns named by the plan’s dimensions (id or Chinese name) and names an unknown code', async () => {
    const f = file(
      'dims.csv',
      'measure,area,period,value,unit,跨境电商监管方式,platform\n' +
        'cross_border_ec_volume,510100,2023,30,亿元,9610,\n' +
        'cross_border_ec_volume,510100,2023,20,亿元,9710,sim-xborder\n' +
        'cross_border_ec_volume,510100,2023,50,亿元,,\n',
    );
    await importObservationsFile(store, plan, f);
    const rows = await queryObservations(store.driver, {
      measure: 'cross_border_ec_volume',
      period: '2023',
      totalsOnly: false,
    });
    expect(rows.map((r) => [r.breakdown, r.value])).toEqual([
      [{}, '50'],
      [{ customs_mode: '9610' }, '30'],
      [{ customs_mode: '9710', platform: 'sim-xborder' }, '20'],
    ]);
    const bad = file(
      'dims-bad.csv',
      'measure,area,period,value,customs_mode,platform\n' +
        'cross_border_ec_volume,510100,2023,30,9999,\n' +
        'cross_border_ec_volume,510100,2023,30,9610,a;b\n',
    );
    expect(await problemsOf(importObservationsFile(store, plan, bad))).toEqual([
      `${bad}:2:39: 9999 — 维度 customs_mode（跨境电商监管方式）没有这个编码（可用：9610、9710、9810、1210）`,
      `${bad}:3:44: a;b — 维度 platform（平台）没有这个编码（编码只用字母、数字、下划线或连字符；已知：sim-mall、sim-b2b、sim-local、sim-live、sim-xborder）`,
    ]);
  });

  it('reads UTF-8 with a BOM', async () => {
    const f = file('bom.csv', `\uFEFFmeasure,area,period,value\nec_transaction_volume,510100,2021,25000.1\n`);
    await importObservationsFile(store, plan, f);
    const rows = await queryObservations(store.driver, { measure: 'ec_transaction_volume', period: '2021' });
    expect(rows[0]).toMatchObject({ value: '25000.1', unit: '亿元' });
  });

  it('reads XLSX', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('数据');
    ws.addRow(['measure', 'area', 'period', 'value', 'unit']);
    ws.addRow(['ec_transaction_volume', '510104', '2021', 1234.5, '亿元']);
    ws.addRow(['ec_transaction_volume', '510105', '2021-Q1', 200, '亿元']);
    const f = join(dir, 'obs.xlsx');
    await wb.xlsx.writeFile(f);
    const r = await importObservationsFile(store, plan, f);
    expect(r.rows).toBe(2);
    const rows = await queryObservations(store.driver, { measure: 'ec_transaction_volume', area: '510105' });
    expect(rows[0]).toMatchObject({ period: '2021-Q1', value: '200' });
  });

  it('reads a period typed as a date in XLSX as its month, and names XLSX cells by column number', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('数据');
    ws.addRow(['measure', 'area', 'period', 'value']);
    ws.addRow(['ec_transaction_volume', '510104', new Date(Date.UTC(2021, 5, 1)), 12]);
    const f = join(dir, 'dates.xlsx');
    await wb.xlsx.writeFile(f);
    await importObservationsFile(store, plan, f);
    const rows = await queryObservations(store.driver, { measure: 'ec_transaction_volume', area: '510104' });
    expect(rows.find((r) => r.period === '2021-06')?.value).toBe('12');
    ws.addRow(['ec_transaction_volume', '510104', '2021-13', 12]);
    await wb.xlsx.writeFile(f);
    expect(await problemsOf(importObservationsFile(store, plan, f))).toEqual([
      `${f}:3:3: 2021-13 — 月份 13 不在 01–12 之间`,
    ]);
  });

  it('imports what the benchmark generator writes', async () => {
    const f = join(dir, 'generated.csv');
    expect(await generateObservationsCsv(plan, 3000, f)).toBe(3000);
    expect(await importObservationsFile(store, plan, f, { dryRun: true })).toMatchObject({ rows: 3000 });
  });

  it('writes nothing and lists every problem as file:line:column when any row is bad', async () => {
    const f = file(
      'bad.csv',
      'measure,area,period,value,unit\n' +
        'online_retail_sales,510100,2022,100,亿元\n' +
        'online_retail_salez,510100,2022,100,亿元\n' +
        'online_retail_sales,510199,2022,100,亿元\n' +
        'online_retail_sales,510100,2022-13,100,亿元\n' +
        'online_retail_sales,510100,2022,12亿,亿元\n' +
        'online_retail_sales,510100,2022,100,个\n' +
        'online_retail_sales,510100,2022,100,亿元\n',
    );
    const problems = await problemsOf(importObservationsFile(store, plan, f));
    expect(problems).toEqual([
      `${f}:3:1: online_retail_salez — 未知的度量代码（应为计划中定义的度量之一，如 ${plan.measures
        .slice(0, 3)
        .map((m) => m.id)
        .join('、')}）`,
      `${f}:4:21: 510199 — 未知的区划代码（应为计划中的地区代码（GB/T 2260，如 510100 成都市、510104 锦江区））`,
      `${f}:5:28: 2022-13 — 月份 13 不在 01–12 之间`,
      `${f}:6:33: 12亿 — 数值不是有效的数字（只写数字，如 4129.5；不要带单位或百分号）`,
      `${f}:7:37: 个 — 单位与度量 online_retail_sales 的单位 亿元 不是同一量纲`,
      `${f}:8:1: online_retail_sales — 与第 2 行重复（同一度量、地区、期间、分组只能有一个值）`,
    ]);
    expect(await queryObservations(store.driver, { measure: 'online_retail_sales', period: '2022' })).toEqual(
      [],
    );
  });

  it('a dry run validates and writes nothing', async () => {
    const f = file('dry.csv', 'measure,area,period,value\nonline_retail_sales,510100,2023,1\n');
    expect(await importObservationsFile(store, plan, f, { dryRun: true })).toMatchObject({
      rows: 1,
      batchId: null,
    });
    expect(await queryObservations(store.driver, { measure: 'online_retail_sales', period: '2023' })).toEqual(
      [],
    );
    const left = await store.driver.query(
      `SELECT table_name FROM information_schema.tables WHERE table_name = 'observation_import_rows'`,
    );
    expect(left).toEqual([]);
  });

  it('derives period kinds and month spans and scales amounts to 元 exactly', async () => {
    const f = file(
      'kinds.csv',
      'measure,area,period,value,unit\n' +
        'online_retail_sales,510100,2024-Q3,1234567890123.456789,万元\n' +
        'online_retail_sales,510100,2024-11,7,元\n' +
        'online_retail_sales,510100," 2024-02/2024-05 ",1234.5,亿元\n',
    );
    expect(await importObservationsFile(store, plan, f)).toMatchObject({ rows: 3, inserted: 3 });
    const stored = await store.driver.query(
      `SELECT period, period_kind, year, month_from, month_to, CAST(value_base AS VARCHAR) AS base, base_unit
       FROM observations WHERE measure = 'online_retail_sales' AND year = 2024 ORDER BY month_from`,
    );
    expect(
      stored.map((r) => ({
        ...r,
        year: Number(r.year),
        month_from: Number(r.month_from),
        month_to: Number(r.month_to),
      })),
    ).toEqual([
      {
        period: '2024-02/2024-05',
        period_kind: 'range',
        year: 2024,
        month_from: 2,
        month_to: 5,
        base: '123450000000.000000',
        base_unit: '元',
      },
      {
        period: '2024-Q3',
        period_kind: 'quarter',
        year: 2024,
        month_from: 7,
        month_to: 9,
        base: '12345678901234567.890000',
        base_unit: '元',
      },
      {
        period: '2024-11',
        period_kind: 'month',
        year: 2024,
        month_from: 11,
        month_to: 11,
        base: '7.000000',
        base_unit: '元',
      },
    ]);
    const q3 = await queryObservations(store.driver, { measure: 'online_retail_sales', period: '2024-Q3' });
    expect(q3[0]).toMatchObject({
      value: '123456789.0123456789',
      unit: '亿元',
      given_value: '1234567890123.456789',
    });
  });

  it('names every bad period, number, unit and domain, a duplicate with both lines, and a record of the wrong width', async () => {
    const f = file(
      'bad2.csv',
      'measure,area,period,value,unit,published_yoy,domain\n' +
        'online_retail_sales,510100,2024-05/2025-06,1,亿元,,\n' +
        'online_retail_sales,510100,2024-06/2024-02,1,亿元,,\n' +
        'online_retail_sales,510100,1900,1,亿元,,\n' +
        'online_retail_sales,510100,2024-Q5,1,亿元,,\n' +
        'online_retail_sales,510100,2025,1.1234567,亿元,,\n' +
        'online_retail_sales,510100,2025,123456789012345678901234567,亿元,,\n' +
        'online_retail_sales,510100,2025,"1,5",亿亿元,12%%,nowhere\n' +
        'online_retail_sales,510104,2025,1,亿元,1234567,\n' +
        'online_retail_sales,510105,2025,1,亿元,,\n' +
        'online_retail_sales,510105,2025,2,亿元,,\n' +
        'online_retail_sales,510105,2025,3,亿元,,\n',
    );
    const problems = await problemsOf(importObservationsFile(store, plan, f));
    const forms = '可用格式：2021（年）、2021-Q1（季度）、2021-03（月）、2021-01/2021-03（同一年内的累计）';
    expect(problems).toEqual([
      `${f}:2:28: 2024-05/2025-06 — 累计期间的起止月份必须在同一年内`,
      `${f}:3:28: 2024-06/2024-02 — 累计期间的起始月 6 晚于结束月 2`,
      `${f}:4:28: 1900 — 年份 1900 超出 1949–2100 的范围`,
      `${f}:5:28: 2024-Q5 — 无法识别的期间「2024-Q5」。${forms}`,
      `${f}:6:33: 1.1234567 — 小数位超过 6 位`,
      `${f}:7:33: 123456789012345678901234567 — 数值超出可存储的范围（换算为基本单位（如 元）后整数部分最多 32 位）`,
      `${f}:8:33: 1,5 — 数值不是有效的数字（只写数字，如 4129.5；不要带单位或百分号）`,
      `${f}:8:39: 亿亿元 — 未知的单位（金额可用 元、万元、亿元）`,
      `${f}:8:43: 12%% — 可比增速不是有效的数字（以百分数填写，如 14.1 表示增长 14.1%）`,
      `${f}:8:48: nowhere — 维度 domain（重点领域）没有这个编码（可用：${plan.domains.map((d) => d.id).join('、')}）`,
      `${f}:9:38: 1234567 — 可比增速超出可存储的范围（整数部分最多 6 位）`,
      `${f}:11:1: online_retail_sales — 与第 10 行重复（同一度量、地区、期间、分组只能有一个值）`,
      `${f}:12:1: online_retail_sales — 与第 10 行重复（同一度量、地区、期间、分组只能有一个值）`,
    ]);
    const wide = file(
      'wide.csv',
      'measure,area,period,value\nonline_retail_sales,510100,2026,1\nonline_retail_sales,510100,2027,1,234.5\n',
    );
    const [first] = await problemsOf(importObservationsFile(store, plan, wide));
    expect(first?.startsWith(`${wide}:3`)).toBe(true);
    expect(await queryObservations(store.driver, { measure: 'online_retail_sales', period: '2026' })).toEqual(
      [],
    );
  });

  it('names a missing column in the header', async () => {
    const f = file('nohdr.csv', 'measure,area,value\nonline_retail_sales,510100,1\n');
    const problems = await problemsOf(importObservationsFile(store, plan, f));
    expect(problems[0]).toContain(`${f}:1:1: measure,area,value — 缺少必需的列：period`);
  });
});
