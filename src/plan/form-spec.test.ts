import { describe, expect, it } from 'vitest';
import { type Problem, UserError } from '../domain/user-error.js';
import { loadPlan, parsePlan } from './load-plan.js';

const F = 'forms.yaml';

/** A small valid plan with one form and its rules; each case below breaks one line. Line numbers matter. */
const BASE = `id: t
version: "1"
metadata:
  title: 测试规划
  issuer: 测试
  period: { start: 2021, end: 2025, base_year: 2020 }
root_area: "510100"
areas:
  - { code: "510100", name: 成都市, kind: city }
  - { code: "510104", name: 锦江区, kind: district, parent: "510100" }
  - { code: "510105", name: 青羊区, kind: district, parent: "510100" }
  - { code: "510171", name: 天府新区, kind: functional_zone, parent: "510100" }
measures:
  - { id: gmv, name: 交易额, unit: 亿元, aggregation: flow }
  - { id: retail, name: 网零, unit: 亿元, aggregation: flow }
indicators:
  - { id: gmv, name: 交易额, unit: 亿元, category: 规模, direction: higher, measure: gmv, source: { section: 一 } }
forms:
  - id: monthly
    name: 月报
    areas: districts
    period: monthly
    deadline: { day: 10 }
    measures: [gmv, { measure: retail, unit: 万元 }]
validation_rules:
  - { id: r1, name: 网零不超过交易额, left: retail, operator: "<=", right: gmv }
  - { id: r2, name: 合计, scope: districts_sum, left: retail, operator: ≈, right: retail, tolerance: 0.02, importance: warning }
outlier_checks:
  - { id: o1, name: 同比, measures: [retail], method: yoy, threshold: 0.5 }
`;

function problemsOf(text: string): Problem[] {
  try {
    parsePlan(text, F);
  } catch (e) {
    if (e instanceof UserError) return e.problems;
    throw e;
  }
  throw new Error('the plan loaded without problems');
}

const broken = (from: string, to: string): Problem[] => {
  if (!BASE.includes(from)) throw new Error(`fixture lacks ${from}`);
  return problemsOf(BASE.replace(from, to));
};

describe('report forms in the plan', () => {
  it('resolves districts to the county-level units under the root (not functional zones) and units per measure', () => {
    const plan = parsePlan(BASE, F);
    expect(plan.forms).toEqual([
      {
        id: 'monthly',
        name: '月报',
        areas: ['510104', '510105'],
        period: 'monthly',
        deadline: { day: 10, months_after: 1 },
        measures: [
          { measure: 'gmv', unit: '亿元', required: true },
          { measure: 'retail', unit: '万元', required: true },
        ],
        approval_levels: ['city'],
      },
    ]);
    expect(plan.validation_rules?.map((r) => [r.id, r.importance, r.scope, r.right])).toEqual([
      ['r1', 'error', 'area', 'gmv'],
      ['r2', 'warning', 'districts_sum', 'retail'],
    ]);
    expect(plan.outlier_checks?.[0]?.history).toBe(12);
  });

  it('names file:line:column of an unknown measure in a form and in a rule expression (at the token)', () => {
    expect(broken('measures: [gmv, {', 'measures: [gmvx, {')).toEqual([
      {
        place: 'forms.yaml:24:16',
        value: 'gmvx',
        message: 'forms[0].measures[0]：计量项「gmvx」未定义',
        hint: '先在 measures 中定义它，或改为已定义的编号',
      },
    ]);
    expect(broken('right: gmv }', 'right: gmv * 2 + sales }')).toEqual([
      {
        place: 'forms.yaml:26:78',
        value: 'gmv * 2 + sales',
        message: 'validation_rules[0].right：表达式引用的计量项「sales」未定义',
        hint: '校验规则的表达式只能引用 measures 中的计量项编号',
      },
    ]);
  });

  it('refuses an unknown operator, a ≈ without tolerance and a bad deadline, each at its place', () => {
    expect(broken('operator: "<="', 'operator: "=<"')[0]).toMatchObject({
      place: 'forms.yaml:26:55',
      value: '=<',
      message: 'validation_rules[0].operator：应为 <=、<、>=、>、=、!=、≈ 之一',
    });
    expect(broken('tolerance: 0.02, ', '')).toEqual([
      {
        place: 'forms.yaml:27:5',
        value: '',
        message: 'validation_rules[1].tolerance：运算符 ≈ 须给出容差',
        hint: '如 tolerance: 0.01 表示相差不超过右侧的 1%',
      },
    ]);
    expect(broken('deadline: { day: 10 }', 'deadline: { day: 31 }')[0]).toMatchObject({
      place: 'forms.yaml:23:22',
      value: '31',
      message: 'forms[0].deadline.day：应不大于 28',
    });
  });

  it('approval levels: the city by default, or a district reviewer first; another order is refused at its place', () => {
    const two = parsePlan(
      BASE.replace('deadline: { day: 10 }', 'deadline: { day: 10 }\n    approval_levels: [district, city]'),
      F,
    );
    expect(two.forms?.[0]?.approval_levels).toEqual(['district', 'city']);
    expect(
      broken('deadline: { day: 10 }', 'deadline: { day: 10 }\n    approval_levels: [city, district]'),
    ).toEqual([
      {
        place: 'forms.yaml:24:22',
        value: '',
        message:
          'forms[0].approval_levels：审核层级应为 [city] 或 [district, city]（先区县审核，再市局审批）',
        hint: '字段说明见 docs/plan-format.md',
      },
    ]);
  });

  it('the Chengdu plan has a monthly district form due on the 10th with its rules', () => {
    const plan = loadPlan('plans/chengdu-ec-2021-2025.yaml');
    const form = plan.forms?.find((f) => f.id === 'district_monthly_ec');
    expect(form?.areas.length).toBe(20);
    expect(form?.approval_levels).toEqual(['district', 'city']);
    expect(form?.areas).toContain('510104');
    expect(form?.measures.map((m) => `${m.measure}:${m.unit}`)).toEqual([
      'ec_transaction_volume:万元',
      'online_retail_sales:万元',
      'physical_goods_online_retail:万元',
    ]);
    expect(plan.validation_rules?.map((r) => r.id)).toEqual([
      'retail_within_volume',
      'physical_within_retail',
      'volume_not_negative',
      'retail_not_negative',
      'retail_districts_sum_city',
    ]);
  });
});
