import type { Driver } from '../driver.js';

/** Tells every reader's cache that what it saw may have changed. */
export async function bumpDataVersion(tx: Driver): Promise<void> {
  await tx.query(
    `UPDATE meta SET value = CAST(CAST(value AS INTEGER) + 1 AS TEXT) WHERE key = 'data_version'`,
  );
}
