import type { Dialect } from '../dialect.js';
import type { Driver } from '../driver.js';
import type { ObservationInput } from '../observation-repository.js';
import { BatchWriter, type NewBatch } from './batch-writer.js';
import { bumpDataVersion } from './data-version.js';
import { retireRows } from './observation-columns.js';
import type { Actor } from './transition.js';
import { writeRows } from './write-observations.js';

/**
 * Replaces the figures a plan states (its batch `b`): published at once, since the plan is the bureau's own
 * document. A changed plan keeps its batch; its old figures go to history like any replaced observation.
 */
export async function writePlanFacts(
  tx: Driver,
  d: Dialect,
  b: NewBatch,
  rows: readonly ObservationInput[],
  by: Actor,
): Promise<void> {
  const [old] = await tx.query('SELECT id FROM batches WHERE id = $1', [b.id]);
  const writer = new BatchWriter(tx, d, null);
  if (old) {
    await retireRows(tx, d.now, b.id, (p) => `o.batch_id = ${p(b.id)}`);
    await tx.query(
      `UPDATE batches SET file = $2, row_count = $3, note = $4, loaded_at = ${d.now} WHERE id = $1`,
      [b.id, b.file ?? null, b.rows, b.note ?? null],
    );
  } else await writer.create(b, by);
  await writeRows(tx, d, rows, b.id, 'published');
  if (!old) await writer.settle(b.id, 'on_commit', by);
  await writer.setObservations(b.id, rows.length);
  await bumpDataVersion(tx);
}
