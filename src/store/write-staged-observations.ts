import type { Dialect } from './dialect.js';
import type { Driver } from './driver.js';
import { bumpDataVersion } from './observation-repository.js';

const KEY = ['measure', 'area', 'period', 'domain', 'platform', 'category'] as const;

/**
 * Writes the observations already staged in `stagingTable` (a table or view shaped as `observations`) in the
 * caller's transaction: a new key is inserted; an existing key is replaced and the replaced row is kept in
 * `observation_history` with `replacedBy`. All in SQL, so nothing passes through JavaScript. Bumps the data
 * version.
 */
export async function writeObservationsFrom(
  tx: Driver,
  dialect: Dialect,
  stagingTable: string,
  replacedBy: string | null,
): Promise<{ inserted: number; replaced: number }> {
  const staging = dialect.ident(stagingTable);
  const match = KEY.map((k) => `o.${k} = s.${k}`).join(' AND ');
  const exists = `EXISTS (SELECT 1 FROM ${staging} s WHERE ${match})`;
  const counts = await tx.query<{ total: string | number; replaced: string | number }>(
    `SELECT (SELECT count(*) FROM ${staging}) AS total, (SELECT count(*) FROM observations o WHERE ${exists}) AS replaced`,
  );
  await tx.query(
    `INSERT INTO observation_history SELECT o.*, ${dialect.now}, $1 FROM observations o WHERE ${exists}`,
    [replacedBy],
  );
  await tx.exec(`DELETE FROM observations o WHERE ${exists}`);
  await tx.exec(`INSERT INTO observations SELECT * FROM ${staging}`);
  await bumpDataVersion(tx);
  const replaced = Number(counts[0]?.replaced ?? 0);
  return { inserted: Number(counts[0]?.total ?? 0) - replaced, replaced };
}
