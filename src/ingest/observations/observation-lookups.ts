/**
 * What an observations file is checked against, as small temporary tables the checks join: the plan's
 * measures (with the dimension of their unit), areas and the codes of its dimensions, and the unit catalogue with the exact
 * factor to each unit's base unit. The plan may come from a file (`--plan`), so these come from the Plan
 * object, not from the store's tables.
 */
import { baseUnit, convertDecimal, KNOWN_UNITS, unitDimension } from '../../domain/unit.js';
import type { Plan } from '../../plan/plan-types.js';
import type { Dialect } from '../../store/dialect.js';
import type { Driver, SqlValue } from '../../store/driver.js';

async function fill(
  tx: Driver,
  d: Dialect,
  table: string,
  columns: readonly [string, string][],
  rows: readonly SqlValue[][],
): Promise<void> {
  await tx.exec(`DROP TABLE IF EXISTS ${table}`);
  await tx.exec(
    `CREATE TEMPORARY TABLE ${table} (${columns.map(([c, t]) => `${d.ident(c)} ${t}`).join(', ')})`,
  );
  if (rows.length === 0) return;
  const params: SqlValue[] = [];
  const tuples = rows.map((r) => `(${r.map((v) => `$${params.push(v)}`).join(', ')})`);
  await tx.query(`INSERT INTO ${table} VALUES ${tuples.join(', ')}`, params);
}

const dimensionOf = (unit: string): string | null =>
  KNOWN_UNITS.includes(unit) ? unitDimension(unit) : null;

/**
 * Creates obs_measures (id, unit, dimension), obs_areas (code), obs_codes (dimension, code) and obs_units (unit,
 * dimension, base_unit, factor = 10^digits to the base unit).
 */
export async function createObservationLookups(tx: Driver, d: Dialect, plan: Plan): Promise<void> {
  const t = d.text;
  await fill(
    tx,
    d,
    'obs_measures',
    [
      ['id', t],
      ['unit', t],
      ['dimension', t],
    ],
    plan.measures.map((m) => [m.id, m.unit, dimensionOf(m.unit)]),
  );
  await fill(
    tx,
    d,
    'obs_areas',
    [['code', t]],
    plan.areas.map((a) => [a.code]),
  );
  await fill(
    tx,
    d,
    'obs_codes',
    [
      ['dimension', t],
      ['code', t],
    ],
    plan.dimensions.flatMap((x) => x.codes.map((c) => [x.id, c.code])),
  );
  await fill(
    tx,
    d,
    'obs_units',
    [
      ['unit', t],
      ['dimension', t],
      ['base_unit', t],
      ['factor', 'DECIMAL(18,0)'],
      ['digits', 'INTEGER'],
    ],
    KNOWN_UNITS.map((u) => {
      const factor = convertDecimal('1', u, baseUnit(u));
      return [u, unitDimension(u), baseUnit(u), factor, factor.length - 1];
    }),
  );
}
