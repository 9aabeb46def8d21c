/**
 * Feed batches as the `ecmon feeds` commands see them: the list, one batch with its history, and rollback.
 * Rolling back the batch in force for a platform × month brings back the batch it replaced (or, when it
 * replaced none, removes the month's observations from that platform) and records the rollback.
 */
import { UserError } from '../../domain/user-error.js';
import type { Plan } from '../../plan/plan-types.js';
import type { Row } from '../../store/driver.js';
import type { Store } from '../../store/open-store.js';
import { type BatchEvent, batchEvents } from '../../store/write/batch-events.js';
import { BatchWriter } from '../../store/write/batch-writer.js';
import type { Actor } from '../../store/write/transition.js';

export interface FeedBatch {
  id: string;
  platform: string;
  period: string;
  status: string;
  rows: number;
  rejected: number;
  observations: number;
  simulated: boolean;
  file: string;
  loaded_at: string;
  replaces: string | null;
  load_id: string | null;
}

export interface FeedBatchDetail extends FeedBatch {
  /** The batch that replaced this one, if any. */
  replaced_by: string | null;
  rows_table: string | null;
  events: BatchEvent[];
  /** Aggregates of this batch at the plan's root area, per measure, in 元. */
  totals: { measure: string; value: string }[];
  quarantined: number;
}

const num = (v: unknown): number => Number(v ?? 0);
const trimZeros = (s: string): string => (s.includes('.') ? s.replace(/\.?0+$/, '') : s);

function toBatch(r: Row): FeedBatch {
  return {
    id: r.id as string,
    platform: r.platform as string,
    period: r.period as string,
    status: r.status as string,
    rows: num(r.row_count),
    rejected: num(r.rejected),
    observations: num(r.observations),
    simulated: r.simulated === true || r.simulated === 'true',
    file: r.file as string,
    loaded_at: r.loaded_at as string,
    replaces: (r.replaces as string | null) ?? null,
    load_id: (r.load_id as string | null) ?? null,
  };
}

function columns(store: Store): string {
  return `id, platform, period, status, row_count, rejected, observations, simulated, file,
  CAST(loaded_at AS ${store.dialect.text}) AS loaded_at, replaces, load_id`;
}

export async function listFeedBatches(
  store: Store,
  filter: { platform?: string; period?: string } = {},
): Promise<FeedBatch[]> {
  const rows = await store.driver.query(
    `SELECT ${columns(store)} FROM batches
     WHERE kind = 'feed' AND ($1 = '' OR platform = $1) AND ($2 = '' OR period = $2)
     ORDER BY period, platform, loaded_at`,
    [filter.platform ?? '', filter.period ?? ''],
  );
  return rows.map(toBatch);
}

function notFound(id: string): UserError {
  return new UserError({
    place: 'ID',
    value: id,
    message: '没有这个平台数据批次',
    hint: '用 ecmon feeds list 查看批次编号',
  });
}

export async function showFeedBatch(store: Store, plan: Plan, id: string): Promise<FeedBatchDetail> {
  const { driver, dialect } = store;
  const rows = await driver.query(`SELECT ${columns(store)} FROM batches WHERE kind = 'feed' AND id = $1`, [
    id,
  ]);
  if (!rows[0]) throw notFound(id);
  const batch = toBatch(rows[0]);
  const [by, load, events, totals, q] = await Promise.all([
    driver.query(`SELECT id FROM batches WHERE replaces = $1 ORDER BY loaded_at DESC`, [id]),
    driver.query('SELECT rows_table FROM feed_loads WHERE id = $1', [batch.load_id]),
    batchEvents(store, id),
    driver.query(
      `SELECT measure, CAST(value AS ${dialect.text}) AS value FROM feed_cells
       WHERE batch_id = $1 AND area = $2 AND domain = '' AND category = '' ORDER BY measure`,
      [id, plan.root_area],
    ),
    driver.query('SELECT count(*) AS n FROM feed_quarantine WHERE batch_id = $1', [id]),
  ]);
  return {
    ...batch,
    replaced_by: (by[0]?.id as string | undefined) ?? null,
    rows_table: (load[0]?.rows_table as string | undefined) ?? null,
    events,
    totals: totals.map((t) => ({ measure: t.measure as string, value: trimZeros(t.value as string) })),
    quarantined: num(q[0]?.n),
  };
}

/**
 * Rolls back the batch in force for its platform × month. Returns the batch now in force (the one it had
 * replaced), or null when the month has no batch from that platform any more.
 */
export async function rollbackFeedBatch(
  store: Store,
  plan: Plan,
  id: string,
  by: Actor,
): Promise<string | null> {
  const { driver, dialect } = store;
  const restored = await driver.transaction(async (tx) => {
    const rows = await tx.query(`SELECT ${columns(store)} FROM batches WHERE kind = 'feed' AND id = $1`, [
      id,
    ]);
    if (!rows[0]) throw notFound(id);
    const batch = toBatch(rows[0]);
    if (batch.status !== 'published')
      throw new UserError({
        place: 'ID',
        value: id,
        message: `只能回滚当前生效的批次，此批次状态为 ${batch.status}`,
        hint: `用 ecmon feeds list --platform ${batch.platform} --period ${batch.period} 查看当前生效的批次`,
      });
    const writer = new BatchWriter(tx, dialect, plan);
    await writer.move(id, 'rolled_back', by);
    await writer.finish(id);
    const [live] = await tx.query<{ id: string }>('SELECT id FROM batches WHERE live_key = $1', [
      `feed|${batch.platform}|${batch.period}`,
    ]);
    return live?.id ?? null;
  });
  // The analytical engine's rows in force follow the committed rollback.
  await store.analytics?.reconcile(driver);
  return restored;
}
