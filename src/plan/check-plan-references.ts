/**
 * Checks that a schema-valid plan file is consistent: codes well-formed and unique, every reference
 * (parent area, zone member, measure, indicator, domain) known, units known, expressions valid and acyclic,
 * baseline fact periods valid. Returns every issue found, each with the YAML path it concerns.
 */
import { areaCodeProblem } from '../domain/area-code.js';
import { type Expr, ExpressionError, parseExpression, referencedIds } from '../domain/expression.js';
import { PeriodError, parsePeriod } from '../domain/period.js';
import { convertible, isKnownUnit, KNOWN_UNITS } from '../domain/unit.js';
import { ALL_AREAS, type PlanFile } from './plan-schema.js';
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
    for (const key of Object.keys(f.breakdown ?? {}))
      if (m && !(m.breakdowns ?? []).includes(key))
        out.push({
          path: at('breakdown', key),
          message: `计量项 ${m.id} 没有分组维度「${key}」`,
          hint: `可用维度：${(m.breakdowns ?? []).join('、') || '（无）'}`,
        });
  });
}

function checkRulesAndLists(plan: PlanFile, out: ReferenceIssue[]): void {
  const measures = new Set(plan.measures.map((m) => m.id));
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
  plan.feed_rules.forEach((r, i) => {
    if (!measures.has(r.measure))
      out.push(unknown(['feed_rules', i, 'measure'], '计量项', r.measure, 'measures'));
  });
  plan.domain_rules.forEach((r, i) => {
    if (!domains.has(r.domain)) out.push(unknown(['domain_rules', i, 'domain'], '领域', r.domain, 'domains'));
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
  return out;
}
