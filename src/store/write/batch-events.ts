import type { Store } from '../open-store.js';

/** One recorded move of a batch: who, when, from → to, why. */
export interface BatchEvent {
  from: string | null;
  to: string;
  actor: string;
  reason: string | null;
  at: string;
}

/** A batch's history, oldest first. */
export async function batchEvents(store: Store, id: string): Promise<BatchEvent[]> {
  const rows = await store.driver.query(
    `SELECT from_status, to_status, actor, reason, CAST(happened_at AS ${store.dialect.text}) AS at
     FROM batch_events WHERE batch_id = $1 ORDER BY seq`,
    [id],
  );
  return rows.map((r) => ({
    from: (r.from_status as string | null) ?? null,
    to: r.to_status as string,
    actor: r.actor as string,
    reason: (r.reason as string | null) ?? null,
    at: r.at as string,
  }));
}
