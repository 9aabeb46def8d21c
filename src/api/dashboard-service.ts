import { formatPeriod, type Period, parsePeriod } from '../domain/period.js';
import { areaBreakdown } from '../engine/area-breakdown.js';
import { dataCoverage } from '../engine/data-coverage.js';
import { domainBreakdown } from '../engine/domain-breakdown.js';
import { IndicatorEngine } from '../engine/indicator-engine.js';
import type { IndicatorResult } from '../engine/indicator-result.js';
import { targetPaths } from '../engine/target-path.js';
import { monitoredYears } from '../plan/monitored-years.js';
import type { Indicator, Plan } from '../plan/plan-types.js';
import type { Driver } from '../store/driver.js';
import { dataVersion } from '../store/observation-repository.js';
import type { ReadScope } from '../store/visibility.js';
import {
  Area,
  type BatchesResponse,
  type BatchSummary,
  type DistrictsQuery,
  type DistrictsResponse,
  Domain,
  type DomainsQuery,
  type DomainsResponse,
  type IndicatorDetailResponse,
  type IndicatorQuery,
  Indicator as IndicatorSchema,
  type MetaResponse,
  type OverviewQuery,
  type OverviewResponse,
  type OverviewRow,
  PlanMetadata,
  Zone,
} from './contract/schemas.js';
import { explainedFigure, indicatorFigure } from './figure-response.js';
import { HttpProblem } from './http-problem.js';
import { latestOf, periodsOf } from './series-periods.js';

/**
 * What the HTTP layer needs: one method per JSON route of the contract. `scope` is what the reader may see
 * (src/auth/access.ts readScopeOf); default the published figures only.
 */
export interface DashboardService {
  meta(): Promise<MetaResponse>;
  overview(q: OverviewQuery, scope?: ReadScope): Promise<OverviewResponse>;
  indicator(q: IndicatorQuery, scope?: ReadScope): Promise<IndicatorDetailResponse>;
  districts(q: DistrictsQuery, scope?: ReadScope): Promise<DistrictsResponse>;
  domains(q: DomainsQuery, scope?: ReadScope): Promise<DomainsResponse>;
  batches(scope?: ReadScope): Promise<BatchesResponse>;
}

const PUBLISHED: ReadScope = { visibility: 'published' };

/** How many of the latest distinct requests are answered again on new data before it is served. */
const REWARM = 8;
/** Answers kept per data version. */
const ANSWERS = 256;

/** An answer given at one data version, and how to give it again on another. */
interface Answer {
  value: Promise<unknown>;
  scope: ReadScope;
  ask: (view: DashboardView) => Promise<unknown>;
}

/** The views of one data version (one per reader scope) and the answers it gave, most recently asked last. */
class Generation {
  readonly answers = new Map<string, Answer>();
  private readonly views = new Map<string, DashboardView>();

  constructor(
    private readonly driver: Driver,
    private readonly plan: Plan,
    readonly version: number,
  ) {}

  view(scope: ReadScope): DashboardView {
    const key = JSON.stringify(scope);
    let view = this.views.get(key);
    if (!view) {
      // The public's view answers meta for every scope: meta describes published data.
      const published = key === JSON.stringify(PUBLISHED) ? undefined : this.view(PUBLISHED);
      view = new DashboardView(this.driver, this.plan, this.version, scope, published);
      this.views.set(key, view);
    }
    return view;
  }
}

/**
 * The dashboard service. Each data version gets a view (below) and every answer is kept until the version
 * changes. Where the store announces its commits (`Driver.onCommit`: an embedded file only this process
 * writes), no request asks the database for the version: after a commit, the latest distinct requests are
 * answered again on a view of the new data, which then replaces the old one, and the write returns after
 * that; requests meanwhile get the previous answers. Otherwise each request checks the version and a new
 * version starts with nothing kept.
 */
export class StoreDashboardService implements DashboardService {
  private generation: Promise<Generation> | null = null;
  private warming: Promise<void> = Promise.resolve();
  private readonly announced: boolean;

  constructor(
    private readonly driver: Driver,
    private readonly plan: Plan,
  ) {
    this.announced = driver.onCommit !== undefined;
    driver.onCommit?.(() => this.rewarm());
  }

  meta(): Promise<MetaResponse> {
    return this.answer('meta', {}, PUBLISHED, (v) => v.meta());
  }

  overview(q: OverviewQuery, scope = PUBLISHED): Promise<OverviewResponse> {
    return this.answer('overview', q, scope, (v) => v.overview(q));
  }

  indicator(q: IndicatorQuery, scope = PUBLISHED): Promise<IndicatorDetailResponse> {
    return this.answer('indicator', q, scope, (v) => v.indicator(q));
  }

  districts(q: DistrictsQuery, scope = PUBLISHED): Promise<DistrictsResponse> {
    return this.answer('districts', q, scope, (v) => v.districts(q));
  }

  domains(q: DomainsQuery, scope = PUBLISHED): Promise<DomainsResponse> {
    return this.answer('domains', q, scope, (v) => v.domains(q));
  }

  /** Batches are listed as they are, never kept. */
  async batches(scope = PUBLISHED): Promise<BatchesResponse> {
    return (await this.current()).view(scope).batches();
  }

  private async answer<T>(
    route: string,
    q: object,
    scope: ReadScope,
    ask: (v: DashboardView) => Promise<T>,
  ): Promise<T> {
    const generation = await this.current();
    const { answers } = generation;
    const key = `${route} ${JSON.stringify(q)} ${JSON.stringify(scope)}`;
    let answer = answers.get(key);
    if (answer) answers.delete(key);
    else {
      answer = { value: ask(generation.view(scope)), scope, ask };
      forgetIfFailed(answers, key, answer);
      if (answers.size >= ANSWERS) answers.delete(answers.keys().next().value as string);
    }
    answers.set(key, answer);
    return answer.value as Promise<T>;
  }

  private current(): Promise<Generation> {
    if (this.announced && this.generation) return this.generation;
    if (this.announced) return this.start(dataVersion(this.driver));
    return this.checked();
  }

  private async checked(): Promise<Generation> {
    const version = await dataVersion(this.driver);
    const now = await this.generation?.catch(() => null);
    return now?.version === version ? now : this.start(Promise.resolve(version));
  }

  private start(version: Promise<number>): Promise<Generation> {
    const next = version.then((v) => new Generation(this.driver, this.plan, v));
    this.generation = next;
    next.catch(() => {
      if (this.generation === next) this.generation = null;
    });
    return next;
  }

  /** After a commit: answers the latest requests on the new data, then serves it. */
  private rewarm(): Promise<void> {
    const run = async (): Promise<void> => {
      const now = await this.generation?.catch(() => null);
      if (!now) return;
      const version = await dataVersion(this.driver);
      if (version === now.version) return;
      const next = new Generation(this.driver, this.plan, version);
      for (const [key, { ask, scope }] of [...now.answers].slice(-REWARM)) {
        const answer = { value: ask(next.view(scope)), scope, ask };
        next.answers.set(key, answer);
        forgetIfFailed(next.answers, key, answer);
        await answer.value.catch(() => undefined);
      }
      this.generation = Promise.resolve(next);
    };
    this.warming = this.warming.then(run, run);
    return this.warming;
  }
}

function forgetIfFailed(answers: Map<string, Answer>, key: string, answer: Answer): void {
  answer.value.catch(() => {
    if (answers.get(key) === answer) answers.delete(key);
  });
}

/**
 * The routes' answers at one data version for one reader scope: asks the indicator engine and shapes its
 * answers into the `/api/v1` contract.
 */
class DashboardView {
  private readonly engine: IndicatorEngine;
  private metaAnswer: Promise<MetaResponse> | null = null;

  constructor(
    private readonly driver: Driver,
    private readonly plan: Plan,
    readonly version: number,
    private readonly scope: ReadScope,
    /** The public's view, which answers meta (published data) for every scope. */
    private readonly published?: DashboardView,
  ) {
    this.engine = new IndicatorEngine(driver, plan, { version, scope });
  }

  meta(): Promise<MetaResponse> {
    if (this.published) return this.published.meta();
    if (this.metaAnswer) return this.metaAnswer;
    const answer = this.readMeta();
    this.metaAnswer = answer;
    answer.catch(() => {
      if (this.metaAnswer === answer) this.metaAnswer = null;
    });
    return answer;
  }

  private async readMeta(): Promise<MetaResponse> {
    const coverage = await dataCoverage(this.driver, monitoredYears(this.plan));
    const plan = this.plan;
    return {
      plan: { id: plan.id, version: plan.version, metadata: PlanMetadata.parse(plan.metadata) },
      simulated: coverage.simulated,
      data_version: this.version,
      latest_month: coverage.latestMonth,
      years: coverage.years,
      root_area: plan.root_area,
      areas: plan.areas.map((a) => Area.parse(a)),
      zones: plan.zones.map((z) => Zone.parse(z)),
      domains: plan.domains.map((d) => Domain.parse(d)),
      indicators: plan.indicators.map((i) => IndicatorSchema.parse(i)),
      categories: [...new Set(plan.indicators.map((i) => i.category))],
    };
  }

  private indicatorById(id: string, parameter: string): Indicator {
    const found = this.plan.indicators.find((x) => x.id === id);
    if (!found)
      throw HttpProblem.notFound(
        parameter,
        id,
        `参数 ${parameter} 的值「${id}」不是本规划的指标编号。可用值：${this.plan.indicators
          .slice(0, 3)
          .map((i) => i.id)
          .join('、')} 等，见 /api/v1/meta 的 indicators`,
      );
    return found;
  }

  /** The area or zone asked for, or the plan's whole area. */
  private areaOf(area: string | undefined): string {
    if (area === undefined) return this.plan.root_area;
    if (this.plan.areas.some((a) => a.code === area) || this.plan.zones.some((z) => z.id === area))
      return area;
    const examples = this.plan.areas
      .filter((a) => a.code !== this.plan.root_area)
      .slice(0, 2)
      .map((a) => `${a.code}（${a.name}）`)
      .join('、');
    throw HttpProblem.notFound(
      'area',
      area,
      `参数 area 的值「${area}」不是本规划的区划代码或片区。可用值：${this.plan.root_area}（全市）、${examples} 等，见 /api/v1/meta 的 areas 和 zones`,
    );
  }

  /**
   * The period a view shows when the request names none: the latest complete year (the year of the latest
   * month when that is December, else the year before), or the base year when only baselines exist.
   */
  /**
   * The years a period may fall in: from the plan's base year to its end, or to the latest year with data
   * when figures go beyond the end.
   */
  private async yearRange(): Promise<{ from: number; to: number }> {
    const { latest_month } = await this.meta();
    const { base_year, end } = this.plan.metadata.period;
    const latestYear = latest_month ? parsePeriod(latest_month).year : end;
    return { from: base_year, to: Math.max(end, latestYear) };
  }

  /** A requested period, refused (400, naming the range) when it lies outside the plan's years. */
  private async periodIn(period: string): Promise<Period> {
    const p = parsePeriod(period);
    const { from, to } = await this.yearRange();
    if (p.year < from || p.year > to)
      throw HttpProblem.badParameter(
        'period',
        period,
        `参数 period 的值「${period}」超出本规划的期间：可查询 ${from} 年（基期）至 ${to} 年，例如 ${to}、${to}-Q4、${to}-12、${to}-01/${to}-06`,
      );
    return p;
  }

  private async periodOr(period: string | undefined): Promise<Period> {
    if (period !== undefined) return this.periodIn(period);
    const { latest_month } = await this.meta();
    const base = this.plan.metadata.period.base_year;
    if (latest_month === null) return { kind: 'year', year: base };
    const latest = parsePeriod(latest_month);
    return {
      kind: 'year',
      year: latest.kind === 'month' && latest.month === 12 ? latest.year : latest.year - 1,
    };
  }

  private yearsTo(last: number): Period[] {
    const out: Period[] = [];
    for (let y = this.plan.metadata.period.base_year; y <= last; y++) out.push({ kind: 'year', year: y });
    return out;
  }

  async overview(q: OverviewQuery): Promise<OverviewResponse> {
    const area = this.areaOf(q.area);
    const period = await this.periodOr(q.period);
    const years = this.yearsTo(period.year);
    const periods = period.kind === 'year' ? years : [period, ...years];
    const whole = area === this.plan.root_area;
    const results = await this.engine.evaluate({ periods, ...(whole ? {} : { areas: [area] }) });
    const p = formatPeriod(period);
    const byPair = new Map<string, IndicatorResult[]>();
    for (const r of results) {
      const k = `${r.indicator}|${r.area}`;
      byPair.set(k, [...(byPair.get(k) ?? []), r]);
    }
    const groups = new Map<string, OverviewRow[]>();
    for (const rs of byPair.values()) {
      const at = rs.find((r) => r.period === p) as IndicatorResult;
      const yearly = rs.filter((r) => /^\d{4}$/.test(r.period));
      // Without a value at the period, the row shows the latest year that has one.
      const shown = at.value !== null ? at : (yearly.findLast((r) => r.value !== null) ?? at);
      const category = this.indicatorById(at.indicator, 'indicator').category;
      groups.set(category, [
        ...(groups.get(category) ?? []),
        {
          result: indicatorFigure(shown),
          latest_period: shown.value !== null ? shown.period : null,
          sparkline: yearly.map((r) => ({ period: r.period, value: r.value })),
        },
      ]);
    }
    const order = [...new Set(this.plan.indicators.map((i) => i.category))];
    return {
      period: p,
      area,
      groups: order
        .filter((c) => groups.has(c))
        .map((category) => ({ category, rows: groups.get(category) ?? [] })),
    };
  }

  async indicator(q: IndicatorQuery): Promise<IndicatorDetailResponse> {
    const indicator = this.indicatorById(q.id, 'id');
    const area =
      q.area === undefined
        ? (this.engine.evaluator.homeAreas(indicator)[0] ?? this.plan.root_area)
        : this.areaOf(q.area);
    const meta = await this.meta();
    const base = this.plan.metadata.period.base_year;
    const latest: Period = q.period
      ? await this.periodIn(q.period)
      : meta.latest_month
        ? parsePeriod(meta.latest_month)
        : { kind: 'year', year: Math.max(base, ...meta.years) };
    const periods = periodsOf(q.frequency, latest, base);
    const current = latestOf(q.frequency, latest);
    const request = {
      periods: [...periods, current],
      areas: [area],
      indicators: [indicator.id],
      explain: true,
    };
    const results = await this.engine.evaluate(request);
    const at = results[results.length - 1] as IndicatorResult;
    const lines = await targetPaths(this.engine, at, current);
    return {
      indicator: IndicatorSchema.parse(indicator),
      area,
      frequency: q.frequency,
      series: results.slice(0, periods.length).map(indicatorFigure),
      path: lines.path,
      projection: lines.projection,
      current: explainedFigure(at),
    };
  }

  async districts(q: DistrictsQuery): Promise<DistrictsResponse> {
    const indicator = this.indicatorById(q.indicator, 'indicator');
    const period = await this.periodOr(q.period);
    const b = await areaBreakdown(this.engine, indicator, period);
    const areaName = new Map(this.plan.areas.map((a) => [a.code, a.name]));
    const zone = new Map(this.plan.zones.map((z) => [z.id, z]));
    return {
      indicator: indicator.id,
      period: formatPeriod(period),
      unit: indicator.unit,
      total: b.total,
      rows: b.areas.map((a) => ({ ...a, name: areaName.get(a.area) ?? a.area })),
      zones: b.zones.map((z) => ({
        ...z,
        name: zone.get(z.zone)?.name ?? z.zone,
        areas: zone.get(z.zone)?.areas ?? [],
      })),
    };
  }

  async domains(q: DomainsQuery): Promise<DomainsResponse> {
    const area = this.areaOf(q.area);
    const period = await this.periodOr(q.period);
    const b = await domainBreakdown(this.engine, this.driver, { period, area });
    const domain = new Map(this.plan.domains.map((d) => [d.id, d]));
    return {
      measure: b.measure,
      period: formatPeriod(period),
      area,
      unit: b.unit,
      rows: b.parts.map((d) => ({
        ...d,
        name: domain.get(d.domain)?.name ?? d.domain,
        group: domain.get(d.domain)?.group ?? '',
      })),
    };
  }

  /** Every batch for a reader of every area's working figures; the public's batches for anyone else. */
  async batches(): Promise<BatchesResponse> {
    const all = this.scope.visibility === 'working' && this.scope.workingAreas === undefined;
    const rows = await this.driver.query(
      `SELECT id, kind, platform, period, file, status, row_count, rejected, observations, simulated,
              CAST(loaded_at AS VARCHAR) AS loaded_at, replaces
       FROM batches ${all ? '' : "WHERE status IN ('published', 'superseded')"}
       ORDER BY loaded_at DESC, id LIMIT 500`,
    );
    const batches: BatchSummary[] = rows.map((r) => ({
      id: r.id as string,
      kind: r.kind as BatchSummary['kind'],
      platform: (r.platform as string | null) ?? null,
      period: (r.period as string | null) ?? null,
      file: (r.file as string | null) ?? null,
      status: r.status as string,
      rows: Number(r.row_count),
      rejected: Number(r.rejected),
      observations: Number(r.observations),
      simulated: r.simulated === true,
      loaded_at: r.loaded_at as string,
      replaces: (r.replaces as string | null) ?? null,
    }));
    return { batches };
  }
}
