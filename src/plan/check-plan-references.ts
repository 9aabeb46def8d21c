/**
 * Checks that a schema-valid plan file is consistent: codes well-formed and unique, every reference
 * (parent area, zone member, measure, indicator, domain) known, units known, expressions valid and acyclic,
 * baseline fact periods valid. Returns every issue found, each with the YAML path it concerns.
 */
import { areaCodeProblem } from '../domain/area-code.js';
import { type Expr, ExpressionError, parseExpression, referencedIds } from '../domain/expression.js';
import { PeriodError, parsePeriod } from '../domain/period.js';
import { convertible, isKnownUnit, KNOWN_UNITS } from '../domain/unit.js';
import {
  CODED_VALUES,
  FEED_BREAKDOWNS,
  FILTER_FIELDS,
  isCodedField,
  isFlagField,
} from '../feed-format/feed-fields.js';
import { checkDimensionReferences } from './dimensions.js';
import { checkFormReferences } from './form-spec.js';
import { checkOpenDataReferences } from './open-data-spec.js';
import { ALL_AREAS, type PlanFile } from './plan-schema.js';
import { checkRegistryReferences } from './registry-spec.js';
import type { PathKey } from './yaml-places.js';

export interface ReferenceIssue {
  path: PathKey[];
  /** What is wrong, in Chinese, without the path (the loader prefixes it). */
  message: string;
  hint: string;
  /** 1-based column inside the scalar (for a token of an expression). */
  column?: number;
}

const UNIT_HINT = `可用单位：${KNOWN_UNITS.join('、')}`;

/** An id or code that the section it refers to does not define. */
function unknown(path: PathKey[], label: string, id: string, section: string): ReferenceIssue {
  return {
    path,
    message: `${label}「${id}」未在 ${section} 中定义`,
    hint: `改为 ${section} 中已定义的编号，或先在 ${section} 中定义它`,
  };
}

/** Reports each id that occurs more than once, at its second and later occurrences. */
function duplicates(
  ids: readonly string[],
  path: (i: number) => PathKey[],
  what: string,
  out: ReferenceIssue[],
): void {
  const first = new Map<string, number>();
  ids.forEach((id, i) => {
    const prev = first.get(id);
    if (prev === undefined) first.set(id, i);
    else
      out.push({
        path: path(i),
        message: `${what}「${id}」重复（第一次出现在第 ${prev + 1} 项）`,
        hint: '每个编号只能定义一次，删除或改名',
      });
  });
}

function checkAreas(plan: PlanFile, out: ReferenceIssue[]): Set<string> {
  const codes = new Set(plan.areas.map((a) => a.code));
  duplicates(
    plan.areas.map((a) => a.code),
    (i) => ['areas', i, 'code'],
    '区划代码',
    out,
  );
  plan.areas.forEach((a, i) => {
    const problem = areaCodeProblem(a.code);
    if (problem)
      out.push({
        path: ['areas', i, 'code'],
        message: problem,
        hint: '按 GB/T 2260 填写6位代码；功能区可用统计用区划代码（71–79）并写 code_note',
      });
    if (a.parent !== undefined && !codes.has(a.parent) && a.code !== plan.root_area)
      out.push(unknown(['areas', i, 'parent'], '上级区划', a.parent, 'areas'));
  });
  if (!codes.has(plan.root_area)) out.push(unknown(['root_area'], '全域区划', plan.root_area, 'areas'));
  return codes;
}

function checkZones(plan: PlanFile, areas: Set<string>, out: ReferenceIssue[]): void {
  duplicates(
    plan.zones.map((z) => z.id),
    (i) => ['zones', i, 'id'],
    '片区编号',
    out,
  );
  plan.zones.forEach((z, i) => {
    if (z.areas === ALL_AREAS) return;
    z.areas.forEach((code, j) => {
      if (!areas.has(code)) out.push(unknown(['zones', i, 'areas', j], '片区成员', code, 'areas'));
    });
  });
}

function checkMeasures(plan: PlanFile, out: ReferenceIssue[]): void {
  duplicates(
    plan.measures.map((m) => m.id),
    (i) => ['measures', i, 'id'],
    '计量项编号',
    out,
  );
  plan.measures.forEach((m, i) => {
    if (!isKnownUnit(m.unit))
      out.push({ path: ['measures', i, 'unit'], message: `未知单位「${m.unit}」`, hint: UNIT_HINT });
  });
}

/** Finds the first cycle among expression indicators; returns the path of ids, e.g. [a, b, a]. */
function findCycles(deps: Map<string, string[]>): string[][] {
  const state = new Map<string, 'visiting' | 'done'>();
  const cycles: string[][] = [];
  const stack: string[] = [];
  const visit = (id: string): void => {
    state.set(id, 'visiting');
    stack.push(id);
    for (const dep of deps.get(id) ?? []) {
      const s = state.get(dep);
      if (s === 'visiting') cycles.push([...stack.slice(stack.indexOf(dep)), dep]);
      else if (s === undefined) visit(dep);
    }
    stack.pop();
    state.set(id, 'done');
  };
  for (const id of deps.keys()) if (!state.has(id)) visit(id);
  return cycles;
}

function checkIndicators(plan: PlanFile, areas: Set<string>, out: ReferenceIssue[]): void {
  const measures = new Map(plan.measures.map((m) => [m.id, m]));
  const indicatorIds = new Set(plan.indicators.map((x) => x.id));
  duplicates(
    plan.indicators.map((x) => x.id),
    (i) => ['indicators', i, 'id'],
    '指标编号',
    out,
  );
  const deps = new Map<string, string[]>();
  const exprIndex = new Map<string, number>();

  plan.indicators.forEach((ind, i) => {
    const at = (...rest: PathKey[]): PathKey[] => ['indicators', i, ...rest];
    if (!isKnownUnit(ind.unit))
      out.push({ path: at('unit'), message: `未知单位「${ind.unit}」`, hint: UNIT_HINT });
    if ((ind.measure === undefined) === (ind.expression === undefined))
      out.push({
        path: at(),
        message: '必须且只能填写 measure 与 expression 之一',
        hint: '直接计量的指标写 measure，计算得出的指标写 expression',
      });
    if (ind.measure !== undefined) {
      const m = measures.get(ind.measure);
      if (!m) out.push(unknown(at('measure'), '计量项', ind.measure, 'measures'));
      else if (isKnownUnit(ind.unit) && isKnownUnit(m.unit) && !convertible(ind.unit, m.unit))
        out.push({
          path: at('unit'),
          message: `单位「${ind.unit}」与计量项 ${m.id} 的单位「${m.unit}」不可换算`,
          hint: '使用同一量纲的单位（如 亿元 与 万元）',
        });
    }
    if (ind.expression !== undefined) {
      let ast: Expr | null = null;
      try {
        ast = parseExpression(ind.expression);
      } catch (e) {
        if (!(e instanceof ExpressionError)) throw e;
        out.push({
          path: at('expression'),
          column: e.column,
          message: `表达式${e.message}`,
          hint: '表达式只能包含数字、编号、+ - * / 和括号',
        });
      }
      if (ast) {
        const refs = referencedIds(ast);
        for (const ref of refs)
          if (!indicatorIds.has(ref.name) && !measures.has(ref.name))
            out.push({
              path: at('expression'),
              column: ref.column,
              message: `表达式引用了未知编号「${ref.name}」`,
              hint: '只能引用 measures 或 indicators 中的编号',
            });
        deps.set(
          ind.id,
          refs.map((r) => r.name).filter((n) => indicatorIds.has(n)),
        );
        exprIndex.set(ind.id, i);
      }
    }
    ind.targets.forEach((t, j) => {
      if (t.area !== undefined && !areas.has(t.area))
        out.push(unknown(at('targets', j, 'area'), '目标区划', t.area, 'areas'));
      const from = ind.baseline?.year ?? plan.metadata.period.base_year;
      const annual = (list: { year: number }[] | undefined, path: PathKey[]): void =>
        list?.forEach((a, k) => {
          if (a.year <= from || a.year >= t.year)
            out.push({
              path: [...path, k, 'year'],
              message: `年度目标年份 ${a.year} 不在基期 ${from} 与目标年 ${t.year} 之间`,
              hint: `年度目标只写 ${from + 1}–${t.year - 1} 年；目标年本身用 value`,
            });
        });
      annual(t.annual_targets, at('targets', j, 'annual_targets'));
      t.allocations?.forEach((a, k) => {
        if (!areas.has(a.area))
          out.push(unknown(at('targets', j, 'allocations', k, 'area'), '目标分解区划', a.area, 'areas'));
        annual(a.annual_targets, at('targets', j, 'allocations', k, 'annual_targets'));
      });
    });
  });

  for (const cycle of findCycles(deps)) {
    const i = exprIndex.get(cycle[0] as string) ?? 0;
    out.push({
      path: ['indicators', i, 'expression'],
      message: `表达式循环引用：${cycle.join(' → ')}`,
      hint: '计算指标不能直接或间接引用自身',
    });
  }
}

function checkPeriod(value: string, path: PathKey[], out: ReferenceIssue[]): void {
  try {
    parsePeriod(value);
  } catch (e) {
    if (!(e instanceof PeriodError)) throw e;
    out.push({ path, message: e.reason, hint: '期间写作 2020、2021-Q1、2021-03 或 2021-01/2021-03' });
  }
}

function checkBaselineFacts(plan: PlanFile, areas: Set<string>, out: ReferenceIssue[]): void {
  const measures = new Map(plan.measures.map((m) => [m.id, m]));
  plan.baseline_facts.forEach((f, i) => {
    const at = (...rest: PathKey[]): PathKey[] => ['baseline_facts', i, ...rest];
    const m = measures.get(f.measure);
    if (!m) out.push(unknown(at('measure'), '计量项', f.measure, 'measures'));
    if (!areas.has(f.area)) out.push(unknown(at('area'), '区划', f.area, 'areas'));
    checkPeriod(f.period, at('period'), out);
    if (f.compared_to !== undefined) checkPeriod(f.compared_to, at('compared_to'), out);
    if (typeof f.value === 'string' && !/^[+-]?\d+(\.\d+)?$/.test(f.value.trim()))
      out.push({ path: at('value'), message: `「${f.value}」不是数字`, hint: '写作十进制数字，如 22637.5' });
    if (!isKnownUnit(f.unit))
      out.push({ path: at('unit'), message: `未知单位「${f.unit}」`, hint: UNIT_HINT });
    else if (m && (f.kind ?? 'level') === 'level' && isKnownUnit(m.unit) && !convertible(f.unit, m.unit))
      out.push({
        path: at('unit'),
        message: `单位「${f.unit}」与计量项 ${m.id} 的单位「${m.unit}」不可换算`,
        hint: '水平值须使用与计量项同一量纲的单位',
      });
    if (f.denominator !== undefined && !measures.has(f.denominator))
      out.push(unknown(at('denominator'), '计量项', f.denominator, 'measures'));
  });
}

function checkRulesAndLists(plan: PlanFile, out: ReferenceIssue[]): void {
  const domains = new Set(plan.domains.map((d) => d.id));
  duplicates(
    plan.domains.map((d) => d.id),
    (i) => ['domains', i, 'id'],
    '领域编号',
    out,
  );
  duplicates(
    plan.actions.map((a) => a.id),
    (i) => ['actions', i, 'id'],
    '行动编号',
    out,
  );
  const tasks = plan.actions.flatMap((a, i) =>
    a.tasks.map((t, j) => ({ id: t.id, path: ['actions', i, 'tasks', j, 'id'] })),
  );
  duplicates(
    tasks.map((t) => t.id),
    (k) => tasks[k]?.path ?? [],
    '任务编号',
    out,
  );
  duplicates(
    plan.departments.map((d) => d.id),
    (i) => ['departments', i, 'id'],
    '部门编号',
    out,
  );
  checkFeedRules(plan, out);
  plan.domain_rules.forEach((r, i) => {
    if (!domains.has(r.domain)) out.push(unknown(['domain_rules', i, 'domain'], '领域', r.domain, 'domains'));
    checkFeedFilters(r.where, ['domain_rules', i, 'where'], out);
  });
}

type FeedFilterFile = PlanFile['feed_rules'][number]['where'][number];

/** Each filter names a feed field, an operator that suits it and, for coded fields, known codes. */
function checkFeedFilters(where: readonly FeedFilterFile[], at: PathKey[], out: ReferenceIssue[]): void {
  where.forEach((f, j) => {
    const path = [...at, j];
    if (isFlagField(f.field)) {
      if (f.op !== 'is_true' && f.op !== 'is_false')
        out.push({
          path: [...path, 'op'],
          message: `标志字段 ${f.field} 只能用 is_true 或 is_false，不能用「${f.op}」`,
          hint: '例如 { field: is_live, op: is_true }',
        });
      else if (f.values !== undefined)
        out.push({ path: [...path, 'values'], message: `${f.op} 不带 values`, hint: '删除 values' });
      return;
    }
    if (!isCodedField(f.field)) {
      out.push({
        path: [...path, 'field'],
        message: `未知的平台数据字段「${f.field}」`,
        hint: `可用字段：${FILTER_FIELDS.join('、')}`,
      });
      return;
    }
    const allowed = CODED_VALUES[f.field];
    if (f.op === 'is_true' || f.op === 'is_false') {
      out.push({
        path: [...path, 'op'],
        message: `编码字段 ${f.field} 不能用「${f.op}」`,
        hint: '编码字段用 eq、ne、in 或 not_in 加 values',
      });
      return;
    }
    const values = f.values ?? [];
    const single = f.op === 'eq' || f.op === 'ne';
    if (values.length === 0 || (single && values.length !== 1))
      out.push({
        path: [...path, 'op'],
        message: single ? `${f.op} 需要恰好一个值` : `${f.op} 至少需要一个值`,
        hint: `在 values 中填写 ${f.field} 的编码：${allowed.join('、')}`,
      });
    values.forEach((v, k) => {
      if (!allowed.includes(String(v)))
        out.push({
          path: [...path, 'values', k],
          message: `${f.field} 没有编码「${String(v)}」`,
          hint: `可用编码：${allowed.join('、')}`,
        });
    });
  });
}

function checkFeedRules(plan: PlanFile, out: ReferenceIssue[]): void {
  const measures = new Map(plan.measures.map((m) => [m.id, m]));
  duplicates(
    plan.feed_rules.map((r) => r.measure),
    (i) => ['feed_rules', i, 'measure'],
    '映射规则的计量项',
    out,
  );
  plan.feed_rules.forEach((r, i) => {
    const m = measures.get(r.measure);
    if (!m) out.push(unknown(['feed_rules', i, 'measure'], '计量项', r.measure, 'measures'));
    checkFeedFilters(r.where, ['feed_rules', i, 'where'], out);
    (r.breakdowns ?? []).forEach((b, k) => {
      const path: PathKey[] = ['feed_rules', i, 'breakdowns', k];
      if (!(FEED_BREAKDOWNS as readonly string[]).includes(b))
        out.push({
          path,
          message: `平台数据不能按「${b}」分组`,
          hint: `可用维度：${FEED_BREAKDOWNS.join('、')}`,
        });
      else if (m && !(m.breakdowns ?? []).includes(b))
        out.push({
          path,
          message: `计量项 ${m.id} 没有分组维度「${b}」`,
          hint: `先在 measures 中为它加上该维度；可用维度：${(m.breakdowns ?? []).join('、') || '（无）'}`,
        });
    });
  });
}

export function checkPlanReferences(plan: PlanFile): ReferenceIssue[] {
  const out: ReferenceIssue[] = [];
  const areas = checkAreas(plan, out);
  checkZones(plan, areas, out);
  checkMeasures(plan, out);
  checkIndicators(plan, areas, out);
  checkBaselineFacts(plan, areas, out);
  checkRulesAndLists(plan, out);
  out.push(...checkDimensionReferences(plan.dimensions, plan));
  out.push(
    ...checkRegistryReferences(
      plan.registry,
      new Map(plan.measures.map((m) => [m.id, m])),
      new Set(plan.areas.map((a) => a.code)),
      new Set(plan.domains.map((d) => d.id)),
    ),
  );
  out.push(...checkFormReferences(plan));
  out.push(...checkOpenDataReferences(plan.open_data, plan.registry));
  return out;
}
