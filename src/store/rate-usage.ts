/**
 * Open-data requests per client and minute, shared by every server process over one store
 * (`open_rate_usage`, migration 41): each process adds its own counts every second and reads everyone's, so
 * the per-minute limits hold across processes without a store round trip per request.
 */
import type { Driver, SqlValue } from './driver.js';

/**
 * Adds this process's requests of `minute` (client → count) and returns every process's totals of that
 * minute. With `prune`, drops the minutes before the previous one.
 */
export async function syncRateUsage(
  driver: Driver,
  minute: number,
  counts: ReadonlyMap<string, number>,
  prune = false,
): Promise<Map<string, number>> {
  const rows = [...counts];
  for (let i = 0; i < rows.length; i += 500) {
    const params: SqlValue[] = [minute];
    const tuples = rows
      .slice(i, i + 500)
      .map(([client, n]) => `($1, $${params.push(client)}, $${params.push(n)})`)
      .join(', ');
    await driver.query(
      `INSERT INTO open_rate_usage (minute, client, requests) VALUES ${tuples}
       ON CONFLICT (minute, client) DO UPDATE SET requests = open_rate_usage.requests + EXCLUDED.requests`,
      params,
    );
  }
  if (prune) await driver.query('DELETE FROM open_rate_usage WHERE minute < $1', [minute - 1]);
  const totals = await driver.query<{ client: string; requests: number | string }>(
    'SELECT client, requests FROM open_rate_usage WHERE minute = $1',
    [minute],
  );
  return new Map(totals.map((r) => [r.client, Number(r.requests)]));
}
