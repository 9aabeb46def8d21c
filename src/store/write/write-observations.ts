import { breakdownKey } from '../../domain/breakdown.js';
import { formatPeriod, monthSpan, parsePeriod } from '../../domain/period.js';
import { baseUnit, convertDecimal } from '../../domain/unit.js';
import type { Dialect } from '../dialect.js';
import type { Driver, SqlValue } from '../driver.js';
import type { ObservationInput } from '../observation-repository.js';
import { registerKeys, registerKeysOf } from './breakdown-parts.js';
import { bumpDataVersion } from './data-version.js';
import {
  columnList,
  type Layer,
  OBSERVATION_COLUMNS,
  OBSERVATION_KEY,
  retireRows,
} from './observation-columns.js';

const CHUNK = 400;

/**
 * Writes observations outside any batch's life (tests, benchmarks, the plan's figures): published at once,
 * replaced rows kept in history, the data version bumped. A row without `breakdown` is a total. Runs in the caller's transaction when given one.
 */
export async function writeObservations(
  driver: Driver,
  d: Dialect,
  rows: readonly ObservationInput[],
  by: string | null = null,
): Promise<{ inserted: number; replaced: number }> {
  return driver.transaction(async (tx) => {
    const out = await writeRows(tx, d, rows, by, 'published');
    await bumpDataVersion(tx);
    return out;
  });
}

/**
 * Writes observations into `layer`: a new key is inserted; an existing key is replaced and the replaced row
 * is kept in `observation_history` (replaced by `by`). Runs inside the caller's transaction.
 */
export async function writeRows(
  tx: Driver,
  d: Dialect,
  rows: readonly ObservationInput[],
  by: string | null,
  layer: Layer = 'published',
): Promise<{ inserted: number; replaced: number }> {
  await registerKeys(tx, [...new Set(rows.map((r) => breakdownKey(r.breakdown)))]);
  await tx.exec('DROP TABLE IF EXISTS staging_observations');
  await tx.exec('CREATE TEMPORARY TABLE staging_observations AS SELECT * FROM observations WHERE 1 = 0');
  for (let i = 0; i < rows.length; i += CHUNK) {
    const params: SqlValue[] = [];
    const tuples = rows.slice(i, i + CHUNK).map((r) => {
      const p = parsePeriod(r.period);
      const span = monthSpan(p);
      const base = baseUnit(r.unit);
      const ph = (v: SqlValue, type?: string): string => {
        params.push(v);
        return type ? `CAST($${params.length} AS ${type})` : `$${params.length}`;
      };
      return `(${[
        ph(r.measure),
        ph(r.area),
        ph(formatPeriod(p)),
        ph(p.kind),
        ph(span.year),
        ph(span.from),
        ph(span.to),
        ph(breakdownKey(r.breakdown)),
        ph(r.value, d.amount),
        ph(r.unit),
        ph(convertDecimal(r.value, r.unit, base), d.amount),
        ph(base),
        ph(r.published_yoy ?? null, 'DECIMAL(12,6)'),
        ph(r.source ?? null),
        ph(r.batch_id ?? null),
        ph(r.simulated ?? false),
        d.now,
        ph(layer),
      ].join(', ')})`;
    });
    await tx.query(`INSERT INTO staging_observations VALUES ${tuples.join(', ')}`, params);
  }
  const match = OBSERVATION_KEY.map((k) => `o.${k} = s.${k}`).join(' AND ');
  const replaced = await tx.query<{ n: string | number }>(
    `SELECT count(*) AS n FROM observations o WHERE EXISTS (SELECT 1 FROM staging_observations s WHERE ${match})`,
  );
  await retireRows(tx, d.now, by, () => `EXISTS (SELECT 1 FROM staging_observations s WHERE ${match})`);
  await tx.exec(
    `INSERT INTO observations (${OBSERVATION_COLUMNS.join(', ')}) SELECT ${columnList('s')} FROM staging_observations s`,
  );
  await tx.exec('DROP TABLE staging_observations');
  const n = Number(replaced[0]?.n ?? 0);
  return { inserted: rows.length - n, replaced: n };
}

/**
 * Writes the observations staged in `staging` (a table or view with the columns of `observations` but
 * `layer`, in table order) into `layer`, like {@link writeRows} but all in SQL: nothing passes through
 * JavaScript. Runs inside the caller's transaction.
 */
export async function writeRowsFrom(
  tx: Driver,
  d: Dialect,
  staging: string,
  by: string | null,
  layer: Layer,
): Promise<{ inserted: number; replaced: number }> {
  const s = d.ident(staging);
  await registerKeysOf(tx, s);
  const match = OBSERVATION_KEY.filter((k) => k !== 'layer')
    .map((k) => `o.${k} = s.${k}`)
    .join(' AND ');
  const counts = await tx.query<{ total: string | number; replaced: string | number }>(
    `SELECT (SELECT count(*) FROM ${s}) AS total,
       (SELECT count(*) FROM observations o WHERE o.layer = $1 AND EXISTS (SELECT 1 FROM ${s} s WHERE ${match})) AS replaced`,
    [layer],
  );
  await retireRows(
    tx,
    d.now,
    by,
    (p) => `o.layer = ${p(layer)} AND EXISTS (SELECT 1 FROM ${s} s WHERE ${match})`,
  );
  const cols = OBSERVATION_COLUMNS.filter((c) => c !== 'layer');
  await tx.query(
    `INSERT INTO observations (${OBSERVATION_COLUMNS.join(', ')}) SELECT ${cols.map((c) => `s.${c}`).join(', ')}, $1 FROM ${s} s`,
    [layer],
  );
  const replaced = Number(counts[0]?.replaced ?? 0);
  return { inserted: Number(counts[0]?.total ?? 0) - replaced, replaced };
}

/** Publishes the working rows of batch `id`: they replace the published rows of their keys (kept in history). */
export async function publishWorkingRows(tx: Driver, d: Dialect, id: string): Promise<void> {
  const key = OBSERVATION_KEY.filter((k) => k !== 'layer')
    .map((k) => `w.${k} = o.${k}`)
    .join(' AND ');
  await retireRows(
    tx,
    d.now,
    id,
    (p) => `o.layer = 'published' AND EXISTS (SELECT 1 FROM observations w
      WHERE w.layer = 'working' AND w.batch_id = ${p(id)} AND ${key})`,
  );
  const cols = OBSERVATION_COLUMNS.filter((c) => c !== 'layer');
  await tx.query(
    `INSERT INTO observations (${OBSERVATION_COLUMNS.join(', ')})
     SELECT ${cols.map((c) => `w.${c}`).join(', ')}, 'published' FROM observations w
     WHERE w.layer = 'working' AND w.batch_id = $1`,
    [id],
  );
  await tx.query(`DELETE FROM observations WHERE layer = 'working' AND batch_id = $1`, [id]);
}

/** Takes the rows of batch `id` in `layer` out of view (into history). */
export async function retireBatchRows(tx: Driver, d: Dialect, id: string, layer: Layer): Promise<void> {
  await retireRows(tx, d.now, id, (p) => `o.layer = ${p(layer)} AND o.batch_id = ${p(id)}`);
}

/**
 * Brings back rows from history into `layer` where that key is free: `own` the rows of batch `id` retired by
 * itself (a returned batch submitted again), else the rows `id` had replaced (its rollback).
 */
export async function restoreRows(tx: Driver, id: string, layer: Layer, own: boolean): Promise<void> {
  const key = OBSERVATION_KEY.map((k) => `o.${k} = h.${k}`).join(' AND ');
  const whose = (a: string): string =>
    own ? `${a}.batch_id = $1` : `(${a}.batch_id IS NULL OR ${a}.batch_id <> $1)`;
  await tx.query(
    `INSERT INTO observations (${OBSERVATION_COLUMNS.join(', ')})
     SELECT ${columnList('h')} FROM observation_history h
     WHERE h.replaced_by = $1 AND h.layer = $2 AND ${whose('h')}
       AND h.replaced_at = (SELECT max(x.replaced_at) FROM observation_history x
         WHERE x.replaced_by = $1 AND x.layer = $2 AND ${whose('x')})
       AND NOT EXISTS (SELECT 1 FROM observations o WHERE ${key})`,
    [id, layer],
  );
}
