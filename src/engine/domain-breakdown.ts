import { formatPeriod, type Period, sameperiodLastYear } from '../domain/period.js';
import type { Driver } from '../store/driver.js';
import type { EvaluationGrid } from './evaluation-grid.js';
import type { IndicatorEngine } from './indicator-engine.js';
import { type Level, loadLevels } from './load-levels.js';
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

/**
 * The plan's focus domains on the first indicator whose measure the plan breaks down by `domain` (电子商务交易额
 * for Chengdu: it counts B2B, so 工业电商 shows), for an area or a zone. Values go through the engine's
 * evaluator, so a zone sums its members and keeps the comparable basis exactly as the indicators do.
 */
export async function domainBreakdown(
  engine: IndicatorEngine,
  driver: Driver,
  q: { period: Period; area: string },
): Promise<DomainBreakdown> {
  const { plan, evaluator } = engine;
  const measures = new Map(plan.measures.map((m) => [m.id, m]));
  const indicator = plan.indicators.find(
    (i) => i.measure && measures.get(i.measure)?.breakdowns?.includes('domain'),
  );
  const measure = indicator?.measure ? measures.get(indicator.measure) : undefined;
  if (!indicator || !measure) return { indicator: null, measure: null, unit: '', parts: [] };
  const prev = sameperiodLastYear(q.period);
  const years: Period[] = [];
  for (let y = plan.metadata.period.base_year; y <= q.period.year; y++) years.push({ kind: 'year', year: y });
  const members = plan.zones.find((z) => z.id === q.area)?.areas ?? [q.area];
  const read = (domain?: string): Promise<Map<string, Level>> =>
    loadLevels(driver, {
      measures: [measure],
      areas: members,
      periods,
      visibility: engine.scope,
      ...(domain ? { breakdown: { domain } } : {}),
    });
  const periods = [...new Map([q.period, prev, ...years].map((p) => [formatPeriod(p), p])).values()];
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
  const totals = await read();
  const parts = await Promise.all(
    plan.domains.map(async (d): Promise<DomainPart> => {
      const grid = await read(d.id);
      const now = value(grid, q.period);
      const before = value(grid, prev);
      const shareNow = share(now.value, value(totals, q.period).value).value;
      const sharePrev = share(before.value, value(totals, prev).value).value;
      return {
        domain: d.id,
        value: now.value,
        yoy: yoy({ current: now.value, previous: before.value, publishedYoy: now.publishedYoy }).value,
        share: shareNow,
        share_change_pp: shareChangePoints(shareNow, sharePrev).value,
        series: years.map((y) => ({ period: formatPeriod(y), value: value(grid, y).value })),
      };
    }),
  );
  return { indicator: indicator.id, measure: measure.id, unit: measure.unit, parts };
}
