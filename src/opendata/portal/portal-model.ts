/**
 * What the public portal shows, from the engine over open data only (published and never simulated): every
 * plan target with its latest value, light and completion, each indicator's yearly series beside its target
 * path, and the districts. Nothing here reads pending or simulated figures: the engine is asked with the
 * `open` visibility.
 */
import { formatPeriod, monthSpan, type Period, parsePeriod } from '../../domain/period.js';
import type { IndicatorEngine } from '../../engine/indicator-engine.js';
import type { IndicatorResult } from '../../engine/indicator-result.js';
import type { Indicator, Plan } from '../../plan/plan-types.js';
import type { OpenObservation } from '../open-observations.js';
import { sdmxId } from '../sdmx-structure.js';

export interface PortalIndicator {
  indicator: Indicator;
  /** The result at the latest year (or 1–N月累计 of the latest month) with a public value; null when none. */
  latest: IndicatorResult | null;
  /** Every year from the base year to the plan's end: the public value and the target path's level. */
  years: { year: number; value: number | null; expected: number | null }[];
}

export interface PortalModel {
  plan: Plan;
  /** The SDMX dataflow id, for download links. */
  flowId: string;
  /** The latest period with public figures (`2024`, or `2024-01/2024-06` for 1–6月累计), null when there is none. */
  latest: string | null;
  /** Whether the store holds published simulated figures (never shown here): the portal says so. */
  simulatedWithheld: boolean;
  indicators: PortalIndicator[];
}

/** The latest public period: the last year, or its last month when the year is not complete. */
export function latestOpenPeriod(rows: readonly OpenObservation[]): Period | null {
  let best: { year: number; to: number } | null = null;
  for (const o of rows) {
    const { year, to } = monthSpan(parsePeriod(o.period));
    if (!best || year > best.year || (year === best.year && to > best.to)) best = { year, to };
  }
  if (!best) return null;
  return best.to === 12
    ? { kind: 'year', year: best.year }
    : { kind: 'range', year: best.year, from: 1, to: best.to };
}

export async function portalModel(
  engine: IndicatorEngine,
  rows: readonly OpenObservation[],
  simulatedWithheld: boolean,
): Promise<PortalModel> {
  const plan = engine.plan;
  const latest = latestOpenPeriod(rows);
  const { base_year, end } = plan.metadata.period;
  const years: Period[] = [];
  for (let y = base_year; y <= end; y++) years.push({ kind: 'year', year: y });
  const periods = latest && latest.kind !== 'year' ? [...years, latest] : years;
  const results = await engine.evaluate({ periods, visibility: 'open' });
  const root = plan.root_area;
  const mine = new Map<string, IndicatorResult[]>();
  for (const r of results) {
    if (r.area !== root) continue;
    const list = mine.get(r.indicator);
    if (list) list.push(r);
    else mine.set(r.indicator, [r]);
  }
  const indicators = plan.indicators.map((indicator): PortalIndicator => {
    const list = mine.get(indicator.id) ?? [];
    const yearly = list.filter((r) => /^\d{4}$/.test(r.period));
    const partial = list.find((r) => !/^\d{4}$/.test(r.period) && r.value !== null) ?? null;
    const lastYear = [...yearly].reverse().find((r) => r.value !== null) ?? null;
    const newest =
      partial && (!lastYear || Number(partial.period.slice(0, 4)) > Number(lastYear.period))
        ? partial
        : lastYear;
    return {
      indicator,
      latest: newest,
      years: yearly.map((r) => ({
        year: Number(r.period),
        value: r.value,
        expected:
          r.schedule?.expected ?? (r.target && Number(r.period) === r.target.year ? r.target.value : null),
      })),
    };
  });
  return {
    plan,
    flowId: sdmxId(plan.id),
    latest: latest ? formatPeriod(latest) : null,
    simulatedWithheld,
    indicators,
  };
}
