/**
 * The observations open data publishes: published batches only, never simulated figures, the plan's measures
 * by area and by the plan's dimensions (totals as `_T`), each mapped to its SDMX key and attributes.
 */
import { breakdownKey } from '../domain/breakdown.js';
import { type Period, parsePeriod } from '../domain/period.js';
import type { Plan } from '../plan/plan-types.js';
import type { Driver } from '../store/driver.js';
import { queryObservations } from '../store/observation-repository.js';
import { revisedPublishedKeys } from '../store/open-data-reads.js';
import { measureCode, planDimensions, TOTAL_CODE, unitCode } from './sdmx-structure.js';

export interface OpenObservation {
  /** Dimension values by dimension id (FREQ, REF_AREA, MEASURE, ACCUMULATION) and TIME_PERIOD. */
  key: Record<string, string>;
  time: string;
  /** Exact decimal in the measure's display unit. */
  value: string;
  attributes: Record<string, string>;
  /** The store's own period and measure id, for comparisons with `ecmon observations`. */
  period: string;
  measure: string;
  /** When the figure was loaded (the catalogue's 最后更新). */
  loadedAt: string;
}

/** FREQ, ACCUMULATION and TIME_PERIOD of a stored period; a cumulative 1–N月 range is YTD at its last month. */
export function sdmxTime(p: Period): { freq: string; accumulation: string; time: string } {
  const mm = (m: number): string => String(m).padStart(2, '0');
  switch (p.kind) {
    case 'year':
      return { freq: 'A', accumulation: 'N', time: String(p.year) };
    case 'quarter':
      return { freq: 'Q', accumulation: 'N', time: `${p.year}-Q${p.quarter}` };
    case 'month':
      return { freq: 'M', accumulation: 'N', time: `${p.year}-${mm(p.month)}` };
    case 'range':
      return p.from === 1
        ? { freq: 'M', accumulation: 'YTD', time: `${p.year}-${mm(p.to)}` }
        : // A range not from January is a span of its own: an SDMX time range (start/duration).
          { freq: 'M', accumulation: 'N', time: `${p.year}-${mm(p.from)}-01/P${p.to - p.from + 1}M` };
  }
}

export async function openObservations(driver: Driver, plan: Plan): Promise<OpenObservation[]> {
  const measures = new Map(plan.measures.map((m) => [m.id, m]));
  const dims = planDimensions(plan);
  const [rows, revised] = await Promise.all([
    queryObservations(driver, { visibility: 'published', totalsOnly: false }),
    revisedPublishedKeys(driver),
  ]);
  const out: OpenObservation[] = [];
  for (const r of rows) {
    const measure = measures.get(r.measure);
    if (r.simulated || !measure) continue;
    // A breakdown over a dimension the plan does not declare has no place in the structure.
    if (Object.keys(r.breakdown).some((d) => !dims.some((x) => x.id === d))) continue;
    const { freq, accumulation, time } = sdmxTime(parsePeriod(r.period));
    const unit = unitCode(r.unit);
    const attributes: Record<string, string> = {
      UNIT_MEASURE: unit.code,
      UNIT_MULT: String(unit.mult),
      OBS_STATUS: revised.has(`${r.measure}|${r.area}|${r.period}|${breakdownKey(r.breakdown)}`) ? 'R' : 'A',
    };
    if (r.published_yoy !== null) attributes.COMPARABLE_YOY = r.published_yoy;
    if (r.source) attributes.SOURCE = r.source;
    out.push({
      key: {
        FREQ: freq,
        REF_AREA: r.area,
        MEASURE: measureCode(r.measure),
        ACCUMULATION: accumulation,
        ...Object.fromEntries(dims.map((d) => [d.sdmx, r.breakdown[d.id] ?? TOTAL_CODE])),
      },
      time,
      value: r.value,
      attributes,
      period: r.period,
      measure: r.measure,
      loadedAt: r.loaded_at,
    });
  }
  return out;
}
