import type { Aggregation } from '../domain/aggregation.js';
import { formatPeriod, monthSpan, type Period } from '../domain/period.js';
import { baseUnit, convertDecimal } from '../domain/unit.js';
import type { Measure } from '../plan/plan-types.js';
import type { Driver, SqlValue } from '../store/driver.js';
import { type ReadScope, type Visibility, visibleRows } from '../store/visibility.js';

/** The level of a measure for one area and period, in the measure's unit, and where it came from. */
export interface Level {
  /** The nearest double to {@link decimal}. */
  value: number;
  /** The level exactly, as a decimal string in the measure's unit (SQL sums decimals; units shift the point). */
  decimal: string;
  /** Published comparable-basis YoY growth as a fraction (0.141 = +14.1%), when the source gave one. */
  publishedYoy: number | null;
  /** `exact`: an observation for exactly this period; `months`: rolled up from monthly observations. */
  how: 'exact' | 'months';
  months: number;
  source: string | null;
  batches: string[];
  simulated: boolean;
}

export const levelKey = (measure: string, area: string, period: string): string =>
  `${measure}|${area}|${period}`;

export interface LevelRequest {
  measures: readonly Measure[];
  areas: readonly string[];
  periods: readonly Period[];
  /** Breakdown to read (default: the totals). */
  breakdown?: { domain?: string; platform?: string; category?: string };
  /** What the reader may see; default the published figures only (the public's view). */
  visibility?: Visibility | ReadScope;
}

/**
 * Reads the levels for a grid of measures × areas × periods in one SQL statement: observations recorded for
 * exactly the period, and monthly observations rolled up inside the database (flows summed, stocks at their
 * latest month). A published figure for the exact period wins over a roll-up; a flow missing any month has
 * no rolled-up level.
 */
export async function loadLevels(driver: Driver, req: LevelRequest): Promise<Map<string, Level>> {
  const out = new Map<string, Level>();
  const query = levelGridQuery(req);
  if (!query) return out;
  const rows = await driver.query(query.sql, query.params);
  const measures = new Map(req.measures.map((m) => [m.id, m]));
  const bases = new Map(req.measures.map((m) => [m.id, baseUnit(m.unit)]));
  const spans = new Map(req.periods.map((x) => [formatPeriod(x), monthSpan(x)]));
  for (const r of rows) {
    const measure = measures.get(r.measure as string);
    const span = spans.get(r.pk as string);
    if (!measure || !span) continue;
    const key = levelKey(measure.id, r.area as string, r.pk as string);
    const how = r.how as 'exact' | 'months';
    const prior = out.get(key);
    if (how === 'months' && prior?.how === 'exact') continue;
    // Two observations may cover the same span (2024 and 2024-01/2024-12): the one written as asked wins.
    if (how === 'exact' && prior?.how === 'exact' && Number(r.same_text) === 0) continue;
    const n = Number(r.n);
    const agg: Aggregation = measure.aggregation;
    // A flow needs every month; a stock needs the period's last month (its level at the period's end).
    if (how === 'months' && agg === 'flow' && n < span.to - span.from + 1) continue;
    if (how === 'months' && agg === 'stock' && Number(r.last_month) !== span.to) continue;
    // Exact to the light: the decimal from SQL is shifted to the measure's unit as a string, then read once.
    const decimal = convertDecimal(
      String(agg === 'stock' ? r.last_value : r.total),
      bases.get(measure.id) as string,
      measure.unit,
    );
    // Rolled-up flows keep the comparable basis when every month published one (Σx / Σ(x/(1+g)) − 1).
    const yoy = how === 'months' && agg === 'stock' ? r.last_yoy : r.yoy;
    out.set(key, {
      value: Number(decimal),
      decimal,
      publishedYoy: yoy === null || yoy === undefined ? null : Number(yoy) / 100,
      how,
      months: how === 'exact' ? span.to - span.from + 1 : n,
      source: (r.source as string | null) ?? null,
      batches: r.batches ? [...new Set(String(r.batches).split(',').filter(Boolean))] : [],
      simulated: r.simulated === true || r.simulated === 'true',
    });
  }
  return out;
}

/**
 * The level-grid statement alone (what `loadLevels` runs): levels leave SQL as exact decimal text, in the
 * base unit. Null when the request is empty.
 */
export function levelGridQuery(req: LevelRequest): { sql: string; params: SqlValue[] } | null {
  if (!req.measures.length || !req.areas.length || !req.periods.length) return null;
  const params: SqlValue[] = [];
  const p = (v: SqlValue): string => `$${params.push(v)}`;
  const unique = [...new Map(req.periods.map((x) => [formatPeriod(x), x])).values()];
  const reqRows = unique
    .map((x) => {
      const s = monthSpan(x);
      return `(${p(formatPeriod(x))}, CAST(${p(s.year)} AS INTEGER), CAST(${p(s.from)} AS INTEGER), CAST(${p(s.to)} AS INTEGER))`;
    })
    .join(', ');
  const measureList = req.measures.map((m) => p(m.id)).join(', ');
  const areaList = req.areas.map((a) => p(a)).join(', ');
  const b = req.breakdown ?? {};
  const breakdown = `o.domain = ${p(b.domain ?? '')} AND o.platform = ${p(b.platform ?? '')} AND o.category = ${p(b.category ?? '')}`;
  const filter = `${breakdown} AND o.measure IN (${measureList}) AND o.area IN (${areaList})
    AND ${visibleRows('o', req.visibility ?? 'published', p)}`;
  const sql = `
WITH req (pk, y, f, t) AS (VALUES ${reqRows}),
exact AS (
  SELECT o.measure, o.area, r.pk, CAST(o.value_base AS VARCHAR) AS total, CAST(o.value_base AS VARCHAR) AS last_value,
         1 AS n, CAST(o.published_yoy AS DOUBLE PRECISION) AS yoy, o.source AS source, o.batch_id AS batches, o.simulated AS simulated,
         'exact' AS how, r.t AS last_month, CASE WHEN o.period = r.pk THEN 1 ELSE 0 END AS same_text
  FROM observations o JOIN req r ON o.year = r.y AND o.month_from = r.f AND o.month_to = r.t
  WHERE ${filter}
),
months AS (
  SELECT o.measure, o.area, r.pk, o.month_to, o.value_base, o.published_yoy, o.source, o.batch_id, o.simulated,
         max(o.month_to) OVER (PARTITION BY o.measure, o.area, r.pk) AS last_month
  FROM observations o JOIN req r
    ON o.period_kind = 'month' AND o.year = r.y AND o.month_from >= r.f AND o.month_to <= r.t AND r.f < r.t
  WHERE ${filter}
),
rolled AS (
  SELECT measure, area, pk, CAST(sum(value_base) AS VARCHAR) AS total,
         CAST(sum(CASE WHEN month_to = last_month THEN value_base END) AS VARCHAR) AS last_value,
         count(*) AS n,
         CASE WHEN count(published_yoy) = count(*) THEN
           CAST(sum(value_base) AS DOUBLE PRECISION)
             / sum(CAST(value_base AS DOUBLE PRECISION) / (1 + CAST(published_yoy AS DOUBLE PRECISION) / 100)) * 100 - 100
         END AS yoy,
         min(source) AS source,
         string_agg(DISTINCT batch_id, ',') AS batches, bool_or(simulated) AS simulated, 'months' AS how,
         max(month_to) AS last_month, 0 AS same_text,
         CAST(max(CASE WHEN month_to = last_month THEN published_yoy END) AS DOUBLE PRECISION) AS last_yoy
  FROM months GROUP BY measure, area, pk
)
SELECT measure, area, pk, total, last_value, n, yoy, source, batches, simulated, how, last_month, same_text,
       CAST(NULL AS DOUBLE PRECISION) AS last_yoy FROM exact
UNION ALL SELECT measure, area, pk, total, last_value, n, yoy, source, batches, simulated, how, last_month, same_text, last_yoy
FROM rolled`;
  return { sql, params };
}
