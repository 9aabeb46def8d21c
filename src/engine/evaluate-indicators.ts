import { type Expr, evaluate as evaluateExpr, parseExpression, referencedIds } from '../domain/expression.js';
import {
  formatPeriod,
  isFullYear,
  monthSpan,
  type Period,
  periodEndYear,
  previousPeriod,
  sameperiodLastYear,
} from '../domain/period.js';
import type { Indicator, Measure, Plan, Target } from '../plan/plan-types.js';
import type { Driver } from '../store/driver.js';
import type { Component, ComponentInput, IndicatorResult } from './indicator-result.js';
import { type Level, levelKey, loadLevels } from './load-levels.js';
import {
  avgAnnualGrowthSince,
  completion,
  type Explanation,
  mom,
  multipleOfBaseline,
  progressOpenSdg,
  projectToTargetYear,
  requiredGrowth,
  schedule,
  scheduleForCumulativeFlow,
  shareChangePoints,
  timedValue,
  yoy,
} from './maths/index.js';

/** What to evaluate: every (indicator, area) pair at every period. */
export interface EvaluationRequest {
  periods: readonly Period[];
  /** Area codes or zone ids; default: each indicator at its own areas (the plan's area, or its targets' areas). */
  areas?: readonly string[];
  indicators?: readonly string[];
}

/** The value of an indicator for one area and period, with the inputs it rests on. */
interface Valued {
  value: number | null;
  inputs: ComponentInput[];
  simulated: boolean;
  /** Published comparable YoY, when the indicator is a measure observed with one. */
  publishedYoy: number | null;
  how: string;
}

/**
 * Evaluates plan indicators: one SQL read of the levels for the whole grid (see load-levels.ts), then the
 * indicator maths in TypeScript over that small grid. Every result carries its components.
 */
export class IndicatorEvaluator {
  private readonly measures: Map<string, Measure>;
  private readonly indicators: Map<string, Indicator>;
  private readonly asts = new Map<string, Expr>();
  private readonly zones: Map<string, string[]>;
  private readonly flows: Set<string>;

  constructor(readonly plan: Plan) {
    this.measures = new Map(plan.measures.map((m) => [m.id, m]));
    this.indicators = new Map(plan.indicators.map((i) => [i.id, i]));
    this.zones = new Map(plan.zones.map((z) => [z.id, z.areas]));
    for (const i of plan.indicators) if (i.expression) this.asts.set(i.id, parseExpression(i.expression));
    this.flows = new Set(
      plan.indicators
        .filter((i) => {
          const ms = this.measuresOf(i);
          return ms.length > 0 && ms.every((m) => m.aggregation === 'flow') && i.unit !== '%';
        })
        .map((i) => i.id),
    );
  }

  /** Measures an indicator rests on, through expressions and referenced indicators. */
  measuresOf(indicator: Indicator, seen = new Set<string>()): Measure[] {
    if (seen.has(indicator.id)) return [];
    seen.add(indicator.id);
    if (indicator.measure) {
      const m = this.measures.get(indicator.measure);
      return m ? [m] : [];
    }
    const ast = this.asts.get(indicator.id);
    if (!ast) return [];
    return referencedIds(ast).flatMap(({ name: id }) => {
      const ref = this.indicators.get(id);
      if (ref) return this.measuresOf(ref, seen);
      const m = this.measures.get(id);
      return m ? [m] : [];
    });
  }

  /** Whether an indicator sums over time (a flow) — true when every measure it rests on is a flow. */
  isFlow(indicator: Indicator): boolean {
    return this.flows.has(indicator.id);
  }

  /** The (indicator, area) pairs a request covers. */
  pairs(req: EvaluationRequest): { indicator: Indicator; area: string }[] {
    const wanted = req.indicators ? new Set(req.indicators) : null;
    const inds = this.plan.indicators.filter((i) => !wanted || wanted.has(i.id));
    const out: { indicator: Indicator; area: string }[] = [];
    for (const indicator of inds) {
      const areas = req.areas ?? this.homeAreas(indicator);
      for (const area of areas) out.push({ indicator, area });
    }
    return out;
  }

  /** Where an indicator's targets apply: the plan's own area, or the areas its targets name (专栏8 per county). */
  homeAreas(indicator: Indicator): string[] {
    if (!indicator.targets.length) return [this.plan.root_area];
    return [...new Set(indicator.targets.map((t) => t.area ?? this.plan.root_area))];
  }

  targetFor(indicator: Indicator, area: string): Target | null {
    return indicator.targets.find((t) => (t.area ?? this.plan.root_area) === area) ?? null;
  }

  /** The areas whose levels are needed: zones expand to their members. */
  private physicalAreas(areas: readonly string[]): string[] {
    return [...new Set(areas.flatMap((a) => this.zones.get(a) ?? [a]))];
  }

  /** All periods a set of requested periods needs: themselves, a year earlier, the previous period, and every full year from the base year. */
  private neededPeriods(periods: readonly Period[]): Period[] {
    const base = this.plan.metadata.period.base_year;
    const out: Period[] = [];
    let maxYear = base;
    for (const p of periods) {
      out.push(p, sameperiodLastYear(p), previousPeriod(p));
      if (!isFullYear(p)) out.push(sameperiodLastYear({ kind: 'year', year: p.year }));
      maxYear = Math.max(maxYear, p.year);
    }
    for (let y = base; y <= maxYear; y++) out.push({ kind: 'year', year: y });
    return out;
  }

  /** Reads every level the request needs, in one SQL statement. */
  async loadGrid(driver: Driver, req: EvaluationRequest): Promise<Map<string, Level>> {
    const pairs = this.pairs(req);
    const measures = [
      ...new Map(pairs.flatMap((p) => this.measuresOf(p.indicator)).map((m) => [m.id, m])).values(),
    ];
    const areas = this.physicalAreas([...new Set(pairs.map((p) => p.area))]);
    return loadLevels(driver, { measures, areas, periods: this.neededPeriods(req.periods) });
  }

  async evaluate(driver: Driver, req: EvaluationRequest): Promise<IndicatorResult[]> {
    const grid = await this.loadGrid(driver, req);
    return this.evaluateOn(grid, req);
  }

  /** Evaluates on an already loaded grid (pure: no I/O). */
  evaluateOn(grid: Map<string, Level>, req: EvaluationRequest): IndicatorResult[] {
    const out: IndicatorResult[] = [];
    for (const { indicator, area } of this.pairs(req)) {
      for (const period of req.periods) out.push(this.evaluateOne(grid, indicator, area, period));
    }
    return out;
  }

  /** The level of a measure for an area or zone (a zone sums its members; all must be present). */
  private level(grid: Map<string, Level>, measure: Measure, area: string, period: string): Level | null {
    const members = this.zones.get(area);
    if (!members) return grid.get(levelKey(measure.id, area, period)) ?? null;
    let value = 0;
    let simulated = false;
    // The zone keeps the comparable basis when every member published one: Σx / Σ(x/(1+g)) − 1.
    let comparablePrev: number | null = 0;
    const batches = new Set<string>();
    for (const m of members) {
      const l = grid.get(levelKey(measure.id, m, period));
      if (!l) return null;
      value += l.value;
      simulated ||= l.simulated;
      comparablePrev =
        comparablePrev === null || l.publishedYoy === null
          ? null
          : comparablePrev + l.value / (1 + l.publishedYoy);
      for (const b of l.batches) batches.add(b);
    }
    return {
      value,
      publishedYoy: comparablePrev ? value / comparablePrev - 1 : null,
      how: 'months',
      months: 0,
      source: `片区 ${area}：${members.length} 个地区合计`,
      batches: [...batches],
      simulated,
    };
  }

  /** Values already computed on a grid (a month's evaluation reuses its year's and baseline's). */
  private readonly memo = new WeakMap<Map<string, Level>, Map<string, Valued>>();

  /** The indicator's value: a measure's level or its expression over levels. */
  valueOf(grid: Map<string, Level>, indicator: Indicator, area: string, period: string): Valued {
    let memo = this.memo.get(grid);
    if (!memo) {
      memo = new Map();
      this.memo.set(grid, memo);
    }
    const key = `${indicator.id}|${area}|${period}`;
    const hit = memo.get(key);
    if (hit) return hit;
    const v = this.computeValue(grid, indicator, area, period);
    memo.set(key, v);
    return v;
  }

  private computeValue(grid: Map<string, Level>, indicator: Indicator, area: string, period: string): Valued {
    const inputs: ComponentInput[] = [];
    let simulated = false;
    const read = (m: Measure): number | null => {
      const l = this.level(grid, m, area, period);
      inputs.push({
        measure: m.id,
        area,
        period,
        value: l?.value ?? null,
        unit: m.unit,
        source: l ? sourceText(l) : null,
        ...(l?.batches.length ? { batches: l.batches } : {}),
        simulated: l?.simulated ?? false,
      });
      simulated ||= l?.simulated ?? false;
      return l?.value ?? null;
    };
    if (indicator.measure) {
      const m = this.measures.get(indicator.measure);
      if (!m) return { value: null, inputs, simulated, publishedYoy: null, how: 'unknown measure' };
      const l = this.level(grid, m, area, period);
      const value = read(m);
      const how = !l ? 'no observation' : l.how === 'exact' ? 'observation for the period' : monthsHow(l);
      return { value, inputs, simulated, publishedYoy: l?.publishedYoy ?? null, how };
    }
    const ast = this.asts.get(indicator.id);
    if (!ast) return { value: null, inputs, simulated, publishedYoy: null, how: 'no definition' };
    const value = evaluateExpr(ast, (id) => {
      const ref = this.indicators.get(id);
      if (ref && ref.id !== indicator.id) {
        const v = this.valueOf(grid, ref, area, period);
        inputs.push(...v.inputs);
        simulated ||= v.simulated;
        return v.value;
      }
      const m = this.measures.get(id);
      return m ? read(m) : null;
    });
    return { value, inputs, simulated, publishedYoy: null, how: `expression ${indicator.expression}` };
  }

  /** The latest full year ≤ the period's year (the period's own year only when it is a full year) with a value. */
  private latestFullYear(
    grid: Map<string, Level>,
    indicator: Indicator,
    area: string,
    period: Period,
  ): { year: number; valued: Valued } | null {
    const base = this.plan.metadata.period.base_year;
    // A period ending in December closes its year (2025-12, 2025-Q4, 1–12月): that year is complete.
    const last = monthSpan(period).to === 12 ? period.year : period.year - 1;
    for (let y = last; y > base; y--) {
      const v = this.valueOf(grid, indicator, area, String(y));
      if (v.value !== null) return { year: y, valued: v };
    }
    return null;
  }

  /** The baseline: from the plan, else the base year's observation. */
  private baseline(
    grid: Map<string, Level>,
    indicator: Indicator,
    area: string,
  ): { year: number; value: number; source: string; inputs: ComponentInput[] } | null {
    const root = area === this.plan.root_area;
    if (indicator.baseline && root)
      return {
        year: indicator.baseline.year,
        value: indicator.baseline.value,
        source: `${this.plan.metadata.title} ${indicator.baseline.source?.section ?? indicator.source.section}`,
        inputs: [],
      };
    const year = indicator.baseline?.year ?? this.plan.metadata.period.base_year;
    const v = this.valueOf(grid, indicator, area, String(year));
    return v.value === null ? null : { year, value: v.value, source: 'observations', inputs: v.inputs };
  }

  private readonly judgements = new WeakMap<Map<string, Level>, Map<string, AnnualJudgement>>();

  /**
   * What rests on the latest full year only (multiple, average growth, projection, Open SDG progress): the
   * same for every month of a year, so computed once per grid, indicator, area and year.
   */
  private annualJudgement(
    grid: Map<string, Level>,
    indicator: Indicator,
    area: string,
    baseline: { year: number; value: number } | null,
    target: Target | null,
    annual: { year: number; valued: Valued } | null,
  ): AnnualJudgement {
    let memo = this.judgements.get(grid);
    if (!memo) {
      memo = new Map();
      this.judgements.set(grid, memo);
    }
    const key = `${indicator.id}|${area}|${annual?.year ?? ''}`;
    const hit = memo.get(key);
    if (hit) return hit;
    const out: AnnualJudgement = {
      multiple: null,
      avgGrowth: null,
      projection: null,
      progress: null,
      components: [],
    };
    const add = (of: string, e: Explanation, inputs: ComponentInput[]): void => {
      out.components.push({
        of,
        formula: e.formula,
        method: e.method,
        inputs,
        ...(e.note ? { note: e.note } : {}),
      });
    };
    if (baseline && annual && annual.year > baseline.year) {
      const endValue = annual.valued.value as number;
      const mult = multipleOfBaseline(baseline.value, endValue);
      out.multiple = mult.value;
      add('multiple_of_baseline', mult, annual.valued.inputs);
      const g = avgAnnualGrowthSince({
        baseYear: baseline.year,
        baseValue: baseline.value,
        endYear: annual.year,
        endValue,
      });
      out.avgGrowth = g.value;
      add('avg_growth_since_baseline', g, annual.valued.inputs);
    }
    if (baseline && annual && target) {
      const pr = projectToTargetYear({
        base: timedValue(baseline.year, baseline.value),
        current: timedValue(annual.year, annual.valued.value as number),
        target: { year: target.year, value: target.value, comparator: target.comparator },
        direction: indicator.direction,
      });
      out.projection = { year: pr.year, value: pr.value, meets_target: pr.meetsTarget };
      add('projection', pr, annual.valued.inputs);
    }
    if (baseline && annual) {
      const pg = progressOpenSdg({
        base: timedValue(baseline.year, baseline.value),
        current: timedValue(annual.year, annual.valued.value as number),
        direction: indicator.direction,
        target: target ? timedValue(target.year, target.value) : null,
        limit: indicator.limit ?? null,
      });
      out.progress = { method: pg.methodology, p: pg.p, score: pg.score, status: pg.status };
      add('progress', pg, annual.valued.inputs);
    } else if (target) out.progress = { method: 2, p: null, score: null, status: 'not_available' };
    memo.set(key, out);
    return out;
  }

  evaluateOne(grid: Map<string, Level>, indicator: Indicator, area: string, period: Period): IndicatorResult {
    const p = formatPeriod(period);
    const components: Component[] = [];
    const add = (of: string, e: Explanation, inputs: ComponentInput[] = []): void => {
      components.push({
        of,
        formula: e.formula,
        method: e.method,
        inputs,
        ...(e.note ? { note: e.note } : {}),
      });
    };
    const current = this.valueOf(grid, indicator, area, p);
    const flow = this.isFlow(indicator);
    const share = indicator.unit === '%';
    components.push({
      of: 'value',
      formula:
        current.value === null
          ? '暂无数据 / no data'
          : `${indicator.expression ?? indicator.measure} = ${round(current.value)} ${indicator.unit}`,
      method: current.how,
      inputs: current.inputs,
    });

    // Growth: year-on-year (comparable basis preferred) and period-on-period.
    const lastYear = this.valueOf(grid, indicator, area, formatPeriod(sameperiodLastYear(period)));
    let yoyOut: IndicatorResult['yoy'] = null;
    if (share) {
      const pp = shareChangePoints(current.value, lastYear.value);
      add('share_change', pp, lastYear.inputs);
    } else {
      const g = yoy({ current: current.value, previous: lastYear.value, publishedYoy: current.publishedYoy });
      yoyOut = { value: g.value, naive: g.naive, basis: g.basis };
      add('yoy', g, lastYear.inputs);
    }
    let momValue: number | null = null;
    if (!share && period.kind !== 'year' && period.kind !== 'range') {
      const prev = this.valueOf(grid, indicator, area, formatPeriod(previousPeriod(period)));
      const m = mom({ current: current.value, previous: prev.value });
      momValue = m.value;
      add('mom', m, prev.inputs);
    }

    // Baseline, target and the judgements against them.
    const baseline = this.baseline(grid, indicator, area);
    const target = this.targetFor(indicator, area);
    const annual = this.latestFullYear(grid, indicator, area, period);
    const subYearFlow = flow && !isFullYear(period);

    const judged = this.annualJudgement(grid, indicator, area, baseline, target, annual);
    components.push(...judged.components.filter((c) => c.of !== 'projection' && c.of !== 'progress'));

    let completionValue: number | null = null;
    let scheduleOut: IndicatorResult['schedule'] = null;
    let required: number | null = null;
    let projectionOut: IndicatorResult['projection'] = null;
    if (target) {
      if (!subYearFlow && current.value !== null) {
        const c = completion(current.value, target.value);
        completionValue = c.value;
        add('completion', c, current.inputs);
      }
      const pathBase =
        baseline ?? (isCount(indicator) ? { year: this.plan.metadata.period.base_year, value: 0 } : null);
      if (pathBase && current.value !== null) {
        const input = {
          path: {
            base: timedValue(pathBase.year, pathBase.value),
            target: timedValue(target.year, target.value),
          },
          actual: current.value,
          period,
          direction: indicator.direction,
          tolerances: this.plan.tolerances,
        };
        const s = subYearFlow ? scheduleForCumulativeFlow(input) : schedule(input);
        scheduleOut = { expected: s.expected, gap: s.gap, status: s.status };
        add('schedule', baseline ? s : { ...s, note: '规划未给出基期值：按基期年为 0 的线性路径计算' });
      }
      const latest =
        subYearFlow || current.value === null
          ? annual && { t: annual.year, valued: annual.valued }
          : { t: periodEndYear(period), valued: current };
      if (latest && latest.valued.value !== null && !share) {
        const r = requiredGrowth({
          current: { t: latest.t, value: latest.valued.value },
          target: timedValue(target.year, target.value),
        });
        required = r.value;
        add('required_growth', r, latest.valued.inputs);
      }
      projectionOut = judged.projection ?? { year: target.year, value: null, meets_target: null };
    }
    components.push(...judged.components.filter((c) => c.of === 'projection' || c.of === 'progress'));

    return {
      indicator: indicator.id,
      name: indicator.name,
      area,
      period: p,
      value: current.value,
      unit: indicator.unit,
      yoy: yoyOut,
      mom: momValue,
      baseline: baseline ? { year: baseline.year, value: baseline.value } : null,
      target: target ? { year: target.year, value: target.value, comparator: target.comparator } : null,
      multiple_of_baseline: judged.multiple,
      avg_growth_since_baseline: judged.avgGrowth,
      completion: completionValue,
      schedule: scheduleOut,
      required_growth: required,
      projection: projectionOut,
      progress: judged.progress,
      simulated: current.simulated || (annual?.valued.simulated ?? false),
      components,
    };
  }
}

interface AnnualJudgement {
  multiple: number | null;
  avgGrowth: number | null;
  projection: IndicatorResult['projection'];
  progress: IndicatorResult['progress'];
  components: Component[];
}

function isCount(indicator: Indicator): boolean {
  return ['个', '家', '名', '场', '人'].includes(indicator.unit);
}

function monthsHow(l: Level): string {
  return `sum of ${l.months} monthly observations (月度合计)`;
}

function sourceText(l: Level): string {
  if (l.batches.length === 1 && l.source === null) return `batch:${l.batches[0]}`;
  // A year of feeds rests on dozens of monthly batches: name the count and the first few; the data page lists all.
  const shown = l.batches.slice(0, 3).join(', ');
  const batches =
    l.batches.length === 0
      ? ''
      : l.batches.length <= 3
        ? ` [batch ${shown}]`
        : ` [${l.batches.length} batches: ${shown}, …]`;
  return `${l.source ?? ''}${batches}`.trim();
}

function round(x: number): string {
  return String(Math.round(x * 10000) / 10000);
}
