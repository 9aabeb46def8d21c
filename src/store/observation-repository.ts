import { type Breakdown, breakdownKey, parseBreakdownKey } from '../domain/breakdown.js';
import { trimDecimalZeros } from '../domain/decimal-string.js';
import { formatPeriod, type Period, parsePeriod } from '../domain/period.js';
import { convertDecimal } from '../domain/unit.js';
import type { Driver, Row, SqlValue } from './driver.js';
import { type Visibility, visibleRows } from './visibility.js';

/** One observation to write: measure × area × period × breakdown → value, with where it came from. */
export interface ObservationInput {
  measure: string;
  area: string;
  period: string;
  /** The part of the measure, by the plan's dimensions (`{ platform: 'sim-mall' }`); absent = the total. */
  breakdown?: Breakdown;
  /** Exact decimal string in `unit`. */
  value: string;
  unit: string;
  /** Published comparable-basis year-on-year growth, in percent (14.1 = +14.1%). */
  published_yoy?: string | null;
  source?: string | null;
  batch_id?: string | null;
  simulated?: boolean;
}

export interface ObservationRow {
  measure: string;
  area: string;
  period: string;
  /** The part of the measure by dimension id; `{}` for the total. */
  breakdown: Record<string, string>;
  /** Exact decimal string in the unit asked for (the measure's unit by default). */
  value: string;
  unit: string;
  /** As the source gave it. */
  given_value: string;
  given_unit: string;
  published_yoy: string | null;
  source: string | null;
  batch_id: string | null;
  simulated: boolean;
  loaded_at: string;
}

export async function dataVersion(driver: Driver): Promise<number> {
  const rows = await driver.query<{ value: string }>(`SELECT value FROM meta WHERE key = 'data_version'`);
  return Number(rows[0]?.value ?? 0);
}

export interface ObservationFilter {
  measure?: string;
  area?: string | string[];
  period?: string;
  /** Only total rows (no breakdown); default true unless a breakdown is given. */
  totalsOnly?: boolean;
  /** Exactly this breakdown (`{ platform: 'sim-mall' }`: that platform's rows, totals over other dimensions). */
  breakdown?: Breakdown;
  batch?: string;
  /** What the reader may see; default the published figures only. */
  visibility?: Visibility;
}

/**
 * Reads observations, values converted exactly to each measure's unit (or the given unit when the measure
 * is unknown), ordered by measure, area, period.
 */
export async function queryObservations(
  driver: Driver,
  filter: ObservationFilter = {},
): Promise<ObservationRow[]> {
  const where: string[] = [visibleRows('o', filter.visibility ?? 'published')];
  const params: SqlValue[] = [];
  const add = (sql: string, v: SqlValue): void => {
    params.push(v);
    where.push(sql.replace('?', `$${params.length}`));
  };
  if (filter.measure) add('o.measure = ?', filter.measure);
  if (typeof filter.area === 'string') add('o.area = ?', filter.area);
  if (Array.isArray(filter.area)) {
    const ph = filter.area.map((a) => {
      params.push(a);
      return `$${params.length}`;
    });
    where.push(`o.area IN (${ph.join(', ') || "''"})`);
  }
  if (filter.period) add('o.period = ?', formatPeriod(parsePeriod(filter.period)));
  if (filter.batch) add('o.batch_id = ?', filter.batch);
  if (filter.breakdown !== undefined) add('o.breakdown = ?', breakdownKey(filter.breakdown));
  else if (filter.totalsOnly ?? true) where.push(`o.breakdown = ''`);
  const sql = `SELECT o.measure, o.area, o.period, o.breakdown,
      CAST(o.value AS VARCHAR) AS given_value, o.unit AS given_unit,
      CAST(o.value_base AS VARCHAR) AS value_base, o.base_unit, m.unit AS measure_unit,
      CAST(o.published_yoy AS VARCHAR) AS published_yoy, o.source, o.batch_id, o.simulated,
      CAST(o.loaded_at AS VARCHAR) AS loaded_at, o.year, o.month_from, o.month_to
    FROM observations o LEFT JOIN measures m ON m.id = o.measure
    WHERE ${where.join(' AND ')}
    ORDER BY o.measure, o.area, o.year, o.month_to - o.month_from DESC, o.month_from, o.breakdown`;
  const rows = await driver.query(sql, params);
  return rows.map(toObservationRow);
}

function toObservationRow(r: Row): ObservationRow {
  const unit = (r.measure_unit as string | null) ?? (r.given_unit as string);
  const value = trimDecimalZeros(convertDecimal(r.value_base as string, r.base_unit as string, unit));
  return {
    measure: r.measure as string,
    area: r.area as string,
    period: r.period as string,
    breakdown: parseBreakdownKey(r.breakdown as string),
    value,
    unit,
    given_value: trimDecimalZeros(r.given_value as string),
    given_unit: r.given_unit as string,
    published_yoy: r.published_yoy === null ? null : trimDecimalZeros(r.published_yoy as string),
    source: (r.source as string | null) ?? null,
    batch_id: (r.batch_id as string | null) ?? null,
    simulated: r.simulated === true || r.simulated === 'true',
    loaded_at: r.loaded_at as string,
  };
}

/** Number of replaced versions kept for a key. */
export async function observationHistory(
  driver: Driver,
  key: { measure: string; area: string; period: string },
): Promise<{ value: string; unit: string; source: string | null; replaced_at: string }[]> {
  const rows = await driver.query(
    `SELECT CAST(value AS VARCHAR) AS value, unit, source, CAST(replaced_at AS VARCHAR) AS replaced_at
     FROM observation_history WHERE measure = $1 AND area = $2 AND period = $3 AND layer = 'published'
     ORDER BY replaced_at`,
    [key.measure, key.area, formatPeriod(parsePeriod(key.period))],
  );
  return rows.map((r) => ({
    value: trimDecimalZeros(r.value as string),
    unit: r.unit as string,
    source: (r.source as string | null) ?? null,
    replaced_at: r.replaced_at as string,
  }));
}

export type { Period };
