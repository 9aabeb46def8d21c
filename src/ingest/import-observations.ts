import { randomUUID } from 'node:crypto';
import { basename } from 'node:path';
import { UserError } from '../domain/user-error.js';
import type { Plan } from '../plan/plan-types.js';
import { writeObservations } from '../store/observation-repository.js';
import type { Store } from '../store/open-store.js';
import { readObservationsFile } from './read-observations.js';
import type { TextEncoding } from './read-text-file.js';

export interface ImportResult {
  rows: number;
  inserted: number;
  replaced: number;
  batchId: string | null;
}

/**
 * Imports an observations file as one batch: all rows or none. Any problem in any row aborts the import
 * with every problem listed (UserError); nothing is written.
 */
export async function importObservationsFile(
  store: Store,
  plan: Plan,
  file: string,
  opts: { dryRun?: boolean; encoding?: TextEncoding } = {},
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
  if (opts.dryRun) return { rows: read.rows.length, inserted: 0, replaced: 0, batchId: null };
  const batchId = `import-${new Date().toISOString().slice(0, 10).replace(/-/g, '')}-${randomUUID().slice(0, 8)}`;
  const { driver, dialect } = store;
  const out = await driver.transaction(async (tx) => {
    await tx.query(
      `INSERT INTO batches (id, kind, platform, period, file, status, row_count, rejected, observations, simulated, loaded_at)
       VALUES ($1, 'import', NULL, NULL, $2, 'committed', $3, 0, $3, FALSE, ${dialect.now})`,
      [batchId, basename(file), read.rows.length],
    );
    return writeObservations(
      tx,
      dialect,
      read.rows.map((r) => ({ ...r, batch_id: batchId })),
      batchId,
    );
  });
  return { rows: read.rows.length, ...out, batchId };
}
