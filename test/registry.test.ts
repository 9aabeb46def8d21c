import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parsePeriod } from '../src/domain/period.js';
import { usccCheckChar } from '../src/domain/uscc.js';
import { UserError } from '../src/domain/user-error.js';
import { IndicatorEngine } from '../src/engine/indicator-engine.js';
import { loadPlan } from '../src/plan/load-plan.js';
import { importRegistryFile } from '../src/registry/import-registry.js';
import { entityHistory, readRegistry } from '../src/registry/registry-repository.js';
import { registrySheets, templateSheets } from '../src/registry/registry-sheets.js';
import { writeRegistryWorkbook } from '../src/registry/registry-workbook.js';
import { queryObservations } from '../src/store/observation-repository.js';
import type { Store } from '../src/store/open-store.js';
import { savePlan } from '../src/store/plan-repository.js';
import { engines, freshStore } from './support/engines.js';

const PLAN_FILE = 'plans/chengdu-ec-2021-2025.yaml';
const plan = loadPlan(PLAN_FILE);
const dir = mkdtempSync(join(tmpdir(), 'ecmon-registry-'));

/** A valid USCC from a 17-character stem. */
const uscc = (n: number): string => {
  const stem = `91510100MA${String(n).padStart(7, '0')}`;
  return stem + usccCheckChar(stem);
};

/** Fills the template of `kind` with rows per sheet (cells by heading) and returns the file. */
async function filled(name: string, sheets: Record<string, Record<string, string>[]>): Promise<string> {
  const file = join(dir, name);
  await writeRegistryWorkbook(file, plan, registrySheets(plan), null);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  for (const [sheet, rows] of Object.entries(sheets)) {
    const ws = wb.getWorksheet(sheet) as ExcelJS.Worksheet;
    const headings = (ws.getRow(1).values as string[]).map((h) => (h ?? '').replace(/\*$/, ''));
    rows.forEach((r, i) => {
      for (const [h, v] of Object.entries(r)) ws.getCell(i + 2, headings.indexOf(h)).value = v;
    });
  }
  await wb.xlsx.writeFile(file);
  return file;
}

const firm = (n: number, name: string, area: string) => ({
  统一社会信用代码: uscc(n),
  企业名称: name,
  所在区域: area,
  所属领域: '零售电商',
});
const title = (
  n: number,
  t: string,
  from: string,
  to = '',
  doc = `成新经委〔${from.slice(0, 4)}〕${n}号`,
) => ({
  '对象编号（统一社会信用代码或载体编号）': uscc(n),
  认定类型: t,
  生效日期: from,
  失效日期: to,
  认定机构: '成都市新经济发展委员会',
  认定文号: doc,
});

describe.each(engines())('registry on $engine', (target) => {
  let store: Store;
  let engine: IndicatorEngine;
  const count = async (period: string, area?: string) => {
    const [r] = await engine.evaluate({
      periods: [parsePeriod(period)],
      indicators: ['ec_unicorn_gazelle_firms'],
      ...(area ? { areas: [area] } : {}),
      explain: true,
    });
    return r as NonNullable<typeof r>;
  };

  beforeAll(async () => {
    store = (await freshStore(target)).store;
    await savePlan(store.driver, store.dialect, plan, PLAN_FILE);
    engine = new IndicatorEngine(store.driver, plan);
  });
  afterAll(async () => {
    await store.close();
    await target.cleanup();
  });

  it('a template of the enterprise kind holds 企业, 认定 and 信用 with lists for coded columns', async () => {
    const file = join(dir, 't.xlsx');
    await writeRegistryWorkbook(file, plan, templateSheets(plan, 'enterprise') ?? [], null);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['代码表', '企业', '认定', '信用']);
    const ws = wb.getWorksheet('企业') as ExcelJS.Worksheet;
    expect(ws.getRow(1).values).toEqual([
      undefined,
      '统一社会信用代码*',
      '企业名称*',
      '所在区域*',
      '所属领域',
      '成立日期',
    ]);
    expect(ws.getCell('C2').dataValidation).toMatchObject({
      type: 'list',
      formulae: ["'代码表'!$A$1:$A$24"],
    });
  });

  it('a wrong USCC check digit names file:sheet:row:column and writes nothing', async () => {
    const bad = { ...firm(1, '成都甲电商有限公司', '510104 锦江区') };
    bad.统一社会信用代码 = `${bad.统一社会信用代码.slice(0, 17)}${bad.统一社会信用代码[17] === '0' ? '1' : '0'}`;
    const file = await filled('e.xlsx', { 企业: [firm(2, '成都乙电商有限公司', '510107'), bad] });
    const err = await importRegistryFile(store, plan, file, { label: 'e.xlsx', by: 'test' }).catch((e) => e);
    expect(err).toBeInstanceOf(UserError);
    expect((err as UserError).problems).toHaveLength(1);
    expect((err as UserError).problems[0]).toMatchObject({
      place: 'e.xlsx:企业:3:统一社会信用代码',
      value: bad.统一社会信用代码,
    });
    expect((err as UserError).problems[0]?.message).toMatch(
      /^统一社会信用代码校验位错误：应为 \w，实际为 \w$/,
    );
    expect((await readRegistry(store.driver)).entities).toEqual([]);
  });

  it('duplicates (same USCC; same name in the same area) and unknown designations are refused', async () => {
    const file = await filled('dup.xlsx', {
      企业: [
        firm(3, '成都丙电商有限公司', '510104'),
        firm(3, '成都丁电商有限公司', '510104'),
        firm(4, '成都丙电商有限公司', '510104'),
      ],
      认定: [{ ...title(3, '独角兽企业', '2021-01-01'), 认定类型: '超级企业' }],
    });
    const err = (await importRegistryFile(store, plan, file, { label: 'dup.xlsx', by: 'test' }).catch(
      (e) => e,
    )) as UserError;
    expect(err.problems.map((p) => p.place)).toEqual([
      'dup.xlsx:认定:2:认定类型',
      'dup.xlsx:企业:3:统一社会信用代码',
      'dup.xlsx:企业:4:企业名称',
    ]);
  });

  it('counts 6 unicorn/gazelle firms at the end of 2023 and 5 in 2024, listing the counted entities', async () => {
    const areas = ['510104', '510107', '510107', '510173', '510116', '510112'];
    const file = await filled('firms.xlsx', {
      企业: areas.map((a, i) => firm(10 + i, `成都${'甲乙丙丁戊己'[i]}科技有限公司`, a)),
      认定: [
        title(10, '独角兽企业', '2021-03-01'),
        title(11, '瞪羚企业', '2022-05-10'),
        title(12, '瞪羚企业', '2023-12-31'),
        title(13, '瞪羚企业', '2020-06-01', '2024-06-30'),
        title(14, '独角兽企业', '2023-01-15'),
        title(15, '瞪羚企业', '2022-01-01'),
        // Both titles at once still count the firm once.
        title(15, '独角兽企业', '2023-06-01'),
        // Designated after the end of 2023: not in 2023.
        { ...title(16, '瞪羚企业', '2024-01-02'), '对象编号（统一社会信用代码或载体编号）': uscc(10) },
      ],
    });
    const out = await importRegistryFile(store, plan, file, {
      label: 'firms.xlsx',
      by: '张三',
      through: '2025-12',
    });
    expect(out.version).toBe(1);
    expect(out.batchId).toBe('registry:1');
    const y2023 = await count('2023');
    expect(y2023.value).toBe(6);
    expect(y2023.simulated).toBe(false);
    const listed = y2023.components.find((c) => c.of === 'counted_entities');
    expect(listed?.entities?.map((e) => e.code).sort()).toEqual(
      [10, 11, 12, 13, 14, 15, 15].map(uscc).sort(),
    );
    expect(listed?.entities?.find((e) => e.code === uscc(13))).toMatchObject({
      name: '成都丁科技有限公司',
      area: '510173',
      designation: '瞪羚企业',
      document: '成新经委〔2020〕13号',
    });
    const value = y2023.components.find((c) => c.of === 'value');
    expect(value?.inputs[0]?.batches).toEqual(['registry:1']);
    const y2024 = await count('2024');
    expect(y2024.value).toBe(5);
    expect(
      y2024.components.find((c) => c.of === 'counted_entities')?.entities?.map((e) => e.code),
    ).not.toContain(uscc(13));
    // Every month of the plan period is counted.
    expect((await count('2025-03')).value).toBe(5);
    expect((await count('2024-05')).value).toBe(6);
    expect((await count('2024-06')).value).toBe(5);
    // By area and zone: 武侯 holds two firms; the core zone (incl. 锦江, 武侯, 高新) three at the end of 2024.
    expect((await count('2023', '510107')).value).toBe(2);
    expect((await count('2024', 'core')).value).toBe(3);
    expect(y2024.completion).toBe(0.5);
  });

  it('a correction is a new version: the earlier one is kept with who, when and why', async () => {
    const file = await filled('fix.xlsx', { 认定: [title(13, '瞪羚企业', '2020-06-01', '2025-03-31')] });
    const dry = await importRegistryFile(store, plan, file, { label: 'fix.xlsx', by: '李四', dryRun: true });
    expect(dry.corrected.designations).toEqual([`${uscc(13)}|gazelle|2020-06-01`]);
    expect(dry.version).toBeNull();
    expect((await count('2024')).value).toBe(5);
    const out = await importRegistryFile(store, plan, file, {
      label: 'fix.xlsx',
      by: '李四',
      reason: '文件更正',
      through: '2025-12',
    });
    expect(out.version).toBe(2);
    expect((await count('2024')).value).toBe(6);
    const history = await entityHistory(store.driver, uscc(13));
    const versions = history.filter((h) => h.record === 'designation');
    expect(versions.map((h) => [Number(h.version), h.valid_to, h.recorded_by, h.reason])).toEqual([
      [1, '2024-06-30', '张三', null],
      [2, '2025-03-31', '李四', '文件更正'],
    ]);
    const obs = await queryObservations(store.driver, {
      measure: 'ec_unicorn_gazelle_firms',
      area: '510100',
      period: '2024-12',
    });
    expect(obs.map((o) => [o.value, o.batch_id])).toEqual([['6', 'registry:2']]);
    // The same file again changes nothing.
    expect(
      (await importRegistryFile(store, plan, file, { label: 'fix.xlsx', by: '李四' })).version,
    ).toBeNull();
  });

  it('export writes the template shape back, and it imports as no change', async () => {
    const file = join(dir, `export-${target.engine}.xlsx`);
    await writeRegistryWorkbook(file, plan, registrySheets(plan), await readRegistry(store.driver));
    const again = await importRegistryFile(store, plan, file, { label: 'export.xlsx', by: 'test' });
    expect(again.changes).toEqual({ entities: [], designations: [], credit: [] });
  });
});
