import { UserError } from '../../domain/user-error.js';
import type { Dialect } from '../dialect.js';
import type { Driver } from '../driver.js';
import { auditTransition, type Via } from './audit-log.js';
import { assertTransition, type BatchKind, type BatchStatus, STATUS_ZH } from './batch-states.js';

/** Who moves a batch, from where, and why. */
export interface Actor {
  actor: string;
  reason?: string | null;
  /** Where the move came from (an account, a token, the command line); default the system. */
  via?: Via;
}

export interface BatchRow {
  id: string;
  kind: BatchKind;
  platform: string | null;
  period: string | null;
  status: BatchStatus;
  replaces: string | null;
}

/** The batch changed between reading and writing it (another writer was faster). */
export class BatchChangedError extends UserError {}

/** Only one batch of a replaceable key may be published at a time. */
export function liveKeyOf(b: Pick<BatchRow, 'kind' | 'platform' | 'period'>): string | null {
  return b.kind === 'feed' && b.platform && b.period ? `feed|${b.platform}|${b.period}` : null;
}

export function liveKeyTaken(b: Pick<BatchRow, 'id' | 'platform' | 'period'>): UserError {
  return new BatchChangedError({
    place: `${b.platform} ${b.period}`,
    value: b.id,
    message: '同一平台同一月份的另一批数据刚刚提交，未写入；请重试',
    hint: `用 ecmon feeds list --platform ${b.platform} --period ${b.period} 查看当前生效的批次`,
  });
}

export function batchNotFound(id: string): UserError {
  return new UserError({
    place: 'ID',
    value: id,
    message: '没有这个批次',
    hint: '用 ecmon batches list 查看批次编号',
  });
}

export async function batchRow(tx: Driver, id: string): Promise<BatchRow> {
  const [r] = await tx.query(
    'SELECT id, kind, platform, period, status, replaces FROM batches WHERE id = $1',
    [id],
  );
  if (!r) throw batchNotFound(id);
  return r as unknown as BatchRow;
}

/**
 * Moves batch `id` to `to` by compare-and-swap on its status (a batch another writer moved meanwhile is an
 * error, never overwritten) and records who, when and why in `batch_events`. A published batch takes its
 * live key; the unique index on the key lets no second batch of that key be published beside it.
 */
export async function transition(
  tx: Driver,
  d: Dialect,
  id: string,
  to: BatchStatus,
  by: Actor,
): Promise<BatchRow> {
  const b = await batchRow(tx, id);
  assertTransition(id, b.status, to, by.reason);
  let changed: unknown[];
  try {
    changed = await tx.query(
      'UPDATE batches SET status = $1, live_key = $2 WHERE id = $3 AND status = $4 RETURNING id',
      [to, to === 'published' ? liveKeyOf(b) : null, id, b.status],
    );
  } catch (e) {
    if (d.isUniqueViolation(e)) throw liveKeyTaken(b);
    throw e;
  }
  if (changed.length !== 1)
    throw new BatchChangedError({
      place: 'ID',
      value: id,
      message: `批次刚被另一操作改变（原为${STATUS_ZH[b.status]}），未改动`,
      hint: '用 ecmon batches show 查看它现在的状态后重试',
    });
  await recordEvent(tx, d, id, b.status, to, by);
  return { ...b, status: to };
}

export async function recordEvent(
  tx: Driver,
  d: Dialect,
  id: string,
  from: BatchStatus | null,
  to: BatchStatus,
  by: Actor,
): Promise<void> {
  // seq orders a batch's events: several may share one transaction's timestamp.
  await tx.query(
    `INSERT INTO batch_events VALUES ($1, $2, $3, $4, $5, ${d.now},
       (SELECT CAST(count(*) + 1 AS INTEGER) FROM batch_events WHERE batch_id = $1))`,
    [id, from, to, by.actor, by.reason?.trim() || null],
  );
  await auditTransition(tx, d, id, from, to, by);
}
