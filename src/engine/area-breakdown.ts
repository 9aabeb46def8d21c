import { formatPeriod, type Period, sameperiodLastYear } from '../domain/period.js';
import type { Indicator } from '../plan/plan-types.js';
import type { IndicatorEngine } from './indicator-engine.js';
import type { IndicatorResult } from './indicator-result.js';
import { contribution, pull, share } from './maths/index.js';

/** One district's part of the plan area's figure. Shares and contributions are percent, pulls percentage points. */
export interface AreaPart {
  area: string;
  value: number | null;
  /** Year-on-year growth as a fraction, on the comparable basis when the source published one. */
  yoy: number | null;
  share: number | null;
  /** 贡献率: this area's share of the total's change, percent. */
  contribution: number | null;
  /** 拉动: percentage points of the total's growth that come from this area. */
  pull: number | null;
  /** 1 for the largest value; null without a value. */
  rank: number | null;
  simulated: boolean;
}

/** A zone (一核, 片区): the sum of its member areas, as the engine evaluates zones (comparable basis kept). */
export interface ZonePart {
  zone: string;
  value: number | null;
  yoy: number | null;
  share: number | null;
}

export interface AreaBreakdown {
  /** The plan area's own value (the city total). */
  total: number | null;
  areas: AreaPart[];
  zones: ZonePart[];
}

/**
 * An indicator across the plan area's districts and zones at one period, against the same period a year
 * earlier. Shares, contributions and pulls need parts that add up to the total, so a ratio indicator (unit
 * `%`) has none. A zone that covers every district is the plan area itself and is left out.
 */
export async function areaBreakdown(
  engine: IndicatorEngine,
  indicator: Indicator,
  period: Period,
): Promise<AreaBreakdown> {
  const plan = engine.plan;
  const root = plan.root_area;
  const prev = sameperiodLastYear(period);
  const districts = plan.areas.filter((a) => a.parent === root).map((a) => a.code);
  const zones = plan.zones.filter((z) => z.areas.length < districts.length).map((z) => z.id);
  const results = await engine.evaluate({
    periods: [period, prev],
    areas: [root, ...districts, ...zones],
    indicators: [indicator.id],
  });
  const byKey = new Map(results.map((r) => [`${r.area}|${r.period}`, r]));
  const get = (area: string, p: Period): IndicatorResult | undefined =>
    byKey.get(`${area}|${formatPeriod(p)}`);
  const additive = indicator.unit !== '%';
  const total = get(root, period)?.value ?? null;
  const totalPrevious = get(root, prev)?.value ?? null;
  const areas: AreaPart[] = districts.map((area) => {
    const now = get(area, period);
    const value = now?.value ?? null;
    const partPrevious = get(area, prev)?.value ?? null;
    return {
      area,
      value,
      yoy: now?.yoy?.value ?? null,
      share: additive ? share(value, total).value : null,
      contribution: additive ? contribution({ part: value, partPrevious, total, totalPrevious }).value : null,
      pull: additive ? pull({ part: value, partPrevious, totalPrevious }).value : null,
      rank: null,
      simulated: now?.simulated ?? false,
    };
  });
  const ranked = areas
    .filter((a) => a.value !== null)
    .sort((a, b) => (b.value as number) - (a.value as number));
  ranked.forEach((a, i) => {
    a.rank = i + 1;
  });
  return {
    total,
    areas,
    zones: zones.map((zone) => {
      const now = get(zone, period);
      const value = now?.value ?? null;
      return {
        zone,
        value,
        yoy: now?.yoy?.value ?? null,
        share: additive ? share(value, total).value : null,
      };
    }),
  };
}
