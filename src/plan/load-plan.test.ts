import { describe, expect, it } from 'vitest';
import { type Problem, UserError } from '../domain/user-error.js';
import { loadPlan, parsePlan, planSummary } from './load-plan.js';

const F = 'test.yaml';

/** A small valid plan; each broken case below changes one thing in it. Line numbers matter. */
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
zones:
  - { id: core, name: 一核, kind: core, areas: ["510104"] }
measures:
  - { id: gmv, name: 交易额, unit: 亿元, aggregation: flow }
  - { id: retail, name: 社零, unit: 亿元, aggregation: flow }
indicators:
  - id: gmv
    name: 交易额
    unit: 亿元
    category: 规模指标
    direction: higher
    measure: gmv
    targets:
      - { year: 2025, value: 100, comparator: ">=" }
    source: { section: 一 }
baseline_facts:
  - { measure: gmv, area: "510100", period: "2020", value: 50.10, unit: 亿元, source: { section: 一 } }
`;

function replaced(from: string, to: string): string {
  if (!BASE.includes(from)) throw new Error(`fixture does not contain ${from}`);
  return BASE.replace(from, to);
}

function problemsOf(text: string): Problem[] {
  try {
    parsePlan(text, F);
  } catch (e) {
    if (e instanceof UserError) return e.problems;
    throw e;
  }
  throw new Error('the plan loaded without problems');
}

describe('the bundled Chengdu plan', () => {
  const plan = loadPlan('plans/chengdu-ec-2021-2025.yaml');

  it('has the nine 专栏4 headline indicators with their exact baselines and targets', () => {
    const headline = plan.indicators
      .filter((x) => x.headline)
      .map((x) => [
        x.id,
        x.unit,
        x.category,
        x.baseline?.value ?? null,
        x.target?.comparator,
        x.target?.value,
        x.target?.year,
      ]);
    expect(headline).toEqual([
      ['ec_transaction_volume', '亿元', '规模指标', 22637.5, '>=', 40000, 2025],
      ['online_retail_sales', '亿元', '规模指标', 4129.5, '>=', 8000, 2025],
      ['cross_border_ec_volume', '亿元', '规模指标', 435.82, '>=', 1200, 2025],
      ['ec_unicorn_gazelle_firms', '个', '企业指标', 5, '>=', 10, 2025],
      ['national_hq_new_business', '个', '企业指标', null, '=', 3, 2025],
      ['vertical_leaders', '个', '企业指标', null, '>=', 10, 2025],
      ['new_format_bases', '个', '新业态新模式', null, '=', 10, 2025],
      ['industrial_internet_platforms', '个', '新业态新模式', null, '=', 20, 2025],
      ['demonstration_scenes', '个', '应用场景', null, '=', 100, 2025],
    ]);
    expect(plan.indicators.filter((x) => x.headline).every((x) => x.direction === 'higher')).toBe(true);
  });

  it('has the 20 county-level units, three functional zones and Qingbaijiang in two belts', () => {
    expect(plan.root_area).toBe('510100');
    expect(plan.areas.filter((a) => ['district', 'county', 'county_city'].includes(a.kind))).toHaveLength(20);
    expect(plan.areas.filter((a) => a.kind === 'functional_zone').map((a) => a.code)).toEqual([
      '510171',
      '510172',
      '510173',
    ]);
    expect(plan.zones.filter((z) => z.areas.includes('510113')).map((z) => z.id)).toEqual([
      'industrial_digitalisation_belt',
      'cross_border_belt',
      'whole_city',
    ]);
    expect(plan.zones.find((z) => z.id === 'whole_city')?.areas).toHaveLength(23);
  });

  it('ties county targets to their area and keeps baseline facts as written', () => {
    const sales = plan.indicators.find((x) => x.id === 'ec_sales');
    expect(sales?.target).toMatchObject({ area: '510185', comparator: '>=', value: 1000, year: 2025 });
    const centres = plan.indicators.find((x) => x.id === 'ec_public_service_centers');
    expect(centres?.targets.map((t) => t.area)).toEqual(['510181', '510121', '510183']);
    const crossBorder = plan.baseline_facts
      .filter((f) => f.measure === 'cross_border_ec_volume')
      .map((f) => f.value);
    expect(crossBorder).toEqual(['435.8', '435.82']);
    const jobs = plan.baseline_facts
      .filter((f) => f.measure === 'ec_employment')
      .map((f) => [f.breakdown ?? null, f.value]);
    expect(jobs).toEqual([
      [null, '221.9'],
      [{ employment_type: 'direct' }, '100.5'],
      [{ employment_type: 'indirect' }, '121.4'],
    ]);
  });

  it('applies the defaults and summarises the plan', () => {
    expect(plan.tolerances).toEqual({ green: 0, yellow: -0.05 });
    expect(plan.feed_rules.map((r) => r.measure)).toEqual([
      'ec_transaction_volume',
      'online_retail_sales',
      'physical_goods_online_retail',
      'service_online_retail',
      'cross_border_ec_volume',
      'live_streaming_ec_volume',
      'agricultural_online_retail',
    ]);
    expect(plan.domain_rules).toHaveLength(9);
    expect(plan.domains.map((d) => d.name)).toEqual([
      '零售电商',
      '工业电商',
      '跨境电商',
      '农村电商',
      '生活服务电商',
      '直播电商',
      '定制电商',
      '社交电商',
    ]);
    expect(plan.actions.map((a) => a.tasks.length)).toEqual([3, 3, 2, 3, 2, 3, 3]);
    expect(planSummary(plan).split('\n')[1]).toBe('指标 33 个（主要目标 9 个），目标值 35 个，计量项 55 个');
  });
});

describe('the national plan', () => {
  it('loads with no code change', () => {
    const plan = loadPlan('plans/national-ec-2021-2025.yaml');
    expect(plan.root_area).toBe('100000');
    expect(plan.indicators.map((x) => [x.id, x.baseline?.value, x.target?.value, x.unit])).toEqual([
      ['ec_transaction_volume', 37.2, 46, '万亿元'],
      ['online_retail_sales', 11.8, 17, '万亿元'],
    ]);
  });
});

describe('a small valid plan', () => {
  it('normalises defaults and keeps a fact value exactly as written', () => {
    const plan = parsePlan(BASE, F);
    expect(plan.indicators[0]?.baseline).toBeNull();
    expect(plan.indicators[0]?.headline).toBe(false);
    expect(plan.indicators[0]?.target).toEqual({ year: 2025, value: 100, comparator: '>=' });
    expect(plan.baseline_facts[0]?.value).toBe('50.10');
    expect(plan.domain_rules).toEqual([]);
  });
});

describe('a broken plan names the place, path and value of each problem', () => {
  it('bad comparator', () => {
    const [p] = problemsOf(replaced('comparator: ">="', 'comparator: "=>"'));
    expect(p?.place).toBe('test.yaml:24:47');
    expect(p?.value).toBe('=>');
    expect(p?.message).toBe('indicators[0].targets[0].comparator：应为 >=、>、=、<=、< 之一');
  });

  it('unknown zone member', () => {
    const [p] = problemsOf(replaced('areas: ["510104"]', 'areas: ["510104", "510199"]'));
    expect(p?.place).toBe('test.yaml:12:57');
    expect(p?.message).toBe('zones[0].areas[1]：片区成员「510199」未在 areas 中定义');
  });

  it('duplicate indicator id, reported at the second one', () => {
    const dup = `  - { id: gmv, name: 重复, unit: 亿元, category: x, direction: higher, measure: gmv, source: { section: 一 } }\n`;
    const [p] = problemsOf(BASE.replace('baseline_facts:', `${dup}baseline_facts:`));
    expect(p?.place).toBe('test.yaml:26:11');
    expect(p?.message).toBe('indicators[1].id：指标编号「gmv」重复（第一次出现在第 1 项）');
  });

  it('expression cycle, with the cycle path', () => {
    const cycle = [
      '  - { id: a, name: A, unit: "%", category: x, direction: higher, expression: "b * 2", source: { section: 一 } }',
      '  - { id: b, name: B, unit: "%", category: x, direction: higher, expression: "gmv / a", source: { section: 一 } }',
      '',
    ].join('\n');
    const problems = problemsOf(BASE.replace('baseline_facts:', `${cycle}baseline_facts:`));
    expect(problems.map((p) => [p.place, p.message])).toEqual([
      ['test.yaml:26:78', 'indicators[1].expression：表达式循环引用：a → b → a'],
    ]);
  });

  it('expression with an unknown id, at the token', () => {
    const expr =
      '  - { id: share, name: 比重, unit: "%", category: x, direction: higher, expression: "gmv / retial * 100", source: { section: 一 } }\n';
    const [p] = problemsOf(BASE.replace('baseline_facts:', `${expr}baseline_facts:`));
    expect(p?.place).toBe('test.yaml:26:90');
    expect(p?.value).toBe('gmv / retial * 100');
    expect(p?.message).toBe('indicators[1].expression：表达式引用了未知编号「retial」');
  });

  it('unknown measure', () => {
    const [p] = problemsOf(replaced('    measure: gmv', '    measure: gmvx'));
    expect(p?.place).toBe('test.yaml:22:14');
    expect(p?.message).toBe('indicators[0].measure：计量项「gmvx」未在 measures 中定义');
    expect(p?.hint).toBe('改为 measures 中已定义的编号，或先在 measures 中定义它');
  });

  it('bad period in baseline_facts', () => {
    const [p] = problemsOf(replaced('period: "2020"', 'period: "2020-13"'));
    expect(p?.place).toBe('test.yaml:27:45');
    expect(p?.value).toBe('2020-13');
    expect(p?.message).toBe('baseline_facts[0].period：月份 13 不在 01–12 之间');
  });

  it('bad area code', () => {
    const problems = problemsOf(replaced('code: "510104"', 'code: "990104"'));
    expect(problems[0]?.place).toBe('test.yaml:10:13');
    expect(problems[0]?.message).toBe('areas[1].code：区划代码 990104 的省级部分 99 不存在');
  });

  it('missing required field, at the map that lacks it', () => {
    const [p] = problemsOf(replaced('    unit: 亿元\n', ''));
    expect(p?.place).toBe('test.yaml:17:5');
    expect(p?.message).toBe('indicators[0].unit：缺少必填字段');
  });

  it('unknown field, at its key', () => {
    const [p] = problemsOf(replaced('    unit: 亿元\n', '    unit: 亿元\n    unti: 亿元\n'));
    expect(p?.place).toBe('test.yaml:20:5');
    expect(p?.message).toBe('indicators[0].unti：未知字段');
  });

  it('both measure and expression', () => {
    const [p] = problemsOf(replaced('    measure: gmv\n', '    measure: gmv\n    expression: gmv * 2\n'));
    expect(p?.place).toBe('test.yaml:17:5');
    expect(p?.message).toBe('indicators[0]：必须且只能填写 measure 与 expression 之一');
  });

  it('YAML syntax error', () => {
    const [p] = problemsOf(replaced('  title: 测试规划', '  title: "测试规划'));
    expect(p?.place).toMatch(/^test\.yaml:4:\d+$/);
    expect(p?.message).toMatch(/^YAML 语法错误：/);
  });

  it('collects every problem, not just the first', () => {
    const text = replaced('    measure: gmv', '    measure: gmvx')
      .replace('period: "2020"', 'period: "2020-13"')
      .replace('unit: 亿元, source', 'unit: 千元, source');
    expect(problemsOf(text).map((p) => p.place)).toEqual([
      'test.yaml:22:14',
      'test.yaml:27:45',
      'test.yaml:27:76',
    ]);
  });

  it('a missing file names the path', () => {
    expect(() => loadPlan('plans/nope.yaml')).toThrow(/plans\/nope\.yaml: 无法读取计划文件：ENOENT/);
  });
});

describe('publication policy', () => {
  it('reads when each source becomes public, on_commit unless the plan says otherwise', () => {
    expect(parsePlan(BASE, F).publication).toEqual({});
    const held = parsePlan(`${BASE}publication: { import: on_approval }\n`, F);
    expect(held.publication).toEqual({ import: 'on_approval' });
  });

  it('names the place of a policy it does not know', () => {
    const [p] = problemsOf(`${BASE}publication:\n  feed: at_once\n`);
    expect(p?.place).toBe('test.yaml:29:9');
    expect(p?.value).toBe('at_once');
    expect(p?.message).toBe('publication.feed：应为 on_commit、on_approval 之一');
  });
});

describe('annual targets and allocations (年度目标, 目标分解)', () => {
  const target = '      - { year: 2025, value: 100, comparator: ">=" }';
  it('normalises a district allocation into a target of its own, with the parent year and comparator', () => {
    const plan = parsePlan(
      replaced(
        target,
        `${target.slice(0, -2)}, annual_targets: [{ year: 2023, value: 80 }], allocations: [{ area: "510104", value: 30 }] }`,
      ),
      F,
    );
    const gmv = plan.indicators[0];
    expect(gmv?.target?.annual_targets).toEqual([{ year: 2023, value: 80 }]);
    expect(gmv?.allocations).toEqual([
      { year: 2025, comparator: '>=', area: '510104', value: 30, source: { section: '一 目标分解' } },
    ]);
    expect(plan.judgement).toEqual({ sub_year: 'seasonal', seasonal_years: 3 });
  });

  it('refuses an annual target outside the years between baseline and target, and an unknown area', () => {
    const problems = problemsOf(
      replaced(
        target,
        `${target.slice(0, -2)}, annual_targets: [{ year: 2025, value: 80 }], allocations: [{ area: "510199", value: 30 }] }`,
      ),
    );
    expect(problems.map((p) => p.message)).toEqual([
      'indicators[0].targets[0].annual_targets[0].year：年度目标年份 2025 不在基期 2020 与目标年 2025 之间',
      'indicators[0].targets[0].allocations[0].area：目标分解区划「510199」未在 areas 中定义',
    ]);
  });
});
