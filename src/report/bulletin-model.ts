import { formatPeriod, type Period } from '../domain/period.js';
import { UserError } from '../domain/user-error.js';
import { type AreaBreakdown, areaBreakdown } from '../engine/area-breakdown.js';
import { dataCoverage } from '../engine/data-coverage.js';
import { type DomainBreakdown, domainBreakdown } from '../engine/domain-breakdown.js';
import { IndicatorEngine } from '../engine/indicator-engine.js';
import type { IndicatorResult } from '../engine/indicator-result.js';
import { monitoredYears } from '../plan/monitored-years.js';
import type { Indicator, Plan } from '../plan/plan-types.js';
import type { Driver } from '../store/driver.js';
import { dataVersion } from '../store/observation-repository.js';

/** One headline indicator in the bulletin: 1—N月累计 (or the level at the month's end) and its judgement. */
export interface BulletinRow {
  indicator: Indicator;
  /** 1—N月累计 for a flow, the level at the month's end otherwise. */
  result: IndicatorResult;
  /** 1—(N−1)月累计 (null in January or for a level): its growth is the one the text compares with. */
  before: IndicatorResult | null;
  flow: boolean;
}

/** One month of the main indicator, for the trend chart. */
export interface MonthPoint {
  month: number;
  value: number | null;
  lastYear: number | null;
  /** Growth of 1—month累计 (fraction). */
  cumulativeYoy: number | null;
}

/** Everything a bulletin shows, read from the engine once; the documents only lay it out. */
export interface BulletinModel {
  plan: Plan;
  year: number;
  months: number;
  /** The month the bulletin is for, `YYYY-MM`. */
  period: string;
  rows: BulletinRow[];
  /** The first headline flow with figures: its monthly trend and its districts. */
  main: BulletinRow | null;
  trend: MonthPoint[];
  districts: { row: BulletinRow; breakdown: AreaBreakdown }[];
  domains: DomainBreakdown;
  simulated: boolean;
  dataVersion: number;
  latestMonth: string | null;
  /** Distinct sources the headline figures rest on (plan sections, documents, feeds by platform). */
  sources: string[];
  generatedAt: Date;
  generatedBy: string;
}

/**
 * Reads what the monthly bulletin for `YYYY-MM` needs: every headline indicator's 1—N月累计 (a level at the
 * month's end for stocks) with the year-to-date judgement, 1—(N−1)月累计 for the change of growth, the
 * districts (贡献率, 拉动) and domains, and the monthly trend of the main indicator.
 */
export async function bulletinModel(
  driver: Driver,
  plan: Plan,
  period: Period,
  generatedBy: string,
  generatedAt: Date = new Date(),
): Promise<BulletinModel> {
  if (period.kind !== 'month')
    throw new UserError({
      place: '--period',
      value: formatPeriod(period),
      message: '月度简报的期间应为一个月',
      hint: '写作 YYYY-MM，如 2025-06',
    });
  const engine = new IndicatorEngine(driver, plan);
  const { year, month: months } = period;
  const cumulative = (to: number): Period => ({ kind: 'range', year, from: 1, to });
  const headline = plan.indicators.filter((i) => i.headline);
  const flows = new Set(headline.filter((i) => engine.evaluator.isFlow(i)).map((i) => i.id));
  const periods = [cumulative(months), period, ...(months > 1 ? [cumulative(months - 1)] : [])];
  const results = await engine.evaluate({
    periods,
    indicators: headline.map((i) => i.id),
    areas: [plan.root_area],
    explain: true,
  });
  const find = (id: string, p: Period): IndicatorResult | null =>
    results.find((r) => r.indicator === id && r.period === formatPeriod(p)) ?? null;
  const rows: BulletinRow[] = headline.map((indicator) => {
    const flow = flows.has(indicator.id);
    return {
      indicator,
      flow,
      result: find(indicator.id, flow ? cumulative(months) : period) as IndicatorResult,
      before: flow && months > 1 ? find(indicator.id, cumulative(months - 1)) : null,
    };
  });
  const main = rows.find((r) => r.flow && r.result.value !== null) ?? null;
  const trend = main ? await monthlyTrend(engine, main.indicator, year, months) : [];
  const districts: BulletinModel['districts'] = [];
  for (const row of rows.filter((r) => r.flow && r.result.value !== null)) {
    const breakdown = await areaBreakdown(engine, row.indicator, cumulative(months));
    if (breakdown.areas.some((a) => a.value !== null)) districts.push({ row, breakdown });
  }
  const coverage = await dataCoverage(driver, monitoredYears(plan));
  const sources = new Set<string>();
  for (const r of results)
    for (const c of r.components)
      for (const i of c.inputs) if (i.source) sources.add(sourceLabel(i.source, i.simulated === true));
  return {
    plan,
    year,
    months,
    period: formatPeriod(period),
    rows,
    main,
    trend,
    districts,
    domains: await domainBreakdown(engine, driver, { period: cumulative(months), area: plan.root_area }),
    simulated: results.some((r) => r.simulated),
    dataVersion: await dataVersion(driver),
    latestMonth: coverage.latestMonth,
    sources: [...sources].sort(),
    generatedAt,
    generatedBy,
  };
}

async function monthlyTrend(
  engine: IndicatorEngine,
  indicator: Indicator,
  year: number,
  months: number,
): Promise<MonthPoint[]> {
  const periods: Period[] = [];
  for (let m = 1; m <= months; m++)
    periods.push(
      { kind: 'month', year, month: m },
      { kind: 'month', year: year - 1, month: m },
      { kind: 'range', year, from: 1, to: m },
    );
  const rs = await engine.evaluate({ periods, indicators: [indicator.id], areas: [engine.plan.root_area] });
  const out: MonthPoint[] = [];
  for (let m = 1; m <= months; m++) {
    const single = rs.find((r) => r.period === formatPeriod({ kind: 'month', year, month: m }));
    const cum = rs.find((r) => r.period === formatPeriod({ kind: 'range', year, from: 1, to: m }));
    const before = rs.find((r) => r.period === formatPeriod({ kind: 'month', year: year - 1, month: m }));
    out.push({
      month: m,
      value: single?.value ?? null,
      lastYear: before?.value ?? null,
      cumulativeYoy: cum?.yoy?.value ?? null,
    });
  }
  return out;
}

/** A batch source reads as its platform feed; plan sections as themselves. */
function sourceLabel(source: string, simulated: boolean): string {
  const label = source.startsWith('batch:') ? '平台数据（按批次入库）' : source;
  return simulated ? `${label}（模拟）` : label;
}
