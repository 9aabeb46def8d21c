/**
 * Store reads for open data (SDMX, the catalogue): what the public may see and nothing else.
 */
import { trimDecimalZeros } from '../domain/decimal-string.js';
import type { Driver } from './driver.js';

/**
 * The keys (`measure|area|period|breakdown`) of published, non-simulated figures whose value differs from an earlier
 * published value of the same key (kept in observation_history): SDMX marks them revised (OBS_STATUS R).
 */
export async function revisedPublishedKeys(driver: Driver): Promise<Set<string>> {
  const rows = await driver.query<{ measure: string; area: string; period: string; breakdown: string }>(
    `SELECT DISTINCT o.measure, o.area, o.period, o.breakdown
     FROM observations o JOIN observation_history h
       ON h.measure = o.measure AND h.area = o.area AND h.period = o.period
      AND h.breakdown = o.breakdown
     WHERE o.layer = 'published' AND h.layer = 'published' AND NOT h.simulated AND NOT o.simulated
       AND h.value_base <> o.value_base`,
  );
  return new Set(rows.map((r) => `${r.measure}|${r.area}|${r.period}|${r.breakdown}`));
}

/** Whether published simulated figures exist (the portal says it withholds them). */
export async function hasPublishedSimulated(driver: Driver): Promise<boolean> {
  const rows = await driver.query<{ n: number | string }>(
    `SELECT COUNT(*) AS n FROM (SELECT 1 FROM observations WHERE layer = 'published' AND simulated LIMIT 1) s`,
  );
  return Number(rows[0]?.n ?? 0) > 0;
}

export interface PublicHistoryRow {
  area: string;
  period: string;
  value: string;
  unit: string;
  source: string | null;
  loaded_at: string;
  /** When a later published value replaced it; null for the value in force. */
  replaced_at: string | null;
}

/**
 * Every published, non-simulated total of a measure: the values in force and the earlier published values
 * they replaced (observation_history), oldest first per key.
 */
export async function publicHistory(driver: Driver, measure: string): Promise<PublicHistoryRow[]> {
  const cols = `area, period, year, month_from, month_to, CAST(value AS VARCHAR) AS value, unit, source, CAST(loaded_at AS VARCHAR) AS loaded_at`;
  const where = `measure = $1 AND layer = 'published' AND NOT simulated AND breakdown = ''`;
  const rows = await driver.query(
    `SELECT * FROM (
       SELECT ${cols}, CAST(NULL AS VARCHAR) AS replaced_at FROM observations WHERE ${where}
       UNION ALL
       SELECT ${cols}, CAST(replaced_at AS VARCHAR) AS replaced_at FROM observation_history WHERE ${where}
     ) h ORDER BY area, year, month_to - month_from DESC, month_from, replaced_at IS NULL, replaced_at`,
    [measure],
  );
  return rows.map((r) => ({
    area: r.area as string,
    period: r.period as string,
    value: trimDecimalZeros(r.value as string),
    unit: r.unit as string,
    source: (r.source as string | null) ?? null,
    loaded_at: r.loaded_at as string,
    replaced_at: (r.replaced_at as string | null) ?? null,
  }));
}
