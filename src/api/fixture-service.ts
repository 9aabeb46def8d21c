/**
 * DEVELOPMENT FIXTURE — not the real service. A {@link DashboardService} over a small hand-made data set
 * for the Chengdu plan's nine headline indicators (专栏4: real 2020 baselines and 2025 targets), so the
 * web app and the HTTP layer can be run, tested and screenshotted before the store and engine exist.
 * Every value after 2020 is invented and marked simulated. The maths here is deliberately simple; the
 * real figures come from `src/engine`.
 */
import { type MonthValue, rollUp } from '../domain/aggregation.js';
import {
  formatPeriod,
  isFullYear,
  monthSpan,
  type Period,
  parsePeriod,
  periodEndYear,
  previousPeriod,
  sameperiodLastYear,
} from '../domain/period.js';
import { UserError } from '../domain/user-error.js';
import type { Component, IndicatorResult, ProgressStatus } from '../engine/indicator-result.js';
import type { Area, Domain, Indicator, PlanMetadata, Zone } from '../plan/plan-types.js';
import type {
  BatchesResponse,
  DashboardService,
  DistrictRow,
  Frequency,
  MetaResponse,
  PathPoint,
  SparkPoint,
} from './contract.js';

const ROOT = '510100';
const BASE_YEAR = 2020;
const TARGET_YEAR = 2025;
const LATEST_MONTH = '2024-10';
const PLAN_SOURCE = '二(三)1 专栏4';

const metadata: PlanMetadata = {
  title: '成都市电子商务发展“十四五”规划',
  title_en: 'Chengdu 14th Five-Year Plan for E-commerce Development',
  issuer: '成都市商务局',
  issued: '2021-12-01',
  period: { start: 2021, end: 2025, base_year: BASE_YEAR },
};

interface FixtureIndicator {
  id: string;
  name: string;
  name_en: string;
  unit: string;
  category: string;
  baseline: number | null;
  target: number;
  comparator: '>=' | '=';
  /** Year-end (stock) or yearly (flow) values after the baseline year, simulated. */
  years: Record<number, number>;
  flow: boolean;
  item: number;
}

const INDICATORS: FixtureIndicator[] = [
  {
    id: 'ec_transaction',
    name: '电子商务交易额',
    name_en: 'E-commerce transaction volume',
    unit: '亿元',
    category: '规模指标',
    baseline: 22637.5,
    target: 40000,
    comparator: '>=',
    years: { 2021: 25310.4, 2022: 27688.2, 2023: 30912.6, 2024: 34150 },
    flow: true,
    item: 1,
  },
  {
    id: 'online_retail',
    name: '网上零售额',
    name_en: 'Online retail sales',
    unit: '亿元',
    category: '规模指标',
    baseline: 4129.5,
    target: 8000,
    comparator: '>=',
    years: { 2021: 4650.3, 2022: 5102.8, 2023: 5688.1, 2024: 6240 },
    flow: true,
    item: 2,
  },
  {
    id: 'cross_border',
    name: '跨境电商交易额',
    name_en: 'Cross-border e-commerce volume',
    unit: '亿元',
    category: '规模指标',
    baseline: 435.82,
    target: 1200,
    comparator: '>=',
    years: { 2021: 512.4, 2022: 590.7, 2023: 668.3, 2024: 745 },
    flow: true,
    item: 3,
  },
  {
    id: 'unicorn_gazelle',
    name: '电商独角兽企业、瞪羚企业',
    name_en: 'E-commerce unicorn and gazelle firms',
    unit: '个',
    category: '企业指标',
    baseline: 5,
    target: 10,
    comparator: '>=',
    years: { 2021: 6, 2022: 7, 2023: 9 },
    flow: false,
    item: 4,
  },
  {
    id: 'national_hq',
    name: '电商企业新业务全国总部',
    name_en: 'National HQs of new e-commerce businesses',
    unit: '个',
    category: '企业指标',
    baseline: null,
    target: 3,
    comparator: '=',
    years: { 2022: 1, 2023: 1 },
    flow: false,
    item: 5,
  },
  {
    id: 'vertical_leaders',
    name: '垂直领域电商龙头企业',
    name_en: 'Vertical e-commerce leaders',
    unit: '个',
    category: '企业指标',
    baseline: null,
    target: 10,
    comparator: '>=',
    years: { 2021: 2, 2022: 4, 2023: 5 },
    flow: false,
    item: 6,
  },
  {
    id: 'new_format_bases',
    name: '电商新业态基地',
    name_en: 'New-format e-commerce bases',
    unit: '个',
    category: '新业态新模式',
    baseline: null,
    target: 10,
    comparator: '=',
    years: { 2022: 3, 2023: 6 },
    flow: false,
    item: 7,
  },
  {
    id: 'industrial_platforms',
    name: '工业互联网平台',
    name_en: 'Industrial internet platforms',
    unit: '个',
    category: '新业态新模式',
    baseline: null,
    target: 20,
    comparator: '=',
    years: { 2021: 5, 2022: 9, 2023: 12 },
    flow: false,
    item: 8,
  },
  {
    id: 'demo_scenes',
    name: '电子商务示范场景',
    name_en: 'E-commerce demonstration scenes',
    unit: '个',
    category: '应用场景',
    baseline: null,
    target: 100,
    comparator: '=',
    years: {},
    flow: false,
    item: 9,
  },
];

const CATEGORIES = ['规模指标', '企业指标', '新业态新模式', '应用场景'];

/** District weights in the city total (sum 1), and a yearly drift so districts grow at different rates. */
const AREAS: [
  code: string,
  name: string,
  name_en: string,
  kind: Area['kind'],
  weight: number,
  drift: number,
][] = [
  ['510104', '锦江区', 'Jinjiang', 'district', 0.085, 0.01],
  ['510105', '青羊区', 'Qingyang', 'district', 0.07, 0.0],
  ['510106', '金牛区', 'Jinniu', 'district', 0.075, -0.01],
  ['510107', '武侯区', 'Wuhou', 'district', 0.11, 0.015],
  ['510108', '成华区', 'Chenghua', 'district', 0.06, 0.005],
  ['510112', '龙泉驿区', 'Longquanyi', 'district', 0.045, 0.02],
  ['510113', '青白江区', 'Qingbaijiang', 'district', 0.025, 0.03],
  ['510114', '新都区', 'Xindu', 'district', 0.04, 0.01],
  ['510115', '温江区', 'Wenjiang', 'district', 0.025, 0.0],
  ['510116', '双流区', 'Shuangliu', 'district', 0.055, 0.025],
  ['510117', '郫都区', 'Pidu', 'district', 0.03, 0.005],
  ['510118', '新津区', 'Xinjin', 'district', 0.012, 0.02],
  ['510121', '金堂县', 'Jintang', 'county', 0.01, 0.01],
  ['510129', '大邑县', 'Dayi', 'county', 0.008, 0.0],
  ['510131', '蒲江县', 'Pujiang', 'county', 0.007, 0.03],
  ['510181', '都江堰市', 'Dujiangyan', 'county_city', 0.015, 0.01],
  ['510182', '彭州市', 'Pengzhou', 'county_city', 0.012, -0.005],
  ['510183', '邛崃市', 'Qionglai', 'county_city', 0.009, 0.0],
  ['510184', '崇州市', 'Chongzhou', 'county_city', 0.01, 0.005],
  ['510185', '简阳市', 'Jianyang', 'county_city', 0.012, 0.04],
  ['510171', '四川天府新区成都直管区', 'Tianfu New Area (Chengdu)', 'functional_zone', 0.07, 0.03],
  ['510172', '成都东部新区', 'Chengdu Eastern New Area', 'functional_zone', 0.015, 0.05],
  ['510173', '成都高新区', 'Chengdu Hi-tech Zone', 'functional_zone', 0.2, 0.01],
];

const areas: Area[] = [
  { code: ROOT, name: '成都市', name_en: 'Chengdu', kind: 'city', parent: '510000' },
  ...AREAS.map(
    ([code, name, name_en, kind]): Area => ({
      code,
      name,
      name_en,
      kind,
      parent: ROOT,
      ...(kind === 'functional_zone' ? { code_note: '功能区代码由规划文件指定，非 GB/T 2260' } : {}),
    }),
  ),
];

const zoneSource = (section: string) => ({ section });
const zones: Zone[] = [
  {
    id: 'core',
    name: '一核',
    name_en: 'Core',
    kind: 'core',
    areas: ['510107', '510173', '510104', '510108', '510105', '510106'],
    source: zoneSource('四(一)'),
  },
  {
    id: 'industrial_digital',
    name: '产业数字化融合发展片区',
    name_en: 'Industrial digitalisation belt',
    kind: 'belt',
    areas: ['510117', '510182', '510113', '510114', '510112'],
    source: zoneSource('四(二)'),
  },
  {
    id: 'cross_border',
    name: '跨境电商及综合配套发展片区',
    name_en: 'Cross-border e-commerce belt',
    kind: 'belt',
    areas: ['510116', '510171', '510172', '510185', '510121', '510113'],
    source: zoneSource('四(二)'),
  },
  {
    id: 'rural',
    name: '农村电商创新发展片区',
    name_en: 'Rural e-commerce belt',
    kind: 'belt',
    areas: ['510181', '510184', '510129', '510183', '510131', '510115', '510118'],
    source: zoneSource('四(二)'),
  },
];

const DOMAIN_DEFS: [
  id: string,
  name: string,
  name_en: string,
  group: string,
  share: number,
  drift: number,
][] = [
  ['retail', '零售电商', 'Retail e-commerce', '传统优势领域', 0.19, 0.005],
  ['industrial', '工业电商', 'Industrial e-commerce', '传统优势领域', 0.52, -0.01],
  ['cross_border', '跨境电商', 'Cross-border e-commerce', '未来潜力领域', 0.021, 0.04],
  ['life_service', '生活服务电商', 'Life-service e-commerce', '未来潜力领域', 0.09, 0.02],
  ['rural', '农村电商', 'Rural e-commerce', '未来潜力领域', 0.035, 0.03],
  ['live_streaming', '直播电商', 'Live-streaming e-commerce', '新业态新模式', 0.03, 0.12],
  ['custom', '定制电商', 'Custom-made e-commerce', '新业态新模式', 0.012, 0.05],
  ['social', '社交电商', 'Social e-commerce', '新业态新模式', 0.02, 0.06],
];

const domains: Domain[] = DOMAIN_DEFS.map(([id, name, name_en, group]) => ({
  id,
  name,
  name_en,
  group,
  scope: `${name}（开发样例）`,
  source: { section: '三、重点领域' },
}));

const indicators: Indicator[] = INDICATORS.map((f) => {
  const source = { section: `${PLAN_SOURCE} 第${f.item}项` };
  const target = { year: TARGET_YEAR, value: f.target, comparator: f.comparator, source };
  return {
    id: f.id,
    name: f.name,
    name_en: f.name_en,
    unit: f.unit,
    category: f.category,
    direction: 'higher',
    measure: f.id,
    baseline: f.baseline === null ? null : { year: BASE_YEAR, value: f.baseline, source },
    target,
    targets: [target],
    headline: true,
    source,
  };
});

/** Seasonal weights of a year's flow by month (December peaks with 双十二, November with 双十一). */
const SEASON = [0.072, 0.062, 0.078, 0.078, 0.081, 0.088, 0.08, 0.08, 0.083, 0.086, 0.107, 0.105];
const pad = (n: number) => String(n).padStart(2, '0');
const round = (v: number, digits = 2) => Math.round(v * 10 ** digits) / 10 ** digits;

/** Monthly city values of a flow indicator, 2020-01 to LATEST_MONTH. */
function monthlyFlow(f: FixtureIndicator): MonthValue[] {
  const yearly: Record<number, number> = { ...f.years, [BASE_YEAR]: f.baseline ?? 0 };
  const out: MonthValue[] = [];
  for (let year = BASE_YEAR; year <= 2024; year++) {
    const total = yearly[year] ?? 0;
    SEASON.forEach((w, i) => {
      const month = `${year}-${pad(i + 1)}`;
      if (month <= LATEST_MONTH) out.push({ month, value: total * w });
    });
  }
  return out;
}

/** Year-end values of a stock indicator, put in December. */
function yearEndStock(f: FixtureIndicator): MonthValue[] {
  const out: MonthValue[] = [];
  if (f.baseline !== null) out.push({ month: `${BASE_YEAR}-12`, value: f.baseline });
  for (const [year, value] of Object.entries(f.years)) out.push({ month: `${year}-12`, value });
  return out;
}

function areaShare(area: string, year: number): number {
  if (area === ROOT) return 1;
  const norm = AREAS.reduce((s, [, , , , w, d]) => s + w * (1 + d) ** (year - BASE_YEAR), 0);
  const row = AREAS.find(([code]) => code === area);
  return row ? (row[4] * (1 + row[5]) ** (year - BASE_YEAR)) / norm : 0;
}

function fixture(id: string): FixtureIndicator {
  const f = INDICATORS.find((i) => i.id === id);
  if (!f) throw new UserError({ place: 'id', value: id, message: `未知指标「${id}」` });
  return f;
}

const months = new Map(INDICATORS.map((f) => [f.id, f.flow ? monthlyFlow(f) : yearEndStock(f)]));

/** Value of an indicator for an area and period; districts exist only for flows. */
function valueAt(f: FixtureIndicator, area: string, p: Period): number | null {
  if (area !== ROOT && !f.flow) return null;
  const v = rollUp(months.get(f.id) ?? [], p, f.flow ? 'flow' : 'stock');
  if (v === null) return null;
  return round(v * areaShare(area, p.year), f.flow ? 2 : 0);
}

/** Whether the value is simulated (everything but the plan's 2020 baseline). */
const simulatedAt = (p: Period) => p.year > BASE_YEAR;

const growth = (v: number | null, prev: number | null) =>
  v === null || prev === null || prev === 0 ? null : v / prev - 1;

/** Published comparable-basis growth: differs from the naive ratio, as official rates do. */
const COMPARABLE_ADJUST = 0.006;

function evaluate(f: FixtureIndicator, area: string, p: Period): IndicatorResult {
  const period = formatPeriod(p);
  const value = valueAt(f, area, p);
  const lastYear = sameperiodLastYear(p);
  const prev = valueAt(f, area, lastYear);
  const naive = growth(value, prev);
  const comparable =
    naive !== null && f.flow && area === ROOT && p.year > BASE_YEAR ? naive + COMPARABLE_ADJUST : null;
  const src = (q: Period) => (simulatedAt(q) ? `batch:fixture-${q.year}` : `${PLAN_SOURCE} 第${f.item}项`);
  const input = (q: Period, v: number | null, measure = f.id) => ({
    measure,
    area,
    period: formatPeriod(q),
    value: v,
    unit: f.unit,
    source: src(q),
    ...(simulatedAt(q) ? { simulated: true } : {}),
  });
  const components: Component[] = [
    {
      of: 'value',
      formula: f.flow ? `Σ 月度值（${period}）= ${value ?? '—'}` : `期末存量（${period}）= ${value ?? '—'}`,
      method: f.flow ? 'flow: sum of months' : 'stock: value at period end',
      inputs: [input(p, value)],
    },
  ];
  let yoy: IndicatorResult['yoy'] = null;
  if (naive !== null) {
    yoy = {
      value: comparable ?? naive,
      naive,
      basis: comparable !== null ? 'published_comparable' : 'naive',
    };
    components.push({
      of: 'yoy',
      formula:
        comparable !== null
          ? `公布可比口径增速 ${(comparable * 100).toFixed(1)}%；按水平计算 ${value}/${prev} − 1 = ${(naive * 100).toFixed(1)}%`
          : `${value}/${prev} − 1 = ${(naive * 100).toFixed(1)}%`,
      method: comparable !== null ? 'published comparable-basis growth (可比口径)' : 'naive ratio of levels',
      inputs: [input(p, value), input(lastYear, prev)],
      ...(comparable !== null ? { note: '公布增速按可比口径计算，与相邻年份水平之比不同' } : {}),
    });
  }
  const mom = p.kind === 'month' ? growth(value, valueAt(f, area, previousPeriod(p))) : null;

  const isRoot = area === ROOT;
  const yearEnd = isFullYear(p);
  const baselineValue = isRoot ? f.baseline : valueAt(f, area, { kind: 'year', year: BASE_YEAR });
  const baseline = baselineValue !== null ? { year: BASE_YEAR, value: baselineValue } : null;
  const target = isRoot ? { year: TARGET_YEAR, value: f.target, comparator: f.comparator } : null;
  const t = periodEndYear(p);
  const elapsed = t - BASE_YEAR;
  const judged = value !== null && yearEnd;

  const multiple = judged && baseline ? value / baseline.value : null;
  const avgGrowth = judged && baseline && elapsed > 0 ? (value / baseline.value) ** (1 / elapsed) - 1 : null;
  const completion = judged && target ? value / target.value : null;

  let schedule: IndicatorResult['schedule'] = null;
  let requiredGrowth: number | null = null;
  let projection: IndicatorResult['projection'] = null;
  let progress: IndicatorResult['progress'] = null;
  if (judged && target) {
    const span = TARGET_YEAR - BASE_YEAR;
    const expected = baseline
      ? baseline.value * (target.value / baseline.value) ** (elapsed / span)
      : (target.value * elapsed) / span;
    const gap = (value - expected) / expected;
    schedule = {
      expected: round(expected),
      gap,
      status: gap >= 0 ? 'green' : gap >= -0.05 ? 'yellow' : 'red',
    };
    components.push({
      of: 'schedule',
      formula: baseline
        ? `序时进度 = ${baseline.value} × (${target.value}/${baseline.value})^(${elapsed}/${span}) = ${round(expected)}；差距 = ${value}/${round(expected)} − 1 = ${(gap * 100).toFixed(1)}%`
        : `序时进度 = ${target.value} × ${elapsed}/${span} = ${round(expected)}；差距 = ${(gap * 100).toFixed(1)}%`,
      method: baseline
        ? 'constant-growth path from baseline to target (序时进度)'
        : 'linear path from zero (no baseline)',
      inputs: [
        input(p, value),
        ...(baseline ? [input({ kind: 'year', year: BASE_YEAR }, baseline.value)] : []),
      ],
    });
    const left = TARGET_YEAR - t;
    requiredGrowth = left > 0 && value > 0 ? (target.value / value) ** (1 / left) - 1 : null;
    const projected = avgGrowth !== null ? value * (1 + avgGrowth) ** left : (value / elapsed) * span;
    projection = { year: TARGET_YEAR, value: round(projected), meets_target: projected >= target.value };
    components.push({
      of: 'projection',
      formula:
        avgGrowth !== null
          ? `${value} × (1 + ${(avgGrowth * 100).toFixed(2)}%)^${left} = ${round(projected)}`
          : `${value} / ${elapsed} × ${span} = ${round(projected)}`,
      method: avgGrowth !== null ? 'trailing average growth since baseline' : 'linear trend since base year',
      inputs: [input(p, value)],
    });
    const status: ProgressStatus = (() => {
      if (value >= target.value) return 'target_achieved';
      if (!baseline) {
        const ratio = value / expected;
        return ratio >= 0.95
          ? 'substantial_progress'
          : ratio >= 0.5
            ? 'moderate_progress'
            : 'limited_progress';
      }
      const needed = (target.value / baseline.value) ** (1 / span) - 1;
      const ratio = (avgGrowth ?? 0) / needed;
      if (ratio >= 0.95) return 'substantial_progress';
      if (ratio >= 0.5) return 'moderate_progress';
      if (ratio >= 0) return 'limited_progress';
      return 'deterioration';
    })();
    const score = {
      target_achieved: 5,
      substantial_progress: 4,
      moderate_progress: 3,
      limited_progress: 2,
      deterioration: 1,
      not_available: null,
    }[status];
    progress = {
      method: 2,
      p:
        baseline && avgGrowth !== null
          ? round(avgGrowth / ((target.value / baseline.value) ** (1 / span) - 1), 4)
          : null,
      score,
      status,
    };
    components.push({
      of: 'progress',
      formula: `Open SDG 方法2（有目标）：${status}`,
      method: 'Open SDG / Statistics Canada progress status, method 2',
      inputs: [input(p, value)],
    });
  }
  return {
    indicator: f.id,
    name: f.name,
    area,
    period,
    value,
    unit: f.unit,
    yoy,
    mom,
    baseline,
    target,
    multiple_of_baseline: multiple,
    avg_growth_since_baseline: avgGrowth,
    completion,
    schedule,
    required_growth: requiredGrowth,
    projection,
    progress,
    simulated: value !== null && simulatedAt(p),
    components,
  };
}

/** Periods of a frequency from the base year to the latest month, oldest first. */
function periodsOf(frequency: Frequency): Period[] {
  const [ly, lm] = LATEST_MONTH.split('-').map(Number) as [number, number];
  const out: Period[] = [];
  for (let year = BASE_YEAR; year <= ly; year++) {
    const last = year === ly ? lm : 12;
    if (frequency === 'year' && last === 12) out.push({ kind: 'year', year });
    for (let m = 1; m <= last; m++) {
      if (frequency === 'month') out.push({ kind: 'month', year, month: m });
      if (frequency === 'cumulative') out.push({ kind: 'range', year, from: 1, to: m });
      if (frequency === 'quarter' && m % 3 === 0) out.push({ kind: 'quarter', year, quarter: m / 3 });
    }
  }
  return out;
}

/** The latest period at or before `p` that has a value: the same period, else the latest year-end before it. */
function latestWithValue(f: FixtureIndicator, area: string, p: Period): Period | null {
  if (valueAt(f, area, p) !== null) return p;
  const { year, to } = monthSpan(p);
  for (let y = to === 12 ? year : year - 1; y >= BASE_YEAR; y--) {
    if (valueAt(f, area, { kind: 'year', year: y }) !== null) return { kind: 'year', year: y };
  }
  return null;
}

function sparkline(f: FixtureIndicator, area: string, toYear: number): SparkPoint[] {
  const out: SparkPoint[] = [];
  for (let year = BASE_YEAR; year <= toYear; year++) {
    out.push({ period: String(year), value: valueAt(f, area, { kind: 'year', year }) });
  }
  return out;
}

const BATCHES: BatchesResponse = {
  batches: [
    {
      id: 'plan-2021-12',
      kind: 'plan',
      platform: null,
      period: '2020',
      file: 'plans/chengdu-ec-2021-2025.yaml',
      status: 'committed',
      rows: 9,
      rejected: 0,
      observations: 9,
      simulated: false,
      loaded_at: '2024-11-02T08:00:00Z',
      replaces: null,
    },
    {
      id: 'fixture-2021',
      kind: 'import',
      platform: null,
      period: '2021',
      file: 'fixture/annual-2021.xlsx',
      status: 'committed',
      rows: 312,
      rejected: 0,
      observations: 312,
      simulated: true,
      loaded_at: '2024-11-02T08:01:00Z',
      replaces: null,
    },
    {
      id: 'fixture-2022',
      kind: 'import',
      platform: null,
      period: '2022',
      file: 'fixture/annual-2022.xlsx',
      status: 'committed',
      rows: 312,
      rejected: 0,
      observations: 312,
      simulated: true,
      loaded_at: '2024-11-02T08:02:00Z',
      replaces: null,
    },
    {
      id: 'fixture-2023',
      kind: 'import',
      platform: null,
      period: '2023',
      file: 'fixture/annual-2023.xlsx',
      status: 'partial',
      rows: 318,
      rejected: 6,
      observations: 312,
      simulated: true,
      loaded_at: '2024-11-02T08:03:00Z',
      replaces: null,
    },
    {
      id: 'feed-taobao-2024-10-a',
      kind: 'feed',
      platform: 'taobao',
      period: '2024-10',
      file: 'feeds/taobao-2024-10.csv',
      status: 'replaced',
      rows: 181_204,
      rejected: 12,
      observations: 23,
      simulated: true,
      loaded_at: '2024-11-05T02:00:00Z',
      replaces: null,
    },
    {
      id: 'feed-taobao-2024-10-b',
      kind: 'feed',
      platform: 'taobao',
      period: '2024-10',
      file: 'feeds/taobao-2024-10.csv',
      status: 'committed',
      rows: 181_260,
      rejected: 0,
      observations: 23,
      simulated: true,
      loaded_at: '2024-11-06T02:00:00Z',
      replaces: 'feed-taobao-2024-10-a',
    },
    {
      id: 'feed-jd-2024-10',
      kind: 'feed',
      platform: 'jd',
      period: '2024-10',
      file: 'feeds/jd-2024-10.parquet',
      status: 'committed',
      rows: 96_530,
      rejected: 0,
      observations: 23,
      simulated: true,
      loaded_at: '2024-11-06T02:10:00Z',
      replaces: null,
    },
    {
      id: 'feed-douyin-2024-10',
      kind: 'feed',
      platform: 'douyin',
      period: '2024-10',
      file: 'feeds/douyin-2024-10.ndjson',
      status: 'rolled_back',
      rows: 40_000,
      rejected: 40_000,
      observations: 0,
      simulated: true,
      loaded_at: '2024-11-06T02:20:00Z',
      replaces: null,
    },
  ],
};

/**
 * Creates the development fixture service (async like the real factory, so callers need not change).
 *
 * @example
 * const app = buildServer({ service: await createFixtureService() });
 */
export async function createFixtureService(): Promise<DashboardService> {
  const meta: MetaResponse = {
    plan: { id: 'chengdu-ec-2021-2025', version: 'fixture', metadata },
    simulated: true,
    data_version: 1,
    latest_month: LATEST_MONTH,
    years: [2020, 2021, 2022, 2023, 2024],
    root_area: ROOT,
    areas,
    zones,
    domains,
    indicators,
    categories: CATEGORIES,
  };

  return {
    async meta() {
      return meta;
    },

    async overview({ period, area = ROOT }) {
      const p = parsePeriod(period);
      return {
        period,
        area,
        groups: CATEGORIES.map((category) => ({
          category,
          rows: INDICATORS.filter((f) => f.category === category).map((f) => {
            const at = latestWithValue(f, area, p);
            return {
              result: evaluate(f, area, at ?? p),
              latest_period: at ? formatPeriod(at) : null,
              sparkline: sparkline(f, area, p.year),
            };
          }),
        })),
      };
    },

    async indicator({ id, area = ROOT, frequency, period }) {
      const f = fixture(id);
      const series = periodsOf(frequency).map((p) => evaluate(f, area, p));
      const withValue = series.filter((r) => r.value !== null);
      const currentPeriod = period
        ? parsePeriod(period)
        : parsePeriod(withValue.at(-1)?.period ?? String(BASE_YEAR));
      const current = evaluate(f, area, latestWithValue(f, area, currentPeriod) ?? currentPeriod);
      const path: PathPoint[] = [];
      const projection: PathPoint[] = [];
      if (area === ROOT) {
        for (let year = BASE_YEAR; year <= TARGET_YEAR; year++) {
          const share = (year - BASE_YEAR) / (TARGET_YEAR - BASE_YEAR);
          const value = f.baseline ? f.baseline * (f.target / f.baseline) ** share : f.target * share;
          path.push({ year, value: round(value) });
        }
        const lastYear = evaluate(
          f,
          area,
          latestWithValue(f, area, { kind: 'year', year: 2024 }) ?? { kind: 'year', year: BASE_YEAR },
        );
        if (lastYear.value !== null && lastYear.projection?.value != null) {
          const from = Number(lastYear.period);
          const g = lastYear.avg_growth_since_baseline;
          for (let year = from; year <= TARGET_YEAR; year++) {
            const value =
              g !== null
                ? lastYear.value * (1 + g) ** (year - from)
                : lastYear.value +
                  ((lastYear.projection.value - lastYear.value) * (year - from)) / (TARGET_YEAR - from);
            projection.push({ year, value: round(value) });
          }
        }
      }
      return {
        indicator: indicators.find((i) => i.id === id) as Indicator,
        area,
        frequency,
        series,
        path,
        projection,
        current,
      };
    },

    async districts({ indicator, period }) {
      const f = fixture(indicator);
      const p = parsePeriod(period);
      const prev = sameperiodLastYear(p);
      const total = valueAt(f, ROOT, p);
      const totalPrev = valueAt(f, ROOT, prev);
      const rows: DistrictRow[] = AREAS.map(([code, name]) => {
        const value = valueAt(f, code, p);
        const before = valueAt(f, code, prev);
        const delta = value !== null && before !== null ? value - before : null;
        const totalDelta = total !== null && totalPrev !== null ? total - totalPrev : null;
        return {
          area: code,
          name,
          value,
          yoy: growth(value, before),
          share: value !== null && total ? (value / total) * 100 : null,
          contribution: delta !== null && totalDelta ? (delta / totalDelta) * 100 : null,
          pull: delta !== null && totalPrev ? (delta / totalPrev) * 100 : null,
          rank: null,
          simulated: value !== null && simulatedAt(p),
        };
      });
      [...rows]
        .filter((r) => r.value !== null)
        .sort((a, b) => (b.value ?? 0) - (a.value ?? 0))
        .forEach((r, i) => {
          r.rank = i + 1;
        });
      const sum = (codes: string[], q: Period) => {
        const values = codes.map((c) => valueAt(f, c, q));
        return values.some((v) => v === null) ? null : values.reduce<number>((s, v) => s + (v ?? 0), 0);
      };
      return {
        indicator,
        period,
        unit: f.unit,
        total,
        rows,
        zones: zones.map((z) => {
          const value = sum(z.areas, p);
          return {
            zone: z.id,
            name: z.name,
            areas: z.areas,
            value: value === null ? null : round(value),
            yoy: growth(value, sum(z.areas, prev)),
            share: value !== null && total ? (value / total) * 100 : null,
          };
        }),
      };
    },

    async domains({ period, area = ROOT }) {
      const f = fixture('ec_transaction');
      const p = parsePeriod(period);
      const prev = sameperiodLastYear(p);
      const shareAt = (drift: number, base: number, year: number) =>
        base * (1 + drift) ** (year - BASE_YEAR) * 100;
      const total = valueAt(f, area, p);
      const totalPrev = valueAt(f, area, prev);
      return {
        measure: 'ec_transaction',
        period,
        area,
        unit: f.unit,
        rows: DOMAIN_DEFS.map(([id, name, , group, base, drift]) => {
          const share = total === null ? null : shareAt(drift, base, p.year);
          const sharePrev = totalPrev === null ? null : shareAt(drift, base, prev.year);
          const value = total !== null && share !== null ? round((total * share) / 100) : null;
          const before = totalPrev !== null && sharePrev !== null ? (totalPrev * sharePrev) / 100 : null;
          const series: SparkPoint[] = [];
          for (let year = BASE_YEAR; year <= p.year; year++) {
            const v = valueAt(f, area, { kind: 'year', year });
            series.push({
              period: String(year),
              value: v === null ? null : round((v * shareAt(drift, base, year)) / 100),
            });
          }
          return {
            domain: id,
            name,
            group,
            value,
            yoy: growth(value, before),
            share,
            share_change_pp: share !== null && sharePrev !== null ? share - sharePrev : null,
            series,
          };
        }),
      };
    },

    async batches() {
      return BATCHES;
    },
  };
}
