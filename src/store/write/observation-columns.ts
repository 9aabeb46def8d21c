import type { Driver, SqlValue } from '../driver.js';

/**
 * The columns of `observations`, in table order (`breakdown`: the canonical key of src/domain/breakdown.ts,
 * '' = total); `observation_history` has them plus replaced_at/replaced_by.
 */
export const OBSERVATION_COLUMNS = [
  'measure',
  'area',
  'period',
  'period_kind',
  'year',
  'month_from',
  'month_to',
  'breakdown',
  'value',
  'unit',
  'value_base',
  'base_unit',
  'published_yoy',
  'source',
  'batch_id',
  'simulated',
  'loaded_at',
  'layer',
] as const;

export const OBSERVATION_KEY = ['measure', 'area', 'period', 'breakdown', 'layer'] as const;

/** Where an observation row lives: the public's layer, or the layer of batches awaiting approval. */
export type Layer = 'published' | 'working';

export const columnList = (alias: string): string =>
  OBSERVATION_COLUMNS.map((c) => `${alias}.${c}`).join(', ');

/** Adds a parameter and returns its placeholder. */
export type Param = (v: SqlValue) => string;

/**
 * Moves the observations `o` that `where` selects to `observation_history`, marked as replaced by `by`, and
 * deletes them: nothing written is ever lost.
 */
export async function retireRows(
  tx: Driver,
  now: string,
  by: string | null,
  where: (p: Param) => string,
): Promise<void> {
  const keep: SqlValue[] = [by];
  await tx.query(
    `INSERT INTO observation_history (${OBSERVATION_COLUMNS.join(', ')}, replaced_at, replaced_by)
     SELECT ${columnList('o')}, ${now}, $1 FROM observations o WHERE ${where((v) => `$${keep.push(v)}`)}`,
    keep,
  );
  const drop: SqlValue[] = [];
  await tx.query(`DELETE FROM observations o WHERE ${where((v) => `$${drop.push(v)}`)}`, drop);
}
