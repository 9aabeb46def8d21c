import { formatPeriod, monthSpan, type Period, parsePeriod, sameperiodLastYear } from '../domain/period.js';
import { UserError } from '../domain/user-error.js';
import { IndicatorEngine } from '../engine/indicator-engine.js';
import type { IndicatorResult } from '../engine/indicator-result.js';
import { type Level, levelKey, loadLevels } from '../engine/load-levels.js';
import {
  contribution,
  expectedOnPath,
  pull,
  share,
  shareChangePoints,
  timedValue,
  yoy,
} from '../engine/maths/index.js';
import type { Indicator, Plan } from '../plan/plan-types.js';
import type { Driver } from '../store/driver.js';
import { dataVersion } from '../store/observation-repository.js';
import type {
  BatchesResponse,
  BatchSummary,
  DashboardService,
  DistrictsResponse,
  DomainsResponse,
  Frequency,
  IndicatorDetailResponse,
  MetaResponse,
  OverviewResponse,
  OverviewRow,
  PathPoint,
  ZoneRow,
} from './contract.js';

/**
 * The dashboard service over the store and the indicator engine: what the HTTP API serves. Results come from
 * the engine's data-version cache, so a page is fresh the moment a batch commits.
 */
export class StoreDashboardService implements DashboardService {
  private readonly engine: IndicatorEngine;
  private metaCache: { version: number; meta: MetaResponse } | null = null;

  constructor(
    private readonly driver: Driver,
    private readonly plan: Plan,
  ) {
    this.engine = new IndicatorEngine(driver, plan);
  }

  private get base(): number {
    return this.plan.metadata.period.base_year;
  }

  async meta(): Promise<MetaResponse> {
    const version = await dataVersion(this.driver);
    if (this.metaCache?.version === version) return this.metaCache.meta;
    const [sim] = await this.driver.query('SELECT count(*) AS n FROM observations WHERE simulated = TRUE');
    const [latest] = await this.driver.query(
      "SELECT max(period) AS m FROM observations WHERE period_kind = 'month'",
    );
    const years = await this.driver.query('SELECT DISTINCT year FROM observations ORDER BY year');
    const categories = [...new Set(this.plan.indicators.map((i) => i.category))];
    const meta: MetaResponse = {
      plan: { id: this.plan.id, version: this.plan.version, metadata: this.plan.metadata },
      simulated: Number(sim?.n ?? 0) > 0,
      data_version: version,
      latest_month: (latest?.m as string | null) ?? null,
      years: years.map((r) => Number(r.year)),
      root_area: this.plan.root_area,
      areas: this.plan.areas,
      zones: this.plan.zones,
      domains: this.plan.domains,
      indicators: this.plan.indicators,
      categories,
    };
    this.metaCache = { version, meta };
    return meta;
  }

  private indicatorById(id: string): Indicator {
    const i = this.plan.indicators.find((x) => x.id === id);
    if (!i)
      throw new UserError({
        place: 'id',
        value: id,
        message: '未知的指标',
        hint: '见 /api/meta 的 indicators',
      });
    return i;
  }

  private checkArea(area: string | undefined): void {
    if (area && !this.plan.areas.some((a) => a.code === area) && !this.plan.zones.some((z) => z.id === area))
      throw new UserError({
        place: 'area',
        value: area,
        message: '未知的区划代码或片区',
        hint: `如 ${this.plan.root_area}`,
      });
  }

  private years(to: number): Period[] {
    const out: Period[] = [];
    for (let y = this.base; y <= to; y++) out.push({ kind: 'year', year: y });
    return out;
  }

  async overview(q: { period: string; area?: string }): Promise<OverviewResponse> {
    this.checkArea(q.area);
    const period = parsePeriod(q.period);
    const areas = q.area && q.area !== this.plan.root_area ? [q.area] : undefined;
    const years = this.years(period.year);
    const periods = period.kind === 'year' ? years : [period, ...years];
    const results = await this.engine.evaluate({ periods, ...(areas ? { areas } : {}) });
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
      const latestYear = yearly.findLast((r) => r.value !== null);
      const result = at.value !== null ? at : (latestYear ?? at);
      const ind = this.indicatorById(at.indicator);
      const row: OverviewRow = {
        // The overview lists figures; their workings travel with the indicator detail (`current`).
        result: { ...result, components: [] },
        latest_period: result.value !== null ? result.period : null,
        sparkline: yearly.map((r) => ({ period: r.period, value: r.value })),
      };
      groups.set(ind.category, [...(groups.get(ind.category) ?? []), row]);
    }
    const order = [...new Set(this.plan.indicators.map((i) => i.category))];
    return {
      period: p,
      area: q.area ?? this.plan.root_area,
      groups: order
        .filter((c) => groups.has(c))
        .map((category) => ({ category, rows: groups.get(category) ?? [] })),
    };
  }

  /** The periods of a frequency from the first plan year up to `last` (inclusive). */
  private periodsOf(frequency: Frequency, last: Period): Period[] {
    const out: Period[] = [];
    const endYear = last.year;
    const lastMonth = monthSpan(last).to;
    for (let y = this.base; y <= endYear; y++) {
      const months = y === endYear ? lastMonth : 12;
      if (frequency === 'year') {
        if (y < endYear || lastMonth === 12) out.push({ kind: 'year', year: y });
      } else if (y > this.base) {
        if (frequency === 'month')
          for (let m = 1; m <= months; m++) out.push({ kind: 'month', year: y, month: m });
        if (frequency === 'quarter')
          for (let qt = 1; qt * 3 <= months; qt++) out.push({ kind: 'quarter', year: y, quarter: qt });
        if (frequency === 'cumulative')
          for (let m = 1; m <= months; m++) out.push({ kind: 'range', year: y, from: 1, to: m });
      }
    }
    return out;
  }

  async indicator(q: {
    id: string;
    area?: string;
    frequency: Frequency;
    period?: string;
  }): Promise<IndicatorDetailResponse> {
    const indicator = this.indicatorById(q.id);
    this.checkArea(q.area);
    const area = q.area ?? this.engine.evaluator.homeAreas(indicator)[0] ?? this.plan.root_area;
    const meta = await this.meta();
    const latest: Period = q.period
      ? parsePeriod(q.period)
      : meta.latest_month
        ? parsePeriod(meta.latest_month)
        : { kind: 'year', year: Math.max(this.base, ...meta.years) };
    const periods = this.periodsOf(q.frequency, latest);
    const current = latestOf(q.frequency, latest);
    const results = await this.engine.evaluate({
      periods: [...periods, current],
      areas: [area],
      indicators: [indicator.id],
      explain: true,
    });
    const cur = formatPeriod(current);
    const series = results.slice(0, periods.length).map((r) => ({ ...r, components: [] }));
    const at = results[results.length - 1] as IndicatorResult;
    return {
      indicator,
      area,
      frequency: q.frequency,
      series,
      path: this.path(at),
      projection: this.projectionLine(at),
      current: { ...at, period: cur },
    };
  }

  /** The constant-growth path (序时进度) from baseline to target, one point a year. */
  private path(r: IndicatorResult): PathPoint[] {
    if (!r.baseline || !r.target) return [];
    const path = {
      base: timedValue(r.baseline.year, r.baseline.value),
      target: timedValue(r.target.year, r.target.value),
    };
    const out: PathPoint[] = [];
    for (let y = r.baseline.year; y <= r.target.year; y++) {
      const v = expectedOnPath(path, y).value;
      if (v !== null) out.push({ year: y, value: v });
    }
    return out;
  }

  /** From the latest full year with a value to the target year, at the trailing average growth since the baseline. */
  private projectionLine(r: IndicatorResult): PathPoint[] {
    const g = r.avg_growth_since_baseline;
    const annualPeriod = r.components.find((c) => c.of === 'projection')?.inputs[0]?.period;
    if (!r.target || !r.baseline || g === null || r.multiple_of_baseline === null || !annualPeriod) return [];
    const from = Number(annualPeriod);
    const v0 = r.baseline.value * r.multiple_of_baseline;
    const out: PathPoint[] = [];
    for (let y = from; y <= r.target.year; y++) out.push({ year: y, value: v0 * (1 + g) ** (y - from) });
    return out;
  }

  async districts(q: { indicator: string; period: string }): Promise<DistrictsResponse> {
    const indicator = this.indicatorById(q.indicator);
    const period = parsePeriod(q.period);
    const prev = sameperiodLastYear(period);
    const root = this.plan.root_area;
    const districts = this.plan.areas.filter((a) => a.parent === root);
    const zones = this.plan.zones.filter((z) => z.areas.length < districts.length);
    const results = await this.engine.evaluate({
      periods: [period, prev],
      areas: [root, ...districts.map((d) => d.code), ...zones.map((z) => z.id)],
      indicators: [indicator.id],
    });
    const get = (area: string, p: Period): IndicatorResult | undefined =>
      results.find((r) => r.area === area && r.period === formatPeriod(p));
    // Shares, contributions and pulls need parts that add up to the total; a ratio indicator's do not.
    const additive = indicator.unit !== '%';
    const total = get(root, period)?.value ?? null;
    const totalPrev = get(root, prev)?.value ?? null;
    const rows = districts.map((d) => {
      const now = get(d.code, period);
      const before = get(d.code, prev)?.value ?? null;
      const value = now?.value ?? null;
      return {
        area: d.code,
        name: d.name,
        value,
        yoy: now?.yoy?.value ?? null,
        share: additive ? share(value, total).value : null,
        contribution: !additive
          ? null
          : contribution({ part: value, partPrevious: before, total, totalPrevious: totalPrev }).value,
        pull: additive ? pull({ part: value, partPrevious: before, totalPrevious: totalPrev }).value : null,
        rank: null as number | null,
        simulated: now?.simulated ?? false,
      };
    });
    const ranked = [...rows]
      .filter((r) => r.value !== null)
      .sort((a, b) => (b.value as number) - (a.value as number));
    ranked.forEach((r, i) => {
      r.rank = i + 1;
    });
    const zoneRows: ZoneRow[] = zones.map((z) => {
      const now = get(z.id, period);
      return {
        zone: z.id,
        name: z.name,
        areas: z.areas,
        value: now?.value ?? null,
        yoy: now?.yoy?.value ?? null,
        share: additive ? share(now?.value ?? null, total).value : null,
      };
    });
    return {
      indicator: indicator.id,
      period: formatPeriod(period),
      unit: indicator.unit,
      total,
      rows,
      zones: zoneRows,
    };
  }

  async domains(q: { period: string; area?: string }): Promise<DomainsResponse> {
    this.checkArea(q.area);
    const period = parsePeriod(q.period);
    const prev = sameperiodLastYear(period);
    const area = q.area ?? this.plan.root_area;
    // The domains are read on the plan's leading measure that has domain breakdowns (电子商务交易额 for Chengdu:
    // it counts B2B, so 工业电商 shows).
    const withDomains = new Set(
      (await this.driver.query("SELECT DISTINCT measure FROM observations WHERE domain <> ''")).map(
        (r) => r.measure as string,
      ),
    );
    const measureId =
      this.plan.indicators.map((i) => i.measure).find((m): m is string => !!m && withDomains.has(m)) ??
      [...withDomains][0] ??
      this.plan.measures[0]?.id ??
      '';
    const measure = this.plan.measures.find((m) => m.id === measureId);
    if (!measure) return { measure: measureId, period: formatPeriod(period), area, unit: '', rows: [] };
    const years = this.years(period.year);
    const periods = [period, prev, ...years];
    // A zone (一核, 片区) sums its member areas; every member must have a level.
    const members = this.plan.zones.find((z) => z.id === area)?.areas ?? [area];
    const sum = (grid: Map<string, Level>, p: Period): number | null => {
      let out = 0;
      for (const m of members) {
        const l = grid.get(levelKey(measure.id, m, formatPeriod(p)));
        if (!l) return null;
        out += l.value;
      }
      return out;
    };
    const total = await loadLevels(this.driver, { measures: [measure], areas: members, periods });
    const t = (p: Period): number | null => sum(total, p);
    const rows = await Promise.all(
      this.plan.domains.map(async (d) => {
        const grid = await loadLevels(this.driver, {
          measures: [measure],
          areas: members,
          periods,
          breakdown: { domain: d.id },
        });
        const v = (p: Period): number | null => sum(grid, p);
        const published =
          members.length === 1 ? grid.get(levelKey(measure.id, area, formatPeriod(period))) : undefined;
        const now = v(period);
        const before = v(prev);
        const shareNow = share(now, t(period)).value;
        const sharePrev = share(before, t(prev)).value;
        return {
          domain: d.id,
          name: d.name,
          group: d.group,
          value: now,
          yoy: published?.publishedYoy ?? yoy({ current: now, previous: before }).value,
          share: shareNow,
          share_change_pp: shareChangePoints(shareNow, sharePrev).value,
          series: years.map((y) => ({ period: formatPeriod(y), value: v(y) })),
        };
      }),
    );
    return { measure: measure.id, period: formatPeriod(period), area, unit: measure.unit, rows };
  }

  async batches(): Promise<BatchesResponse> {
    const rows = await this.driver.query(
      `SELECT id, kind, platform, period, file, status, row_count, rejected, observations, simulated,
              CAST(loaded_at AS VARCHAR) AS loaded_at, replaces
       FROM batches ORDER BY loaded_at DESC, id LIMIT 500`,
    );
    const batches: BatchSummary[] = rows.map((r) => ({
      id: r.id as string,
      kind: r.kind as BatchSummary['kind'],
      platform: (r.platform as string | null) ?? null,
      period: (r.period as string | null) ?? null,
      file: (r.file as string | null) ?? null,
      status: r.status as BatchSummary['status'],
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

/** The period the detail view judges: the latest of the frequency ending at `latest`. */
function latestOf(frequency: Frequency, latest: Period): Period {
  const month = monthSpan(latest).to;
  if (frequency === 'year') return { kind: 'year', year: month === 12 ? latest.year : latest.year - 1 };
  if (frequency === 'quarter')
    return month >= 3
      ? { kind: 'quarter', year: latest.year, quarter: Math.floor(month / 3) }
      : { kind: 'quarter', year: latest.year - 1, quarter: 4 };
  if (frequency === 'cumulative') return { kind: 'range', year: latest.year, from: 1, to: month };
  return { kind: 'month', year: latest.year, month };
}
