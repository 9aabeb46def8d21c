/**
 * The one place the registry writes observations: a committed batch `registry:<version>` and its rows,
 * through the store's observation write function. (The write path is moving to src/store/write/; switching
 * the registry over is a change to this file only.)
 */
import type { ObservationInput } from '../store/observation-repository.js';
import { writeObservations } from '../store/observation-repository.js';
import type { Store } from '../store/open-store.js';

export async function writeRegistryBatch(
  store: Pick<Store, 'driver' | 'dialect'>,
  batchId: string,
  rows: readonly ObservationInput[],
  simulated: boolean,
): Promise<{ inserted: number; replaced: number }> {
  const { driver, dialect } = store;
  return driver.transaction(async (tx) => {
    await tx.query(
      `INSERT INTO batches (id, kind, platform, period, file, status, row_count, rejected, observations, simulated, loaded_at, note)
       VALUES ($1, 'registry', NULL, NULL, NULL, 'committed', $2, 0, $2, $3, ${dialect.now}, $4)`,
      [batchId, rows.length, simulated, '由重点企业项目库按计划计数规则计数'],
    );
    return writeObservations(tx, dialect, rows, batchId);
  });
}
