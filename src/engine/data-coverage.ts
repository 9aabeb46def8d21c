import { formatPeriod, tryParsePeriod } from '../domain/period.js';
import type { Driver } from '../store/driver.js';

/** What the loaded observations cover: whether any is simulated, the latest month and the years with data. */
export interface DataCoverage {
  simulated: boolean;
  /** `YYYY-MM`, or null when only whole-year figures (the plan's baselines) are loaded. */
  latestMonth: string | null;
  years: number[];
}

/**
 * Coverage within `years` (the plan's monitored years): a row outside them, or with a period no entrance
 * accepts (written around ecmon), does not move the latest month a view defaults to.
 */
export async function dataCoverage(
  driver: Driver,
  years: { first: number; last: number },
): Promise<DataCoverage> {
  const [sim] = await driver.query('SELECT count(*) AS n FROM observations WHERE simulated = TRUE');
  const months = await driver.query<{ p: string }>(
    `SELECT DISTINCT period AS p FROM observations
     WHERE period_kind = 'month' AND year BETWEEN $1 AND $2 ORDER BY period DESC LIMIT 100`,
    [years.first, years.last],
  );
  const latest = months
    .map((m) => m.p)
    .find((p) => {
      const parsed = tryParsePeriod(p);
      return parsed?.kind === 'month' && formatPeriod(parsed) === p;
    });
  const found = await driver.query(
    'SELECT DISTINCT year FROM observations WHERE year BETWEEN $1 AND $2 ORDER BY year',
    [years.first, years.last],
  );
  return {
    simulated: Number(sim?.n ?? 0) > 0,
    latestMonth: latest ?? null,
    years: found.map((r) => Number(r.year)),
  };
}
