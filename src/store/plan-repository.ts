import { levelFacts } from '../plan/level-facts.js';
import type { BaselineFact, Plan } from '../plan/plan-types.js';
import type { Dialect } from './dialect.js';
import type { Driver, SqlValue } from './driver.js';
import { writePlanFacts } from './write/plan-facts.js';

/**
 * Makes `plan` the active plan: stores its text, replaces areas, zones and measures with the plan's, and
 * loads the figures the plan states (its baseline facts) as observations sourced to their sections.
 * Idempotent: loading the same plan from the same file again writes nothing.
 */
export async function savePlan(
  driver: Driver,
  dialect: Dialect,
  plan: Plan,
  file: string,
): Promise<{ observations: number }> {
  const content = JSON.stringify(plan);
  const facts = observableFacts(plan);
  return driver.transaction(async (tx) => {
    const [same] = await tx.query(
      'SELECT 1 AS same FROM plans WHERE id = $1 AND active = TRUE AND content = $2 AND file = $3',
      [plan.id, content, file],
    );
    // The same plan again (every `npm start` runs init): nothing to change, and no history to churn.
    if (same) return { observations: facts.length };
    await tx.query('UPDATE plans SET active = FALSE');
    await tx.query('DELETE FROM plans WHERE id = $1', [plan.id]);
    await tx.query(`INSERT INTO plans VALUES ($1, $2, $3, $4, $5, TRUE, ${dialect.now})`, [
      plan.id,
      plan.version,
      plan.metadata.title,
      file,
      content,
    ]);
    await tx.exec('DELETE FROM zone_areas');
    await tx.exec('DELETE FROM zones');
    await tx.exec('DELETE FROM areas');
    await tx.exec('DELETE FROM measures');
    await insertMany(
      tx,
      'areas',
      plan.areas.map((a) => [a.code, a.name, a.name_en ?? null, a.kind, a.parent ?? null]),
    );
    await insertMany(
      tx,
      'zones',
      plan.zones.map((z) => [z.id, z.name, z.kind]),
    );
    await insertMany(
      tx,
      'zone_areas',
      plan.zones.flatMap((z) => z.areas.map((a) => [z.id, a])),
    );
    await insertMany(
      tx,
      'measures',
      plan.measures.map((m) => [m.id, m.name, m.unit, m.aggregation]),
    );
    const batchId = `plan:${plan.id}`;
    await writePlanFacts(
      tx,
      dialect,
      {
        id: batchId,
        kind: 'plan',
        file,
        rows: plan.baseline_facts.length,
        note: `${plan.metadata.title} ${plan.metadata.document_number ?? ''}`.trim(),
      },
      facts.map((f) => ({
        measure: f.measure,
        area: f.area,
        period: f.period,
        value: f.value,
        unit: f.unit,
        source: `${plan.metadata.title} ${f.source.section}`,
        batch_id: batchId,
        ...(f.breakdown ? { breakdown: f.breakdown } : {}),
      })),
      { actor: 'system', reason: '加载计划' },
    );
    return { observations: facts.length };
  });
}

/**
 * The facts the observation store holds: whole-total levels (one per key, see levelFacts) and level parts
 * with a breakdown by the plan's dimensions (direct / indirect employment). Growth rates, multiples and shares
 * stay facts of the plan, which the engine checks its own figures against.
 */
function observableFacts(plan: Plan): BaselineFact[] {
  const parts = plan.baseline_facts.filter(
    (f) => (f.kind ?? 'level') === 'level' && f.breakdown !== undefined,
  );
  return [...levelFacts(plan), ...parts];
}

async function insertMany(tx: Driver, table: string, rows: SqlValue[][]): Promise<void> {
  for (let i = 0; i < rows.length; i += 200) {
    const chunk = rows.slice(i, i + 200);
    const params: SqlValue[] = [];
    const tuples = chunk.map((r) => `(${r.map((v) => `$${params.push(v)}`).join(', ')})`);
    if (tuples.length) await tx.query(`INSERT INTO ${table} VALUES ${tuples.join(', ')}`, params);
  }
}

/** The active plan as stored, or null before `ecmon init`. */
export async function activePlan(driver: Driver): Promise<{ plan: Plan; file: string } | null> {
  const rows = await driver.query<{ content: string; file: string }>(
    'SELECT content, file FROM plans WHERE active = TRUE',
  );
  const r = rows[0];
  if (!r) return null;
  const plan = JSON.parse(r.content) as Plan;
  // A plan stored before dimensions existed declares none.
  return { plan: { ...plan, dimensions: plan.dimensions ?? [] }, file: r.file };
}
