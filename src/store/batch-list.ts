import type { Store } from './open-store.js';

/** One batch as listed: what it is, where it is in its life, what it holds. */
export interface BatchSummaryRow {
  id: string;
  kind: string;
  platform: string | null;
  period: string | null;
  status: string;
  rows: number;
  rejected: number;
  observations: number;
  file: string | null;
  loaded_at: string;
  replaces: string | null;
}

/** Batches, newest first, optionally of one status and kind. */
export async function listBatches(
  store: Store,
  filter: { status?: string; kind?: string } = {},
): Promise<BatchSummaryRow[]> {
  const rows = await store.driver.query(
    `SELECT id, kind, platform, period, status, row_count, rejected, observations, file,
       CAST(loaded_at AS ${store.dialect.text}) AS loaded_at, replaces
     FROM batches WHERE ($1 = '' OR status = $1) AND ($2 = '' OR kind = $2) ORDER BY loaded_at DESC, id`,
    [filter.status ?? '', filter.kind ?? ''],
  );
  return rows.map((r) => ({
    id: r.id as string,
    kind: r.kind as string,
    platform: (r.platform as string | null) ?? null,
    period: (r.period as string | null) ?? null,
    status: r.status as string,
    rows: Number(r.row_count),
    rejected: Number(r.rejected),
    observations: Number(r.observations),
    file: (r.file as string | null) ?? null,
    loaded_at: r.loaded_at as string,
    replaces: (r.replaces as string | null) ?? null,
  }));
}
