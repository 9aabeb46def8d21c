/**
 * The one place the registry writes observations: a batch `registry:<version>` and its rows, through the
 * store's write path, published on commit (the registry's own versions record who changed what and why).
 */
import type { ObservationInput } from '../store/observation-repository.js';
import type { Store } from '../store/open-store.js';
import { BatchWriter } from '../store/write/batch-writer.js';
import { writeRows } from '../store/write/write-observations.js';

export async function writeRegistryBatch(
  store: Pick<Store, 'driver' | 'dialect'>,
  batchId: string,
  rows: readonly ObservationInput[],
  simulated: boolean,
): Promise<{ inserted: number; replaced: number }> {
  const { driver, dialect } = store;
  const by = { actor: 'system' };
  return driver.transaction(async (tx) => {
    const writer = new BatchWriter(tx, dialect, null);
    await writer.create(
      {
        id: batchId,
        kind: 'registry',
        rows: rows.length,
        simulated,
        note: '由重点企业项目库按计划计数规则计数',
      },
      by,
    );
    const out = await writeRows(tx, dialect, rows, batchId, 'published');
    await writer.setObservations(batchId, rows.length);
    await writer.settle(batchId, 'on_commit', by);
    await writer.finish(batchId);
    return out;
  });
}
