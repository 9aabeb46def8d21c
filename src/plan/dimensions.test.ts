import { describe, expect, it } from 'vitest';
import { type Problem, UserError } from '../domain/user-error.js';
import { loadPlan, parsePlan } from './load-plan.js';

const F = 'dims.yaml';

/** A small plan with two dimensions; line numbers matter. */
const BASE = `id: t
version: "1"
metadata:
  title: 测试规划
  issuer: 测试
  period: { start: 2021, end: 2025, base_year: 2020 }
root_area: "510100"
areas:
  - { code: "510100", name: 成都市, kind: city }
measures:
  - { id: xb, name: 跨境电商交易额, unit: 亿元, aggregation: flow, breakdowns: [customs_mode, domain] }
indicators:
  - { id: xb, name: 跨境, unit: 亿元, category: 规模指标, direction: higher, measure: xb, source: { section: 一 } }
domains:
  - { id: retail_ec, name: 零售电商, group: 传统优势领域, scope: 零售, source: { section: 二 } }
dimensions:
  - id: customs_mode
    name: 跨境电商监管方式
    codes:
      - { code: 9610, name: 零售出口 }
      - { code: "9710", name: B2B直接出口 }
  - { id: domain, name: 重点领域, codes: domains }
baseline_facts:
  - { measure: xb, area: "510100", period: "2020", value: 1, unit: 亿元, breakdown: { customs_mode: "9610" }, source: { section: 一 } }
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

describe('plan dimensions', () => {
  it('resolves code lists, a bare code as text and `codes: domains` to the plan’s domains', () => {
    const plan = parsePlan(BASE, F);
    expect(plan.dimensions).toEqual([
      {
        id: 'customs_mode',
        name: '跨境电商监管方式',
        open: false,
        codes: [
          { code: '9610', name: '零售出口' },
          { code: '9710', name: 'B2B直接出口' },
        ],
      },
      { id: 'domain', name: '重点领域', open: false, codes: [{ code: 'retail_ec', name: '零售电商' }] },
    ]);
  });

  it('reports an undeclared dimension in a measure and an unknown code in a fact at file:line:column', () => {
    const text = BASE.replace(
      'breakdowns: [customs_mode, domain]',
      'breakdowns: [customs_mode, firm_type]',
    ).replace('breakdown: { customs_mode: "9610" }', 'breakdown: { customs_mode: "9999" }');
    expect(problemsOf(text).map((p) => `${p.place} ${p.value} ${p.message}（${p.hint}）`)).toEqual([
      'dims.yaml:11:86 firm_type measures[0].breakdowns[1]：分组维度「firm_type」未在 dimensions 中定义（可用维度：customs_mode、domain；或先在 dimensions 中定义它）',
      'dims.yaml:24:99 9999 baseline_facts[0].breakdown.customs_mode：维度 customs_mode 没有编码「9999」（可用编码：9610、9710）',
    ]);
  });

  it('reports a repeated dimension and a repeated code', () => {
    const text = BASE.replace(
      '{ code: "9710", name: B2B直接出口 }',
      '{ code: "9610", name: 又一个 }',
    ).replace(
      '{ id: domain, name: 重点领域, codes: domains }',
      '{ id: customs_mode, name: 重复, codes: domains }',
    );
    expect(problemsOf(text).map((p) => `${p.place} ${p.message}`)).toEqual([
      'dims.yaml:21:17 dimensions[0].codes[1].code：维度 customs_mode 的编码「9610」重复',
      'dims.yaml:22:11 dimensions[1].id：维度「customs_mode」重复',
      'dims.yaml:11:86 measures[0].breakdowns[1]：分组维度「domain」未在 dimensions 中定义',
    ]);
  });

  it('the bundled plans declare the dimensions their measures break down by', () => {
    const chengdu = loadPlan('plans/chengdu-ec-2021-2025.yaml');
    expect(chengdu.dimensions.map((d) => [d.id, d.codes.length, d.open])).toEqual([
      ['domain', 8, false],
      ['platform', 5, true],
      ['category', 17, false],
      ['customs_mode', 4, false],
      ['employment_type', 2, false],
      ['firm_type', 2, false],
    ]);
    const national = loadPlan('plans/national-ec-2021-2025.yaml');
    expect(national.dimensions.find((d) => d.id === 'customs_mode')?.codes.map((c) => c.code)).toEqual([
      '9610',
      '9710',
      '9810',
      '1210',
    ]);
  });
});
