import { randomUUID } from 'node:crypto';
import type { Dialect } from './dialect.js';
import type { Driver } from './driver.js';

/**
 * Requests for a scheduled monthly bulletin. The write path adds one, in the publishing transaction, for
 * every publish of a batch that covers a month; the schedule adds one on its configured day. The bulletin
 * schedule (src/report/bulletin-schedule.ts) claims the pending ones and records what it did with each.
 */
export type BulletinCause = 'publish' | 'day';
export type RequestStatus = 'pending' | 'running' | 'done' | 'skipped' | 'failed';

export interface BulletinRequest {
  id: string;
  cause: BulletinCause;
  /** The month the publish covered (its latest month), or the month the configured day asks for. */
  month: string | null;
  batchId: string | null;
  requestedAt: string;
  status: RequestStatus;
  handledAt: string | null;
  note: string | null;
}

/** A timestamp both engines read back as written (UTC, no zone). */
export const sqlTimestamp = (at: Date): string => at.toISOString().replace('T', ' ').replace('Z', '');

/**
 * The write path's hook: batch `batchId` has just been published in transaction `tx`. When it covers a
 * month (a feed month, or monthly observations of an import or a registry count), a request is added.
 */
export async function requestBulletinOnPublish(
  tx: Driver,
  d: Dialect,
  batch: { id: string; period: string | null },
): Promise<void> {
  let month = batch.period && /^\d{4}-\d{2}$/.test(batch.period) ? batch.period : null;
  if (!month) {
    const [row] = await tx.query(
      `SELECT max(period) AS m FROM observations WHERE batch_id = $1 AND period_kind = 'month' AND layer = 'published'`,
      [batch.id],
    );
    month = row?.m ? String(row.m) : null;
  }
  if (!month) return;
  await tx.query(
    `INSERT INTO bulletin_requests (id, cause, month, batch_id, requested_at, status) VALUES ($1, 'publish', $2, $3, ${d.now}, 'pending')`,
    [randomUUID(), month, batch.id],
  );
}

/** Adds the configured day's request for `month`, unless one was already made. Returns whether it added one. */
export async function requestBulletinForDay(driver: Driver, month: string, at: Date): Promise<boolean> {
  const [seen] = await driver.query(`SELECT id FROM bulletin_requests WHERE cause = 'day' AND month = $1`, [
    month,
  ]);
  if (seen) return false;
  return driver.transaction(async (tx) => {
    const [made] = await tx.query(`SELECT id FROM bulletin_requests WHERE cause = 'day' AND month = $1`, [
      month,
    ]);
    if (made) return false;
    await tx.query(
      `INSERT INTO bulletin_requests (id, cause, month, batch_id, requested_at, status) VALUES ($1, 'day', $2, NULL, $3, 'pending')`,
      [randomUUID(), month, sqlTimestamp(at)],
    );
    return true;
  });
}

const COLUMNS =
  'id, cause, month, batch_id, CAST(requested_at AS VARCHAR) AS requested_at, status, CAST(handled_at AS VARCHAR) AS handled_at, note';

function requestOf(r: Record<string, unknown>): BulletinRequest {
  return {
    id: String(r.id),
    cause: r.cause as BulletinCause,
    month: r.month === null ? null : String(r.month),
    batchId: r.batch_id === null ? null : String(r.batch_id),
    requestedAt: String(r.requested_at).slice(0, 19),
    status: r.status as RequestStatus,
    handledAt: r.handled_at === null ? null : String(r.handled_at).slice(0, 19),
    note: r.note === null ? null : String(r.note),
  };
}

/**
 * Takes every pending request for this run, by compare-and-set on the status: of two servers on one
 * database, each request goes to one of them.
 */
export async function claimPendingRequests(driver: Driver, at: Date): Promise<BulletinRequest[]> {
  // Read first: a run that finds nothing writes nothing (a write would announce a commit and wake it again).
  const [pending] = await driver.query(
    `SELECT count(*) AS n FROM bulletin_requests WHERE status = 'pending'`,
  );
  if (Number(pending?.n ?? 0) === 0) return [];
  const rows = await driver.query(
    `UPDATE bulletin_requests SET status = 'running', handled_at = $1 WHERE status = 'pending' RETURNING ${COLUMNS}`,
    [sqlTimestamp(at)],
  );
  return rows
    .map(requestOf)
    .sort((a, b) => a.requestedAt.localeCompare(b.requestedAt) || a.id.localeCompare(b.id));
}

/** Records what became of a claimed request. */
export async function settleRequest(
  driver: Driver,
  id: string,
  status: Exclude<RequestStatus, 'pending' | 'running'>,
  note: string,
): Promise<void> {
  await driver.query('UPDATE bulletin_requests SET status = $1, note = $2 WHERE id = $3', [status, note, id]);
}

/** The latest requests, newest first (the archive page shows what the schedule did). */
export async function recentRequests(driver: Driver, limit = 200): Promise<BulletinRequest[]> {
  const rows = await driver.query(
    `SELECT ${COLUMNS} FROM bulletin_requests ORDER BY requested_at DESC, id LIMIT ${Math.trunc(limit)}`,
  );
  return rows.map(requestOf);
}

/** The latest month with published monthly figures, or null. */
export async function latestPublishedMonth(driver: Driver): Promise<string | null> {
  const [row] = await driver.query(
    `SELECT max(period) AS m FROM observations WHERE period_kind = 'month' AND layer = 'published'`,
  );
  return row?.m ? String(row.m) : null;
}
