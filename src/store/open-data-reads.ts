/**
 * Store reads for open data (SDMX, the catalogue): what the public may see and nothing else.
 */
import type { Driver } from './driver.js';

/**
 * The keys (`measure|area|period`) of published, non-simulated totals whose value differs from an earlier
 * published value of the same key (kept in observation_history): SDMX marks them revised (OBS_STATUS R).
 */
export async function revisedPublishedKeys(driver: Driver): Promise<Set<string>> {
  const rows = await driver.query<{ measure: string; area: string; period: string }>(
    `SELECT DISTINCT o.measure, o.area, o.period
     FROM observations o JOIN observation_history h
       ON h.measure = o.measure AND h.area = o.area AND h.period = o.period
      AND h.domain = o.domain AND h.platform = o.platform AND h.category = o.category
     WHERE o.layer = 'published' AND h.layer = 'published' AND NOT h.simulated AND NOT o.simulated
       AND o.domain = '' AND o.platform = '' AND o.category = '' AND h.value_base <> o.value_base`,
  );
  return new Set(rows.map((r) => `${r.measure}|${r.area}|${r.period}`));
}

/** When the public figures last changed: the newest load time of a published, non-simulated row. */
export async function lastPublishedChange(driver: Driver): Promise<string | null> {
  const rows = await driver.query<{ at: string | null }>(
    `SELECT CAST(MAX(loaded_at) AS VARCHAR) AS at FROM observations WHERE layer = 'published' AND NOT simulated`,
  );
  return rows[0]?.at ?? null;
}
