import type { Driver } from '../store/driver.js';

/** What the loaded observations cover: whether any is simulated, the latest month and the years with data. */
export interface DataCoverage {
  simulated: boolean;
  /** `YYYY-MM`, or null when only whole-year figures (the plan's baselines) are loaded. */
  latestMonth: string | null;
  years: number[];
}

export async function dataCoverage(driver: Driver): Promise<DataCoverage> {
  const [sim] = await driver.query('SELECT count(*) AS n FROM observations WHERE simulated = TRUE');
  const [latest] = await driver.query(
    "SELECT max(period) AS m FROM observations WHERE period_kind = 'month'",
  );
  const years = await driver.query('SELECT DISTINCT year FROM observations ORDER BY year');
  return {
    simulated: Number(sim?.n ?? 0) > 0,
    latestMonth: (latest?.m as string | null) ?? null,
    years: years.map((r) => Number(r.year)),
  };
}
