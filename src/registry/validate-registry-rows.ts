/**
 * Turns the rows of a registry file into records, or names every problem at `file:sheet:row:column` with the
 * value, the rule and a hint. Checks: required cells, USCC check digits (GB 32100), known areas, domains,
 * designations and choices, dates, designations allowed for the entity's kind, references to entities in
 * the file or the registry, and duplicates (same USCC or code twice; same name in the same area).
 */

import { usccProblem } from '../domain/uscc.js';
import type { Problem } from '../domain/user-error.js';
import type { Plan } from '../plan/plan-types.js';
import { ENTERPRISE_KIND } from '../plan/registry-spec.js';
import type { ReadSheet, SheetRow } from './read-registry-file.js';
import { creditId, type DesignationRecord, designationId, type RegistryContent } from './registry-records.js';
import type { SheetColumn } from './registry-sheets.js';

export function validateRegistryRows(
  plan: Plan,
  label: string,
  sheets: readonly ReadSheet[],
  current: RegistryContent,
): { content: RegistryContent; problems: Problem[] } {
  const problems: Problem[] = [];
  const content: RegistryContent = { entities: [], designations: [], credit: [] };
  // Where each record came from, for problems found across rows.
  const entityRows: string[] = [];
  const designationRows: string[] = [];
  const creditRows: string[] = [];
  const areaCodes = new Set(plan.areas.map((a) => a.code));
  const areaByName = new Map(plan.areas.map((a) => [a.name, a.code]));
  const domainIds = new Map(
    plan.domains.flatMap(
      (d) =>
        [
          [d.id, d.id],
          [d.name, d.id],
        ] as [string, string][],
    ),
  );
  const designations = new Map(
    plan.registry.designations.flatMap(
      (d) =>
        [
          [d.id, d],
          [d.name, d],
        ] as [string, typeof d][],
    ),
  );

  for (const sheet of sheets) {
    const at = (r: SheetRow, c: SheetColumn): string => `${label}:${sheet.spec.name}:${r.row}:${c.heading}`;
    for (const r of sheet.rows) {
      const values = new Map<string, string | null>();
      let ok = true;
      for (const c of sheet.spec.columns) {
        const raw = r.cells.get(c.key) ?? '';
        const bad = (message: string, hint?: string): void => {
          ok = false;
          problems.push({ place: at(r, c), value: raw, message, ...(hint ? { hint } : {}) });
        };
        if (raw === '') {
          if (c.required) bad('必填项为空', `请填写“${c.heading}”`);
          values.set(c.key, null);
          continue;
        }
        const v = cellValue(c, raw, { areaCodes, areaByName, domainIds, designations, plan });
        if (typeof v === 'object') bad(v.problem, v.hint);
        else values.set(c.key, v);
      }
      if (!ok) continue;
      const get = (k: string): string | null => values.get(k) ?? null;
      const role = sheet.spec.role;
      if (role === 'designation') {
        const entity = get('entity_id') as string;
        const designation = get('designation') as string;
        const from = get('valid_from') as string;
        const to = get('valid_to');
        if (to !== null && to <= from) {
          problems.push({
            place: at(r, colOf(sheet, 'valid_to')),
            value: to,
            message: `失效日期应晚于生效日期 ${from}`,
            hint: '失效日期为不再具有该称号的第一天',
          });
          continue;
        }
        content.designations.push({
          id: designationId(entity, designation, from),
          entity_id: entity,
          designation,
          valid_from: from,
          valid_to: to,
          body: get('body'),
          document: get('document'),
          source: get('source'),
        });
        designationRows.push(`${label}:${sheet.spec.name}:${r.row}`);
      } else if (role === 'credit') {
        const entity = get('entity_id') as string;
        const type = get('credit_type') as string;
        const date = get('record_date') as string;
        content.credit.push({
          id: creditId(entity, type, date, get('document')),
          entity_id: entity,
          credit_type: type,
          record_date: date,
          source: get('source'),
          document: get('document'),
          valid_to: get('valid_to'),
          public: get('public') === '是',
          note: get('note'),
        });
        creditRows.push(`${label}:${sheet.spec.name}:${r.row}`);
      } else {
        const fields: Record<string, string> = {};
        for (const [k, v] of values) if (k.startsWith('field:') && v !== null) fields[k.slice(6)] = v;
        content.entities.push({
          id: get('id') as string,
          kind: role,
          name: get('name') as string,
          area: get('area') as string,
          domain: get('domain'),
          founded: get('founded'),
          operator: get('operator'),
          fields,
        });
        entityRows.push(`${label}:${sheet.spec.name}:${r.row}`);
      }
    }
  }
  checkEntities(content, entityRows, current, problems);
  checkReferences(plan, content, { entityRows, designationRows, creditRows }, current, problems);
  return { content, problems };
}

interface Vocab {
  areaCodes: Set<string>;
  areaByName: Map<string, string>;
  domainIds: Map<string, string>;
  designations: Map<string, Plan['registry']['designations'][number]>;
  plan: Plan;
}

/** A cell's value in stored form (codes, ISO dates), or why it is not acceptable. */
function cellValue(c: SheetColumn, raw: string, v: Vocab): string | { problem: string; hint?: string } {
  switch (c.type) {
    case 'uscc': {
      const code = raw.toUpperCase();
      const p = usccProblem(code);
      return p ? { problem: p, hint: '核对营业执照上的18位统一社会信用代码' } : code;
    }
    case 'area': {
      const code = /^\d{6}/.test(raw) ? raw.slice(0, 6) : (v.areaByName.get(raw) ?? '');
      return v.areaCodes.has(code)
        ? code
        : { problem: '不是本规划的区划', hint: '填写区划代码或名称，如 510104 锦江区（见模板下拉列表）' };
    }
    case 'domain': {
      const id = v.domainIds.get(raw);
      return (
        id ?? { problem: '不是本规划的领域', hint: `可用：${v.plan.domains.map((d) => d.name).join('、')}` }
      );
    }
    case 'designation': {
      const d = v.designations.get(raw);
      return d
        ? d.id
        : {
            problem: '不是本规划的认定类型',
            hint: '从模板下拉列表中选择，或先在计划的 registry.designations 中定义',
          };
    }
    case 'credit_type':
      return v.plan.registry.credit_types.includes(raw)
        ? raw
        : { problem: '不是可用的信用类型', hint: `可用：${v.plan.registry.credit_types.join('、')}` };
    case 'yes_no':
      return raw === '是' || raw === '否' ? raw : { problem: '应为“是”或“否”' };
    case 'choice':
      return (c.choices ?? []).includes(raw)
        ? raw
        : { problem: '不是可选值', hint: `可用：${(c.choices ?? []).join('、')}` };
    case 'date':
      return dateValue(raw);
    case 'number':
      return /^-?\d+(\.\d+)?$/.test(raw) ? raw : { problem: '不是数值', hint: '只填数字，不带单位' };
    default:
      return raw;
  }
}

/** A date cell as ISO `YYYY-MM-DD` (also 2023/1/5, 2023年1月5日), or why it is not one. */
export function dateValue(raw: string): string | { problem: string; hint?: string } {
  const m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(raw);
  if (!m) return { problem: '不是日期', hint: '写作 YYYY-MM-DD，如 2023-12-31' };
  const iso = `${m[1]}-${(m[2] as string).padStart(2, '0')}-${(m[3] as string).padStart(2, '0')}`;
  const d = new Date(`${iso}T00:00:00Z`);
  return Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== iso
    ? { problem: '日期不存在', hint: '核对年月日' }
    : iso;
}

const colOf = (sheet: ReadSheet, key: string): SheetColumn =>
  sheet.spec.columns.find((c) => c.key === key) as SheetColumn;

/** The same id twice in the file, or a second entity with the same name in the same area. */
function checkEntities(
  content: RegistryContent,
  rows: readonly string[],
  current: RegistryContent,
  problems: Problem[],
): void {
  const byId = new Map<string, number>();
  const byNameArea = new Map<string, { id: string; where: string }>();
  for (const e of current.entities) byNameArea.set(`${e.name}|${e.area}`, { id: e.id, where: '库中已有' });
  content.entities.forEach((e, i) => {
    const where = rows[i] as string;
    const prev = byId.get(e.id);
    if (prev !== undefined) {
      problems.push({
        place: `${where}:${e.kind === ENTERPRISE_KIND ? '统一社会信用代码' : '编号'}`,
        value: e.id,
        message: `与 ${rows[prev]} 重复`,
        hint: '同一企业或载体只能出现一次；删除重复行',
      });
      return;
    }
    byId.set(e.id, i);
    const twin = byNameArea.get(`${e.name}|${e.area}`);
    if (twin && twin.id !== e.id)
      problems.push({
        place: `${where}:${e.kind === ENTERPRISE_KIND ? '企业名称' : '名称'}`,
        value: e.name,
        message: `同一区域已有同名对象（${twin.where}，编号 ${twin.id}），疑似重复`,
        hint: '若为同一对象请使用相同的统一社会信用代码或编号；若确为不同对象，请在名称中加以区分',
      });
    else byNameArea.set(`${e.name}|${e.area}`, { id: e.id, where });
  });
}

/** Designations name an entity in the file or the registry, of a kind that may hold them. */
function checkReferences(
  plan: Plan,
  content: RegistryContent,
  places: { entityRows: string[]; designationRows: string[]; creditRows: string[] },
  current: RegistryContent,
  problems: Problem[],
): void {
  const rows = places.designationRows;
  const kinds = new Map<string, string>();
  for (const e of current.entities) kinds.set(e.id, e.kind);
  for (const e of content.entities) kinds.set(e.id, e.kind);
  const allowed = new Map(plan.registry.designations.map((d) => [d.id, d]));
  const seen = new Map<string, string>();
  content.designations.forEach((d: DesignationRecord, i) => {
    const where = rows[i] as string;
    const kind = kinds.get(d.entity_id);
    const spec = allowed.get(d.designation);
    if (kind === undefined)
      problems.push({
        place: `${where}:对象编号（统一社会信用代码或载体编号）`,
        value: d.entity_id,
        message: '库中和本文件中都没有此对象',
        hint: '先在“企业”或载体工作表中登记它',
      });
    else if (spec && !spec.kinds.includes(kind))
      problems.push({
        place: `${where}:认定类型`,
        value: spec.name,
        message: `该认定只适用于 ${spec.kinds.join('、')}，此对象类别为 ${kind}`,
        hint: '核对对象编号或认定类型',
      });
    const prev = seen.get(d.id);
    if (prev)
      problems.push({
        place: `${where}:生效日期`,
        value: d.valid_from,
        message: `与 ${prev} 为同一对象、同一认定、同一生效日期，重复`,
        hint: '删除重复行',
      });
    seen.set(d.id, where);
  });
  const enterprises = new Set([...kinds].filter(([, k]) => k === ENTERPRISE_KIND).map(([id]) => id));
  content.entities.forEach((e, i) => {
    if (e.operator && !enterprises.has(e.operator))
      problems.push({
        place: `${places.entityRows[i]}:运营企业统一社会信用代码`,
        value: e.operator,
        message: '运营企业不在库中',
        hint: '先在“企业”工作表中登记该企业',
      });
  });
  content.credit.forEach((c, i) => {
    if (!enterprises.has(c.entity_id))
      problems.push({
        place: `${places.creditRows[i]}:统一社会信用代码`,
        value: c.entity_id,
        message: '信用记录的企业不在库中',
        hint: '先在“企业”工作表中登记该企业',
      });
  });
}
