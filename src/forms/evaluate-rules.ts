/**
 * The rule evaluator (pure): checks one area's entries on a form against the plan's validation rules and
 * outlier checks, and the districts' sum against the city. Every violation names its form cell
 * (form · area · period · measure), the values, the rule and what to do, in Chinese and English.
 */
import { type Expr, evaluate, parseExpression, referencedIds } from '../domain/expression.js';
import { type Period, parsePeriod, previousPeriod, sameperiodLastYear } from '../domain/period.js';
import { convertDecimal } from '../domain/unit.js';
import type { OutlierCheck, ReportForm, RuleOperator, ValidationRule } from '../plan/form-spec.js';
import type { Plan } from '../plan/plan-types.js';
import type { CellLabel, FormCell, PlanNames } from './cell-label.js';

/** error blocks submission; a warning needs a comment; an outlier needs an explanation. */
export type Importance = 'error' | 'warning' | 'outlier';

export interface Violation {
  /** The rule or outlier check, or `required` for an empty required cell. */
  rule: string;
  rule_name: CellLabel;
  importance: Importance;
  /** What the submitter must do: fix the value, comment on it, or explain it. */
  needs: 'fix' | 'comment' | 'explanation';
  /** The key a comment or explanation is given under (`rule` or `rule:measure`). */
  note_key: string;
  /** The cell to look at (the first measure on the rule's left side). */
  cell: FormCell;
  label: CellLabel;
  /** The values the rule used, in the form's units. */
  values: { measure: string; value: string | null; unit: string }[];
  message: CellLabel;
  hint: CellLabel;
}

/** One area's entries on a form for a period: decimal strings in the form's units (null = empty). */
export interface AreaEntries {
  form: ReportForm;
  area: string;
  period: string;
  values: Readonly<Record<string, string | null>>;
  /** The area's earlier values of a measure (form units), for the outlier checks. */
  history?: (measure: string, period: Period) => string | null;
}

const OP_ZH: Record<RuleOperator, string> = {
  '<=': '≤',
  '<': '<',
  '>=': '≥',
  '>': '>',
  '=': '=',
  '!=': '≠',
  '≈': '≈',
};

function holds(op: RuleOperator, l: number, r: number, tolerance = 0): boolean {
  const eps = 1e-9 * Math.max(1, Math.abs(l), Math.abs(r));
  switch (op) {
    case '<=':
      return l <= r + eps;
    case '<':
      return l < r - eps;
    case '>=':
      return l >= r - eps;
    case '>':
      return l > r + eps;
    case '=':
      return Math.abs(l - r) <= eps;
    case '!=':
      return Math.abs(l - r) > eps;
    case '≈':
      return Math.abs(l - r) <= tolerance * Math.abs(r) + eps;
  }
}

/** The rules and outlier checks that apply to a form: listed for it, or naming only measures it holds. */
export function rulesFor(
  plan: Plan,
  form: ReportForm,
): { rules: ValidationRule[]; outliers: OutlierCheck[] } {
  const held = new Set(form.measures.map((m) => m.measure));
  const applies = (forms: string[] | undefined, measures: string[]): boolean =>
    forms ? forms.includes(form.id) : measures.every((m) => held.has(m));
  return {
    rules: (plan.validation_rules ?? []).filter((r) => applies(r.forms, ruleMeasures(r))),
    outliers: (plan.outlier_checks ?? []).filter((o) =>
      o.forms ? o.forms.includes(form.id) : o.measures.some((m) => held.has(m)),
    ),
  };
}

const ruleMeasures = (r: ValidationRule): string[] => [
  ...new Set([r.left, r.right].flatMap((s) => referencedIds(parseExpression(s)).map((x) => x.name))),
];

const fmt = (n: number): string => String(Number(n.toFixed(6)));

/** A side of a rule as a person reads it: `网上零售额 12000 万元`, `0`, or `a + b（= 3 万元）`. */
function describeSide(
  ast: Expr,
  text: string,
  value: number | null,
  shown: (measure: string) => string,
  names: PlanNames,
  lang: 'zh' | 'en',
): string {
  if (ast.kind === 'number') return text;
  if (ast.kind === 'id') return shown(ast.name);
  const words = text.replace(/[a-z_][a-z0-9_]*/g, (id) => names.measure(id)[lang]);
  return `${words}（= ${value === null ? '—' : fmt(value)}）`;
}

export class RuleEvaluator {
  constructor(
    private readonly plan: Plan,
    private readonly names: PlanNames,
  ) {}

  private unitOf(measure: string): string {
    return this.plan.measures.find((m) => m.id === measure)?.unit ?? '';
  }

  /** Violations of one area's entries: empty required cells, area rules, outlier checks. */
  checkArea(entry: AreaEntries): Violation[] {
    const { form } = entry;
    const out: Violation[] = [];
    const formUnit = new Map(form.measures.map((m) => [m.measure, m.unit]));
    const cellOf = (measure: string): FormCell => ({
      form: form.id,
      area: entry.area,
      period: entry.period,
      measure,
    });
    const raw = (m: string): string | null => {
      const v = entry.values[m];
      return v === undefined || v === null || v.trim() === '' ? null : v.trim();
    };
    /** A value in the measure's own unit, so rules compare like with like whatever unit the form asks for. */
    const inMeasureUnit = (m: string): number | null => {
      const v = raw(m);
      const u = formUnit.get(m);
      return v === null || !u ? null : Number(convertDecimal(v, u, this.unitOf(m)));
    };
    const shown =
      (lang: 'zh' | 'en') =>
      (m: string): string =>
        `${this.names.measure(m)[lang]} ${raw(m) ?? '—'} ${formUnit.get(m) ?? this.unitOf(m)}`;

    for (const m of form.measures) {
      if (!m.required || raw(m.measure) !== null) continue;
      const cell = cellOf(m.measure);
      out.push({
        rule: 'required',
        rule_name: { zh: '必填', en: 'Required' },
        importance: 'error',
        needs: 'fix',
        note_key: 'required',
        cell,
        label: this.names.cell(cell),
        values: [{ measure: m.measure, value: null, unit: m.unit }],
        message: {
          zh: `${this.names.measure(m.measure).zh}未填写`,
          en: `${this.names.measure(m.measure).en} is empty`,
        },
        hint: {
          zh: `填写本期数值（${m.unit}）；确为零请填 0`,
          en: `Enter this period's value (${m.unit}); enter 0 if it is zero`,
        },
      });
    }
    const { rules, outliers } = rulesFor(this.plan, form);
    for (const rule of rules.filter((r) => r.scope === 'area')) {
      const left = parseExpression(rule.left);
      const right = parseExpression(rule.right);
      const measures = ruleMeasures(rule);
      if (measures.some((m) => raw(m) === null)) continue;
      const l = evaluate(left, inMeasureUnit);
      const r = evaluate(right, inMeasureUnit);
      if (l === null || r === null || holds(rule.operator, l, r, rule.tolerance)) continue;
      const first = referencedIds(left)[0]?.name ?? measures[0] ?? '';
      const cell = cellOf(first);
      const side = (lang: 'zh' | 'en', ast: Expr, text: string, v: number): string =>
        describeSide(ast, text, v, shown(lang), this.names, lang);
      const tol = rule.operator === '≈' ? `（容差 ${fmt((rule.tolerance ?? 0) * 100)}%）` : '';
      const tolEn = rule.operator === '≈' ? ` (tolerance ${fmt((rule.tolerance ?? 0) * 100)}%)` : '';
      const warning = rule.importance === 'warning';
      out.push({
        rule: rule.id,
        rule_name: { zh: rule.name, en: rule.name_en ?? rule.name },
        importance: rule.importance,
        needs: warning ? 'comment' : 'fix',
        note_key: rule.id,
        cell,
        label: this.names.cell(cell),
        values: measures.map((m) => ({ measure: m, value: raw(m), unit: formUnit.get(m) ?? this.unitOf(m) })),
        message: {
          zh: `${side('zh', left, rule.left, l)} 应 ${OP_ZH[rule.operator]} ${side('zh', right, rule.right, r)}${tol}，不符合规则「${rule.name}」`,
          en: `${side('en', left, rule.left, l)} should be ${rule.operator} ${side('en', right, rule.right, r)}${tolEn}: rule "${rule.name_en ?? rule.name}"`,
        },
        hint: {
          zh: `${rule.instruction ?? '核对并改正数值'}${warning ? '；如数值无误，请填写说明后提交' : '；改正后才能提交'}`,
          en: `${rule.instruction_en ?? 'Check and correct the values'}${warning ? '; if the values are right, add a comment and submit' : '; correct it before submitting'}`,
        },
      });
    }
    for (const check of outliers)
      for (const m of check.measures) {
        if (!formUnit.has(m)) continue;
        const v = raw(m);
        if (v === null || !entry.history) continue;
        const found = this.outlier(check, m, Number(v), parsePeriod(entry.period), entry.history);
        if (!found) continue;
        const cell = cellOf(m);
        const unit = formUnit.get(m) ?? '';
        out.push({
          rule: check.id,
          rule_name: { zh: check.name, en: check.name_en ?? check.name },
          importance: 'outlier',
          needs: 'explanation',
          note_key: `${check.id}:${m}`,
          cell,
          label: this.names.cell(cell),
          values: [{ measure: m, value: v, unit }],
          message: { zh: `${shown('zh')(m)}，${found.zh}`, en: `${shown('en')(m)}: ${found.en}` },
          hint: {
            zh: '核实数值；如属实，请说明原因（如新企业入统、平台口径变化）后提交',
            en: 'Check the value; if it is right, explain why (a new firm reporting, a platform changing its basis) and submit',
          },
        });
      }
    return out;
  }

  private outlier(
    check: OutlierCheck,
    measure: string,
    value: number,
    period: Period,
    history: NonNullable<AreaEntries['history']>,
  ): CellLabel | null {
    if (check.method === 'yoy' || check.method === 'mom') {
      const before = check.method === 'yoy' ? sameperiodLastYear(period) : previousPeriod(period);
      const prior = history(measure, before);
      if (prior === null || Number(prior) === 0) return null;
      const growth = value / Number(prior) - 1;
      if (Math.abs(growth) <= check.threshold) return null;
      const pct = `${growth > 0 ? '+' : ''}${(growth * 100).toFixed(1)}%`;
      const limit = `±${fmt(check.threshold * 100)}%`;
      return check.method === 'yoy'
        ? {
            zh: `上年同期 ${prior}，同比 ${pct}，超出 ${limit}`,
            en: `same period last year ${prior}, ${pct} YoY, beyond ${limit}`,
          }
        : {
            zh: `上期 ${prior}，环比 ${pct}，超出 ${limit}`,
            en: `previous period ${prior}, ${pct} on the period, beyond ${limit}`,
          };
    }
    const past: number[] = [];
    let p = period;
    for (let i = 0; i < check.history; i++) {
      p = previousPeriod(p);
      const v = history(measure, p);
      if (v !== null) past.push(Number(v));
    }
    if (past.length < 3) return null;
    const mean = past.reduce((a, b) => a + b, 0) / past.length;
    const sd = Math.sqrt(past.reduce((a, b) => a + (b - mean) ** 2, 0) / (past.length - 1));
    if (sd === 0) return null;
    const z = (value - mean) / sd;
    if (Math.abs(z) <= check.threshold) return null;
    return {
      zh: `偏离本区近 ${past.length} 期平均 ${fmt(Number(mean.toFixed(2)))} 达 ${z.toFixed(1)} 个标准差（阈值 ${fmt(check.threshold)}）`,
      en: `${z.toFixed(1)} standard deviations from the area's mean of ${fmt(Number(mean.toFixed(2)))} over ${past.length} periods (limit ${fmt(check.threshold)})`,
    };
  }

  /**
   * The `districts_sum` rules of a form: Σ over the areas' values (left side) against the root area's value
   * (right side), each in the measure's unit. `areas` maps area → its values in the form's units.
   */
  checkDistrictSum(
    form: ReportForm,
    period: string,
    areas: ReadonlyMap<string, Readonly<Record<string, string | null>>>,
    city: Readonly<Record<string, string | null>>,
  ): Violation[] {
    const out: Violation[] = [];
    const formUnit = new Map(form.measures.map((m) => [m.measure, m.unit]));
    const sumOf = (m: string): number | null => {
      let total = 0;
      for (const values of areas.values()) {
        const v = values[m];
        if (v === null || v === undefined) return null;
        total += Number(convertDecimal(v, formUnit.get(m) ?? this.unitOf(m), this.unitOf(m)));
      }
      return total;
    };
    const cityOf = (m: string): number | null => {
      const v = city[m];
      return v === null || v === undefined ? null : Number(v);
    };
    for (const rule of rulesFor(this.plan, form).rules.filter((r) => r.scope === 'districts_sum')) {
      if (areas.size === 0) continue;
      const l = evaluate(parseExpression(rule.left), sumOf);
      const r = evaluate(parseExpression(rule.right), cityOf);
      if (l === null || r === null || holds(rule.operator, l, r, rule.tolerance)) continue;
      const measure = referencedIds(parseExpression(rule.left))[0]?.name ?? '';
      const cell = { form: form.id, area: this.plan.root_area, period, measure };
      const unit = this.unitOf(measure);
      const gap = r === 0 ? '' : `，相差 ${((l / r - 1) * 100).toFixed(1)}%`;
      out.push({
        rule: rule.id,
        rule_name: { zh: rule.name, en: rule.name_en ?? rule.name },
        importance: rule.importance,
        needs: rule.importance === 'warning' ? 'comment' : 'fix',
        note_key: rule.id,
        cell,
        label: this.names.cell(cell),
        values: [
          { measure, value: fmt(l), unit },
          { measure, value: fmt(r), unit },
        ],
        message: {
          zh: `${areas.size} 个区（市）县合计 ${fmt(l)} ${unit} 应 ≈ ${this.names.area(this.plan.root_area).zh} ${fmt(r)} ${unit}（容差 ${fmt((rule.tolerance ?? 0) * 100)}%）${gap}，不符合规则「${rule.name}」`,
          en: `the sum of ${areas.size} districts, ${fmt(l)}, should be ≈ ${this.names.area(this.plan.root_area).en} ${fmt(r)} (tolerance ${fmt((rule.tolerance ?? 0) * 100)}%): rule "${rule.name_en ?? rule.name}"`,
        },
        hint: {
          zh: rule.instruction ?? '核对各区县报表与全市数据',
          en: rule.instruction_en ?? 'Reconcile the district reports with the city figure',
        },
      });
    }
    return out;
  }
}

/**
 * Whether the violations let a submission through: no error, and every warning and outlier has a note.
 * Returns the ones still standing in the way.
 */
export function blocking(
  violations: readonly Violation[],
  notes: Readonly<Record<string, string>>,
): Violation[] {
  return violations.filter((v) => v.importance === 'error' || !notes[v.note_key]?.trim());
}
