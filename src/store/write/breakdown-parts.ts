/**
 * The parts of each breakdown key the store holds (`breakdown_parts`: key, dimension, code, rest): a small
 * dictionary, one row per dimension of every distinct key, indexed on (dimension, rest) so a roll-up by a
 * dimension under a fixed breakdown is one equality join on every engine (src/engine/load-levels.ts).
 */
import { breakdownParts } from '../../domain/breakdown.js';
import type { Driver } from '../driver.js';

/** Records the parts of breakdown keys not yet known (the roll-up index: breakdown → dimension, code, rest). */
export async function registerKeys(tx: Driver, keys: readonly string[]): Promise<void> {
  const parts = keys.flatMap((k) => breakdownParts(k).map((p) => [k, p.dimension, p.code, p.rest]));
  for (let i = 0; i < parts.length; i += 200) {
    const chunk = parts.slice(i, i + 200);
    const params: string[] = [];
    const tuples = chunk.map((r) => `(${r.map((v) => `$${params.push(v)}`).join(', ')})`);
    await tx.query(
      `INSERT INTO breakdown_parts (breakdown, dimension, code, rest)
       SELECT * FROM (VALUES ${tuples.join(', ')}) AS n (breakdown, dimension, code, rest)
       WHERE NOT EXISTS (SELECT 1 FROM breakdown_parts p WHERE p.breakdown = n.breakdown AND p.dimension = n.dimension)`,
      params,
    );
  }
}

/** Registers the keys of the rows in `table` (a staging table or view with a `breakdown` column). */
export async function registerKeysOf(tx: Driver, table: string): Promise<void> {
  const rows = await tx.query<{ breakdown: string }>(
    `SELECT DISTINCT s.breakdown FROM ${table} s WHERE s.breakdown <> '' AND NOT EXISTS (
       SELECT 1 FROM breakdown_parts p WHERE p.breakdown = s.breakdown)`,
  );
  await registerKeys(
    tx,
    rows.map((r) => r.breakdown),
  );
}
