import { type Expr, parseExpression, referencedIds } from '../domain/expression.js';
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
import type { ReadScope, Visibility } from '../store/visibility.js';
import { EvaluationGrid, type PlanIndex, type Series } from './evaluation-grid.js';
import { explainResult } from './explain-result.js';
import type { IndicatorResult } from './indicator-result.js';
import { cumulativeKey, judgeTarget } from './judge-target.js';
import { type Level, type LevelRequest, loadLevels } from './load-levels.js';
import {
  avgAnnualGrowthRate,
  completionRatio,
  growthRate,
  multiple,
  progressFigures,
  projectionFigures,
  requiredGrowthRate,
  type TimedValue,
  targetPoints,
  timedValue,
  yoyRates,
} from './maths/index.js';

/** What to evaluate: every (indicator, area) pair at every period. */
export interface EvaluationRequest {
  periods: readonly Period[];
  /** Area codes or zone ids; default: each indicator at its own areas (the plan's area, or its targets' areas). */
  areas?: readonly string[];
  indicators?: readonly string[];
  /**
   * Build each result's `components` (formulas with their numbers, inputs with sources and batches). Default
   * false: `components` is empty and every figure and judgement is the same as with explanations.
   */
  explain?: boolean;
  /** What the reader may see; default the published figures only. */
  visibility?: Visibility | ReadScope;
}

/** One requested period, located in the grid: itself, a year earlier, the period before, and its year. */
export interface PeriodAt {
  period: Period;
  key: string;
  self: number;
  lastYear: number;
  /** The period before for 环比 (months and quarters only), else −1. */
  previous: number;
  /** The last full year at or before the period: its own year when it ends in December. */
  closedYear: number;
  endYear: number;
  fullYear: boolean;
  /** The last month of the period within its year (N of 1–N月累计). */
  months: number;
  /** 1–N月累计 of the period's year (the period itself for a year). */
  cumulative: number;
  /** For the seasonal expectation: 1–N月累计 and the whole year of each earlier year (most recent first). */
  seasonal: { year: number; part: number; whole: number }[];
}

/** What holds for one (indicator, area) pair at every period: its series, baseline, target and year judgements. */
export interface PairAt {
  indicator: Indicator;
  area: string;
  series: Series;
  baseline: { year: number; value: number } | null;
  target: Target | null;
  /** The path the target is judged along: the baseline, any annual targets, the target; null without both ends. */
  points: TimedValue[] | null;
  flow: boolean;
  share: boolean;
  years: Map<number, AnnualJudgement>;
}

/** What rests on the latest full year only: the same for every period whose latest full year it is. */
export interface AnnualJudgement {
  annual: { year: number; value: number; simulated: boolean } | null;
  multiple: number | null;
  avgGrowth: number | null;
  projection: IndicatorResult['projection'];
  progress: IndicatorResult['progress'];
}

/**
 * Evaluates plan indicators: one SQL read of the levels for the whole grid (see load-levels.ts), then the
 * indicator maths in TypeScript over that small grid, each series computed once for all periods. Results
 * carry their components (formulas, inputs, sources) only when the request asks to `explain`.
 */
export class IndicatorEvaluator {
  private readonly index: PlanIndex;
  private readonly flows: Set<string>;

  constructor(readonly plan: Plan) {
    const asts = new Map<string, Expr>();
    for (const i of plan.indicators) if (i.expression) asts.set(i.id, parseExpression(i.expression));
    this.index = {
      measures: new Map(plan.measures.map((m) => [m.id, m])),
      indicators: new Map(plan.indicators.map((i) => [i.id, i])),
      asts,
      zones: new Map(plan.zones.map((z) => [z.id, z.areas])),
    };
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
      const m = this.index.measures.get(indicator.measure);
      return m ? [m] : [];
    }
    const ast = this.index.asts.get(indicator.id);
    if (!ast) return [];
    return referencedIds(ast).flatMap(({ name: id }) => {
      const ref = this.index.indicators.get(id);
      if (ref) return this.measuresOf(ref, seen);
      const m = this.index.measures.get(id);
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

  /** The area's target: the indicator's own, else its share of a target allocated to it (目标分解). */
  targetFor(indicator: Indicator, area: string): Target | null {
    return (
      indicator.targets.find((t) => (t.area ?? this.plan.root_area) === area) ??
      indicator.allocations?.find((t) => t.area === area) ??
      null
    );
  }

  /** How sub-year periods are judged (a plan setting; plans stored before it existed: seasonal over 3 years). */
  get judgement(): { sub_year: 'seasonal' | 'time_proportional'; seasonal_years: number } {
    return this.plan.judgement ?? { sub_year: 'seasonal', seasonal_years: 3 };
  }

  /** The areas whose levels are needed: zones expand to their members. */
  private physicalAreas(areas: readonly string[]): string[] {
    return [...new Set(areas.flatMap((a) => this.index.zones.get(a) ?? [a]))];
  }

  /** All periods a set of requested periods needs: themselves, a year earlier, the previous period, and every full year from the base year. */
  private neededPeriods(periods: readonly Period[]): Period[] {
    const base = this.plan.metadata.period.base_year;
    const out: Period[] = [];
    let maxYear = base;
    const years = this.judgement.seasonal_years;
    for (const p of periods) {
      out.push(p, sameperiodLastYear(p), previousPeriod(p));
      if (!isFullYear(p)) {
        const to = monthSpan(p).to;
        out.push(sameperiodLastYear({ kind: 'year', year: p.year }), {
          kind: 'range',
          year: p.year,
          from: 1,
          to,
        });
        for (let k = 1; k <= years; k++)
          out.push({ kind: 'range', year: p.year - k, from: 1, to }, { kind: 'year', year: p.year - k });
      }
      maxYear = Math.max(maxYear, p.year);
    }
    for (let y = base; y <= maxYear; y++) out.push({ kind: 'year', year: y });
    return out;
  }

  /** The levels a request needs: its measures, the areas (zones expanded) and the periods it rests on. */
  levelRequest(req: EvaluationRequest): LevelRequest {
    const pairs = this.pairs(req);
    const measures = [
      ...new Map(pairs.flatMap((p) => this.measuresOf(p.indicator)).map((m) => [m.id, m])).values(),
    ];
    const areas = this.physicalAreas([...new Set(pairs.map((p) => p.area))]);
    return {
      measures,
      areas,
      periods: this.neededPeriods(req.periods),
      ...(req.visibility ? { visibility: req.visibility } : {}),
    };
  }

  /** Reads every level the request needs, in one SQL statement. */
  async loadGrid(driver: Driver, req: EvaluationRequest): Promise<Map<string, Level>> {
    return loadLevels(driver, this.levelRequest(req));
  }

  async evaluate(driver: Driver, req: EvaluationRequest): Promise<IndicatorResult[]> {
    const grid = await this.loadGrid(driver, req);
    return this.evaluateOn(grid, req);
  }

  /** Loaded levels indexed for the maths over `periods` (in that order). */
  gridOn(levels: ReadonlyMap<string, Level>, periods: readonly Period[]): EvaluationGrid {
    return new EvaluationGrid(this.index, levels, periods.map(formatPeriod));
  }

  /** Evaluates on an already loaded grid (pure: no I/O). */
  evaluateOn(levels: ReadonlyMap<string, Level>, req: EvaluationRequest): IndicatorResult[] {
    const keys = [...new Set(this.neededPeriods(req.periods).map(formatPeriod))];
    const grid = new EvaluationGrid(this.index, levels, keys);
    const at = (p: Period): number => grid.periodIndex.get(formatPeriod(p)) ?? -1;
    const keyAt = (k: string): number => grid.periodIndex.get(k) ?? -1;
    const seasonalYears = this.judgement.seasonal_years;
    const periods: PeriodAt[] = req.periods.map((period) => {
      const months = monthSpan(period).to;
      const seasonal: PeriodAt['seasonal'] = [];
      if (months < 12)
        for (let k = 1; k <= seasonalYears; k++) {
          const year = period.year - k;
          seasonal.push({ year, part: keyAt(cumulativeKey(year, months)), whole: keyAt(String(year)) });
        }
      return {
        period,
        key: formatPeriod(period),
        self: at(period),
        lastYear: at(sameperiodLastYear(period)),
        previous: period.kind === 'month' || period.kind === 'quarter' ? at(previousPeriod(period)) : -1,
        // A period ending in December closes its year (2025-12, 2025-Q4, 1–12月): that year is complete.
        closedYear: months === 12 ? period.year : period.year - 1,
        endYear: periodEndYear(period),
        fullYear: isFullYear(period),
        months,
        cumulative: isFullYear(period) ? at(period) : keyAt(cumulativeKey(period.year, months)),
        seasonal,
      };
    });
    const out: IndicatorResult[] = [];
    for (const { indicator, area } of this.pairs(req)) {
      const pair = this.pairAt(grid, indicator, area);
      for (const p of periods) {
        const r = this.result(grid, pair, p);
        if (req.explain) r.components = explainResult(this, grid, pair, p);
        out.push(r);
      }
    }
    return out;
  }

  private pairAt(grid: EvaluationGrid, indicator: Indicator, area: string): PairAt {
    const series = grid.seriesOf(indicator.id, area);
    let baseline: PairAt['baseline'] = null;
    if (indicator.baseline && area === this.plan.root_area)
      baseline = { year: indicator.baseline.year, value: indicator.baseline.value };
    else {
      const year = indicator.baseline?.year ?? this.plan.metadata.period.base_year;
      const value = series.values[grid.periodIndex.get(String(year)) ?? -1] ?? null;
      if (value !== null) baseline = { year, value };
    }
    const target = this.targetFor(indicator, area);
    return {
      indicator,
      area,
      series,
      baseline,
      target,
      points: this.pathPoints(indicator, target, baseline),
      flow: this.isFlow(indicator),
      share: indicator.unit === '%',
      years: new Map(),
    };
  }

  /** The latest full year after the base year, up to the period's closed year, with a value. */
  latestFullYear(grid: EvaluationGrid, pair: PairAt, closedYear: number): AnnualJudgement['annual'] {
    const base = this.plan.metadata.period.base_year;
    for (let y = closedYear; y > base; y--) {
      const j = grid.periodIndex.get(String(y)) ?? -1;
      const value = pair.series.values[j] ?? null;
      if (value !== null) return { year: y, value, simulated: pair.series.simulated[j] === true };
    }
    return null;
  }

  /** Multiple, average growth, projection and Open SDG progress: computed once per pair and closed year. */
  private annualJudgement(grid: EvaluationGrid, pair: PairAt, closedYear: number): AnnualJudgement {
    const hit = pair.years.get(closedYear);
    if (hit) return hit;
    const { baseline, target, indicator } = pair;
    const annual = this.latestFullYear(grid, pair, closedYear);
    const out: AnnualJudgement = {
      annual,
      multiple: null,
      avgGrowth: null,
      projection: null,
      progress: null,
    };
    if (baseline && annual && annual.year > baseline.year) {
      out.multiple = multiple(baseline.value, annual.value);
      out.avgGrowth = avgAnnualGrowthRate(baseline.value, annual.value, annual.year - baseline.year);
    }
    if (baseline && annual && target) {
      const pr = projectionFigures({
        base: timedValue(baseline.year, baseline.value),
        current: timedValue(annual.year, annual.value),
        target: { year: target.year, value: target.value, comparator: target.comparator },
        direction: indicator.direction,
      });
      out.projection = { year: pr.year, value: pr.value, meets_target: pr.meetsTarget };
    }
    if (baseline && annual) {
      const pg = progressFigures({
        base: timedValue(baseline.year, baseline.value),
        current: timedValue(annual.year, annual.value),
        direction: indicator.direction,
        target: target ? timedValue(target.year, target.value) : null,
        limit: indicator.limit ?? null,
      });
      out.progress = { method: pg.methodology, p: pg.p, score: pg.score, status: pg.status };
    } else if (target) out.progress = { method: 2, p: null, score: null, status: 'not_available' };
    pair.years.set(closedYear, out);
    return out;
  }

  /**
   * The points the target path runs through (the baseline, the plan's 年度目标, the target): what the judgement
   * measures against and the dashboard and reports draw; null without both ends.
   */
  pathPoints(indicator: Indicator, target: Target | null, baseline: PairAt['baseline']): TimedValue[] | null {
    const base = this.pathBase({ baseline, indicator });
    return target && base
      ? targetPoints(
          timedValue(base.year, base.value),
          timedValue(target.year, target.value),
          target.annual_targets,
        )
      : null;
  }

  /** The target path's points of an evaluated result (its indicator, area and resolved baseline). */
  resultPathPoints(r: Pick<IndicatorResult, 'indicator' | 'area' | 'baseline'>): TimedValue[] | null {
    const indicator = this.index.indicators.get(r.indicator);
    return indicator ? this.pathPoints(indicator, this.targetFor(indicator, r.area), r.baseline) : null;
  }

  /** The baseline the schedule path starts from: the pair's, or 0 in the base year for a count counted from nothing. */
  pathBase(pair: Pick<PairAt, 'baseline' | 'indicator'>): { year: number; value: number } | null {
    return (
      pair.baseline ??
      (isCount(pair.indicator) ? { year: this.plan.metadata.period.base_year, value: 0 } : null)
    );
  }

  /** The pair's light (or verdict) at a period, with its explanation when asked (judge-target.ts). */
  judge(pair: PairAt, p: PeriodAt, explain: boolean): ReturnType<typeof judgeTarget> {
    return judgeTarget(
      pair,
      p,
      { prefer: this.judgement.sub_year, tolerances: this.plan.tolerances },
      explain,
    );
  }

  private result(grid: EvaluationGrid, pair: PairAt, p: PeriodAt): IndicatorResult {
    const { indicator, series, baseline, target, share } = pair;
    const value = series.values[p.self] ?? null;
    const lastYear = series.values[p.lastYear] ?? null;
    const yoy = share
      ? null
      : yoyRates({ current: value, previous: lastYear, publishedYoy: series.publishedYoy[p.self] ?? null });
    const mom = !share && p.previous >= 0 ? growthRate(value, series.values[p.previous] ?? null) : null;
    const judged = this.annualJudgement(grid, pair, p.closedYear);
    const subYearFlow = pair.flow && !p.fullYear;

    const judgement = this.judge(pair, p, false);
    const closed = judgement.verdict !== null;
    let completion: number | null = null;
    let required: number | null = null;
    if (target) {
      if (!subYearFlow && value !== null) completion = completionRatio(value, target.value);
      const latest =
        subYearFlow || value === null
          ? judged.annual && { t: judged.annual.year, value: judged.annual.value }
          : { t: p.endYear, value };
      if (latest && !share && !closed)
        required = requiredGrowthRate({ current: latest, target: timedValue(target.year, target.value) });
    }
    return {
      indicator: indicator.id,
      name: indicator.name,
      area: pair.area,
      period: p.key,
      value,
      unit: indicator.unit,
      yoy,
      mom,
      baseline,
      target: target ? { year: target.year, value: target.value, comparator: target.comparator } : null,
      multiple_of_baseline: judged.multiple,
      avg_growth_since_baseline: judged.avgGrowth,
      completion,
      schedule: judgement.schedule,
      required_growth: required,
      projection:
        target && !closed
          ? (judged.projection ?? { year: target.year, value: null, meets_target: null })
          : null,
      progress: judged.progress,
      ytd: judgement.ytd,
      verdict: judgement.verdict,
      simulated: series.simulated[p.self] === true || (judged.annual?.simulated ?? false),
      components: [],
    };
  }
}

function isCount(indicator: Indicator): boolean {
  return ['个', '家', '名', '场', '人'].includes(indicator.unit);
}
