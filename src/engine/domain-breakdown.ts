import { formatPeriod, type Period, sameperiodLastYear } from '../domain/period.js';
import type { Driver } from '../store/driver.js';
import type { EvaluationGrid } from './evaluation-grid.js';
import type { IndicatorEngine } from './indicator-engine.js';
import { type Level, loadLevels, loadLevelsBy } from './load-levels.js';
import { share, shareChangePoints, yoy } from './maths/index.js';

/** One focus domain's part of the measure. Share in percent, its change in percentage points (百分点). */
export interface DomainPart {
  domain: string;
  value: number | null;
  /** Year-on-year growth as a fraction, on the comparable basis when every figure it rests on published one. */
  yoy: number | null;
  share: number | null;
  share_change_pp: number | null;
  /** Yearly values from the base year to the period's year. */
  series: { period: string; value: number | null }[];
}

export interface DomainBreakdown {
  /** The indicator read by domain, or null when no indicator's measure is broken down by domain. */
  indicator: string | null;
  measure: string | null;
  unit: string;
  parts: DomainPart[];
}

/** One code's part of the measure along a dimension (the generic form of {@link DomainPart}). */
export interface DimensionPart extends Omit<DomainPart, 'domain'> {
  code: string;
}

export interface DimensionBreakdown {
  dimension: string;
  /** The indicator read along the dimension, or null when no indicator's measure is broken down by it. */
  indicator: string | null;
  measure: string | null;
  unit: string;
  /** One part per code of the dimension, in the plan's order (an open dimension: its listed codes, then the rest found). */
  parts: DimensionPart[];
}

/**
 * The parts of the first indicator whose measure the plan breaks down by `dimension`, one per code, for an
 * area or a zone: value, growth, share of the total and its change. All codes are read in one roll-up by the
 * dimension (loadLevelsBy), then go through the engine's evaluator, so a zone sums its members and keeps the
 * comparable basis exactly as the indicators do.
 */
export async function dimensionBreakdown(
  engine: IndicatorEngine,
  driver: Driver,
  q: { period: Period; area: string; dimension: string; codes?: readonly string[] },
): Promise<DimensionBreakdown> {
  const { plan, evaluator } = engine;
  const measures = new Map(plan.measures.map((m) => [m.id, m]));
  const indicator = plan.indicators.find(
    (i) => i.measure && measures.get(i.measure)?.breakdowns?.includes(q.dimension),
  );
  const measure = indicator?.measure ? measures.get(indicator.measure) : undefined;
  const empty = { dimension: q.dimension, indicator: null, measure: null, unit: '', parts: [] };
  if (!indicator || !measure) return empty;
  const prev = sameperiodLastYear(q.period);
  const years: Period[] = [];
  for (let y = plan.metadata.period.base_year; y <= q.period.year; y++) years.push({ kind: 'year', year: y });
  const members = plan.zones.find((z) => z.id === q.area)?.areas ?? [q.area];
  const periods = [...new Map([q.period, prev, ...years].map((p) => [formatPeriod(p), p])).values()];
  const req = { measures: [measure], areas: members, periods, visibility: engine.scope };
  const [totals, byCode] = await Promise.all([
    loadLevels(driver, req),
    loadLevelsBy(driver, req, q.dimension),
  ]);
  const grids = new Map<Map<string, Level>, EvaluationGrid>();
  const value = (
    levels: Map<string, Level>,
    p: Period,
  ): { value: number | null; publishedYoy: number | null } => {
    let grid = grids.get(levels);
    if (!grid) {
      grid = evaluator.gridOn(levels, periods);
      grids.set(levels, grid);
    }
    const series = grid.seriesOf(indicator.id, q.area);
    const j = grid.periodIndex.get(formatPeriod(p)) ?? -1;
    return { value: series.values[j] ?? null, publishedYoy: series.publishedYoy[j] ?? null };
  };
  const dim = plan.dimensions?.find((x) => x.id === q.dimension);
  const listed = dim?.codes.map((c) => c.code) ?? [];
  const found = [...byCode.keys()].filter((c) => !listed.includes(c)).sort();
  const codes = q.codes ?? (dim && !dim.open ? listed : [...listed, ...found]);
  const parts = codes.map((code): DimensionPart => {
    const grid = byCode.get(code) ?? new Map<string, Level>();
    const now = value(grid, q.period);
    const before = value(grid, prev);
    const shareNow = share(now.value, value(totals, q.period).value).value;
    const sharePrev = share(before.value, value(totals, prev).value).value;
    return {
      code,
      value: now.value,
      yoy: yoy({ current: now.value, previous: before.value, publishedYoy: now.publishedYoy }).value,
      share: shareNow,
      share_change_pp: shareChangePoints(shareNow, sharePrev).value,
      series: years.map((y) => ({ period: formatPeriod(y), value: value(grid, y).value })),
    };
  });
  return { dimension: q.dimension, indicator: indicator.id, measure: measure.id, unit: measure.unit, parts };
}

/**
 * The plan's focus domains on the first indicator whose measure the plan breaks down by `domain` (电子商务交易额
 * for Chengdu: it counts B2B, so 工业电商 shows): {@link dimensionBreakdown} along `domain`, one part per
 * domain of the plan.
 */
export async function domainBreakdown(
  engine: IndicatorEngine,
  driver: Driver,
  q: { period: Period; area: string },
): Promise<DomainBreakdown> {
  const b = await dimensionBreakdown(engine, driver, {
    ...q,
    dimension: 'domain',
    codes: engine.plan.domains.map((d) => d.id),
  });
  return {
    indicator: b.indicator,
    measure: b.measure,
    unit: b.unit,
    parts: b.parts.map(({ code, ...rest }): DomainPart => ({ domain: code, ...rest })),
  };
}
