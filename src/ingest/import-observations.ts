import { randomUUID } from 'node:crypto';
import { basename } from 'node:path';
import { UserError } from '../domain/user-error.js';
import type { Plan } from '../plan/plan-types.js';
import type { Store } from '../store/open-store.js';
import type { BatchStatus } from '../store/write/batch-states.js';
import { BatchWriter, layerOf } from '../store/write/batch-writer.js';
import { policyFor } from '../store/write/publication-policy.js';
import { writeRows } from '../store/write/write-observations.js';
import { readObservationsFile } from './read-observations.js';
import type { TextEncoding } from './read-text-file.js';

export interface ImportResult {
  rows: number;
  inserted: number;
  replaced: number;
  batchId: string | null;
  /** published, or submitted when the publication policy waits for approval. */
  status: BatchStatus;
}

/**
 * Imports an observations file as one batch: all rows or none. Any problem in any row aborts the import
 * with every problem listed (UserError); nothing is written.
 */
export async function importObservationsFile(
  store: Store,
  plan: Plan,
  file: string,
  opts: { dryRun?: boolean; encoding?: TextEncoding; hold?: boolean; actor?: string } = {},
): Promise<ImportResult> {
  const read = await readObservationsFile(file, plan, opts.encoding ? { encoding: opts.encoding } : {});
  if (read.problems.length) throw new UserError(read.problems);
  if (read.rows.length === 0)
    throw new UserError({
      place: file,
      value: '',
      message: '文件中没有数据行',
      hint: '第一行为表头，其后每行一个观测值',
    });
  if (opts.dryRun)
    return { rows: read.rows.length, inserted: 0, replaced: 0, batchId: null, status: 'draft' };
  const batchId = `import-${new Date().toISOString().slice(0, 10).replace(/-/g, '')}-${randomUUID().slice(0, 8)}`;
  const { driver, dialect } = store;
  const policy = policyFor('import', plan.publication, opts.hold);
  const by = { actor: opts.actor ?? 'system' };
  return driver.transaction(async (tx) => {
    const writer = new BatchWriter(tx, dialect, null);
    await writer.create({ id: batchId, kind: 'import', file: basename(file), rows: read.rows.length }, by);
    const out = await writeRows(
      tx,
      dialect,
      read.rows.map((r) => ({ ...r, batch_id: batchId })),
      batchId,
      layerOf(policy),
    );
    await writer.setObservations(batchId, read.rows.length);
    const status = await writer.settle(batchId, policy, by);
    await writer.finish(batchId);
    return { rows: read.rows.length, ...out, batchId, status };
  });
}
