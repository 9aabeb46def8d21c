/**
 * The plan's `forms:` and `validation_rules:` sections (docs/plan-format.md, "Report forms"): which figures a
 * district or enterprise reports, for which period and by which deadline, and the DHIS2-style rules its values
 * must meet (left side / operator / right side over measures, error or warning, outlier checks). All data: a
 * plan adds a form or a rule without code.
 */
import { z } from 'zod';
import { ExpressionError, parseExpression, referencedIds } from '../domain/expression.js';
import { isKnownUnit, KNOWN_UNITS } from '../domain/unit.js';
import type { ReferenceIssue } from './check-plan-references.js';
import type { PathKey } from './yaml-places.js';

const id = z.string().regex(/^[a-z_][a-z0-9_]*$/, {
  error: '应为英文小写标识符（小写字母、数字、下划线，不以数字开头）',
});
const text = z.string().min(1);
const codeLike = z.union([z.string(), z.number().int()]).transform((v) => String(v));
/** An expression written as a bare number (`0`) is read by YAML as a number. */
const expression = z.union([z.string().min(1), z.number()]).transform((v) => String(v));

/** Who reports a form: the plan's districts (county-level units under the root), the root area, or listed areas. */
export const FORM_AREA_SETS = ['districts', 'city'] as const;

/** Approval levels of a form, lowest first: a district's reviewer (区县审核), the city's analysts (市局审批). */
export const APPROVAL_LEVELS = ['district', 'city'] as const;
export type ApprovalLevel = (typeof APPROVAL_LEVELS)[number];

const formMeasure = z.union([
  z.string(),
  z.strictObject({
    measure: z.string(),
    /** The unit the form asks for (default: the measure's unit), e.g. 万元 for a district. */
    unit: z.string().optional(),
    required: z.boolean().default(true),
  }),
]);

const form = z.strictObject({
  id,
  name: text,
  name_en: z.string().optional(),
  /**
   * Areas that report it: `districts`, `city` or a list of area codes. For an enterprise form, the areas its
   * reporters are registered in (default: anywhere).
   */
  areas: z.union([z.enum(FORM_AREA_SETS), z.array(codeLike).min(1)]).optional(),
  /**
   * An enterprise form (企业报表): the registry kinds whose entities report it (`enterprise`, or a carrier kind),
   * each on its own behalf, keyed by its 统一社会信用代码 or registry code.
   */
  enterprise_kinds: z.array(z.string()).min(1).optional(),
  /** Of those, only the entities holding one of these designations at the period's end (e.g. 重点企业). */
  designations: z.array(z.string()).min(1).optional(),
  period: z.enum(['monthly', 'quarterly', 'annual']),
  /** Due on `day` of the `months_after`-th month after the period ends: 10th of the following month = { day: 10 }. */
  deadline: z.strictObject({
    day: z.number().int().min(1).max(28),
    months_after: z.number().int().min(1).max(12).default(1),
  }),
  measures: z.array(formMeasure).min(1),
  /** Dimension codes a measure is reported by (e.g. trade_mode: [9610, 9710]); absent = area totals. */
  dimensions: z.record(z.string(), z.array(codeLike)).optional(),
  /** The first period the form is due for (default: the plan's first year). */
  from: codeLike.optional(),
  /**
   * Who approves a submission, in order (DHIS2 approval levels): `[city]` (default) — the city's analysts;
   * `[district, city]` — the district's reviewer first (区县审核), then the city (市局审批).
   */
  approval_levels: z
    .array(z.enum(APPROVAL_LEVELS))
    .default(['city'])
    .refine((l) => l.join(',') === 'city' || l.join(',') === 'district,city', {
      error: '审核层级应为 [city] 或 [district, city]（先区县审核，再市局审批）',
    }),
});

export const RULE_OPERATORS = ['<=', '<', '>=', '>', '=', '!=', '≈'] as const;
export type RuleOperator = (typeof RULE_OPERATORS)[number];

const rule = z.strictObject({
  id,
  name: text,
  name_en: z.string().optional(),
  /** The forms it applies to (default: every form holding all the measures it names). */
  forms: z.array(z.string()).optional(),
  left: expression,
  operator: z.enum(RULE_OPERATORS),
  right: expression,
  /** error: blocks submission; warning: the submitter must comment. */
  importance: z.enum(['error', 'warning']).default('error'),
  /** For ≈: the largest difference allowed, as a fraction of the right side (0.01 = 1%). */
  tolerance: z.number().min(0).max(1).optional(),
  /** `area`: each reporting area's own values; `districts_sum`: Σ over the form's areas (left) against the root area (right). */
  scope: z.enum(['area', 'districts_sum']).default('area'),
  /** What to do when it fails, shown with the violation. */
  instruction: z.string().optional(),
  instruction_en: z.string().optional(),
});

const outlier = z.strictObject({
  id,
  name: text,
  name_en: z.string().optional(),
  measures: z.array(z.string()).min(1),
  forms: z.array(z.string()).optional(),
  /** yoy / mom: growth on the same month a year earlier / the previous period; zscore: against the area's own history. */
  method: z.enum(['yoy', 'mom', 'zscore']),
  /** yoy/mom: the largest |growth| (0.5 = ±50%); zscore: the largest |z|. */
  threshold: z.number().positive(),
  /** zscore: how many earlier periods of the area's history are compared (and at least 3 must exist). */
  history: z.number().int().min(3).max(120).default(12),
});

export const formsSchema = z.array(form).default([]);
export const validationRulesSchema = z.array(rule).default([]);
export const outlierChecksSchema = z.array(outlier).default([]);

export type FormFile = z.output<typeof form>;
export type ValidationRule = z.output<typeof rule>;
export type OutlierCheck = z.output<typeof outlier>;

/** A form measure as the normalised plan holds it. */
export interface FormMeasure {
  measure: string;
  unit: string;
  required: boolean;
}

/**
 * A report form (报表) as the normalised plan holds it: areas resolved, measures with their units. An area
 * form is reported by each of its `areas`; an enterprise form (`enterprise_kinds`) by each registry entity of
 * those kinds (holding one of `designations` at the period's end, registered in `areas` when any are listed).
 * Either way a submission's reporting unit is one code: an area code, or the entity's code.
 */
export interface ReportForm extends Omit<FormFile, 'areas' | 'measures'> {
  areas: string[];
  measures: FormMeasure[];
}

/** Whether a form is reported by registry entities (企业报表) rather than by areas. */
export const isEnterpriseForm = (f: Pick<FormFile, 'enterprise_kinds'>): boolean =>
  (f.enterprise_kinds?.length ?? 0) > 0;

/** The plan fields this block reads, so it does not depend on the whole plan type. */
interface PlanParts {
  root_area: string;
  areas: { code: string; kind: string; parent?: string | undefined }[];
  measures: { id: string; unit: string }[];
  forms: FormFile[];
  validation_rules: ValidationRule[];
  outlier_checks: OutlierCheck[];
  registry: { kinds: { id: string }[]; designations: { id: string; kinds: string[] }[] };
}

/** County-level units that add up to the city (functional zones overlap them, so they are listed by code). */
const COUNTY_LEVEL = new Set(['district', 'county', 'county_city']);

/** The codes of the areas that report form `f`. */
export function formAreas(plan: Pick<PlanParts, 'root_area' | 'areas'>, f: FormFile): string[] {
  if (f.areas === 'city') return [plan.root_area];
  if (f.areas === 'districts' || f.areas === undefined)
    return f.enterprise_kinds && f.areas === undefined
      ? []
      : plan.areas.filter((a) => a.parent === plan.root_area && COUNTY_LEVEL.has(a.kind)).map((a) => a.code);
  return f.areas;
}

/** The normalised forms of a plan. */
export function normaliseForms(plan: PlanParts): ReportForm[] {
  const units = new Map(plan.measures.map((m) => [m.id, m.unit]));
  return plan.forms.map((f) => ({
    ...f,
    areas: formAreas(plan, f),
    measures: f.measures.map((m) =>
      typeof m === 'string'
        ? { measure: m, unit: units.get(m) ?? '', required: true }
        : { measure: m.measure, unit: m.unit ?? units.get(m.measure) ?? '', required: m.required },
    ),
  }));
}

const measureOf = (m: FormFile['measures'][number]): string => (typeof m === 'string' ? m : m.measure);

/**
 * An enterprise form's designations are declared and held by its kinds; its reporters are reviewed by the
 * city (a district reviewer reviews areas, not enterprises); `designations` needs `enterprise_kinds`.
 */
function checkEnterpriseForm(
  plan: PlanParts,
  f: FormFile,
  at: (...p: PathKey[]) => PathKey[],
  out: ReferenceIssue[],
): void {
  if (!isEnterpriseForm(f)) {
    if (f.designations)
      out.push({
        path: at('designations'),
        message: '只有企业报表（enterprise_kinds）按认定筛选填报单位',
        hint: '加上 enterprise_kinds，或删去 designations',
      });
    return;
  }
  const declared = new Map(plan.registry.designations.map((d) => [d.id, d.kinds]));
  (f.designations ?? []).forEach((d, j) => {
    const kinds = declared.get(d);
    if (!kinds)
      out.push({
        path: at('designations', j),
        message: `认定「${d}」未定义`,
        hint: '先在 registry.designations 中定义它，或改为已定义的编号',
      });
    else if (!kinds.some((k) => f.enterprise_kinds?.includes(k)))
      out.push({
        path: at('designations', j),
        message: `认定「${d}」只授予 ${kinds.join('、')}，不是本报表的填报类别`,
        hint: `在 enterprise_kinds 中加上 ${kinds[0]}，或改用这些类别的认定`,
      });
  });
  if (f.approval_levels.includes('district'))
    out.push({
      path: at('approval_levels'),
      message: '企业报表由市局审批，不设区县审核',
      hint: '删去 approval_levels，或写 [city]',
    });
}

/** Forms and rules refer to measures, areas, kinds and forms the plan defines; expressions parse. */
export function checkFormReferences(plan: PlanParts): ReferenceIssue[] {
  const out: ReferenceIssue[] = [];
  const measures = new Set(plan.measures.map((m) => m.id));
  const areas = new Set(plan.areas.map((a) => a.code));
  const kinds = new Set(['enterprise', ...plan.registry.kinds.map((k) => k.id)]);
  const formIds = new Set<string>();
  const unknown = (path: PathKey[], what: string, v: string, where: string): void => {
    out.push({ path, message: `${what}「${v}」未定义`, hint: `先在 ${where} 中定义它，或改为已定义的编号` });
  };
  plan.forms.forEach((f, i) => {
    const at = (...p: PathKey[]): PathKey[] => ['forms', i, ...p];
    if (formIds.has(f.id))
      out.push({ path: at('id'), message: `报表「${f.id}」重复`, hint: '每个报表编号只能定义一次' });
    formIds.add(f.id);
    if (Array.isArray(f.areas))
      f.areas.forEach((a, j) => {
        if (!areas.has(a)) unknown(at('areas', j), '区划', a, 'areas');
      });
    (f.enterprise_kinds ?? []).forEach((k, j) => {
      if (!kinds.has(k)) unknown(at('enterprise_kinds', j), '类别', k, 'registry.kinds');
    });
    checkEnterpriseForm(plan, f, at, out);
    if (f.areas === undefined && !f.enterprise_kinds)
      out.push({
        path: at(),
        message: '报表须说明由谁填报',
        hint: '写 areas: districts（各区县）、areas: city 或区划代码列表，或 enterprise_kinds',
      });
    const seen = new Set<string>();
    f.measures.forEach((m, j) => {
      const mid = measureOf(m);
      const path = typeof m === 'string' ? at('measures', j) : at('measures', j, 'measure');
      if (!measures.has(mid)) unknown(path, '计量项', mid, 'measures');
      if (seen.has(mid))
        out.push({ path, message: `计量项「${mid}」在报表中重复`, hint: '每个计量项只填一次' });
      seen.add(mid);
      if (typeof m !== 'string' && m.unit !== undefined && !isKnownUnit(m.unit))
        out.push({
          path: at('measures', j, 'unit'),
          message: `未知单位「${m.unit}」`,
          hint: `可用单位：${KNOWN_UNITS.join('、')}`,
        });
    });
  });
  const checkForms = (list: string[] | undefined, path: (j: number) => PathKey[]): void =>
    (list ?? []).forEach((f, j) => {
      if (!formIds.has(f)) unknown(path(j), '报表', f, 'forms');
    });
  const ruleIds = new Set<string>();
  plan.validation_rules.forEach((r, i) => {
    const at = (...p: PathKey[]): PathKey[] => ['validation_rules', i, ...p];
    if (ruleIds.has(r.id))
      out.push({ path: at('id'), message: `校验规则「${r.id}」重复`, hint: '每条规则编号只能定义一次' });
    ruleIds.add(r.id);
    checkForms(r.forms, (j) => at('forms', j));
    for (const side of ['left', 'right'] as const) {
      try {
        for (const ref of referencedIds(parseExpression(r[side])))
          if (!measures.has(ref.name))
            out.push({
              path: at(side),
              column: ref.column,
              message: `表达式引用的计量项「${ref.name}」未定义`,
              hint: '校验规则的表达式只能引用 measures 中的计量项编号',
            });
      } catch (e) {
        if (!(e instanceof ExpressionError)) throw e;
        out.push({
          path: at(side),
          column: e.column,
          message: e.reason,
          hint: '表达式只能用计量项编号、数字、+ - * / 和括号',
        });
      }
    }
    if (r.operator === '≈' && r.tolerance === undefined)
      out.push({
        path: at('tolerance'),
        message: '运算符 ≈ 须给出容差',
        hint: '如 tolerance: 0.01 表示相差不超过右侧的 1%',
      });
    if (r.operator !== '≈' && r.tolerance !== undefined)
      out.push({
        path: at('tolerance'),
        message: '只有运算符 ≈ 使用容差',
        hint: '删去 tolerance 或把运算符改为 ≈',
      });
  });
  plan.outlier_checks.forEach((o, i) => {
    const at = (...p: PathKey[]): PathKey[] => ['outlier_checks', i, ...p];
    if (ruleIds.has(o.id))
      out.push({
        path: at('id'),
        message: `规则编号「${o.id}」重复`,
        hint: '离群检查与校验规则的编号不能相同',
      });
    ruleIds.add(o.id);
    o.measures.forEach((m, j) => {
      if (!measures.has(m)) unknown(at('measures', j), '计量项', m, 'measures');
    });
    checkForms(o.forms, (j) => at('forms', j));
  });
  return out;
}
