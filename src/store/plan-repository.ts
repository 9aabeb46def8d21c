import { levelFacts } from '../plan/level-facts.js';
import type { BaselineFact, Plan, Target } from '../plan/plan-types.js';
import type { Dialect } from './dialect.js';
import type { Driver, SqlValue } from './driver.js';
import { type AuditEntry, appendAudit, type SettingWriter, settingAudit } from './write/audit-log.js';
import { writePlanFacts } from './write/plan-facts.js';

/**
 * The settings a plan holds, as the audit log records them: each target (indicator, area, year → comparator,
 * value and annual levels) and the publication policy of each kind of batch.
 */
export function planSettings(plan: Plan): Map<string, string> {
  const out = new Map<string, string>();
  const text = (t: Target, unit: string): string =>
    `${t.comparator} ${t.value} ${unit}${t.annual_targets?.length ? ` (${t.annual_targets.map((a) => `${a.year}: ${a.value}`).join(', ')})` : ''}`;
  for (const ind of plan.indicators)
    for (const t of [...ind.targets, ...(ind.allocations ?? [])])
      out.set(`target:${ind.id}:${t.area ?? plan.root_area}:${t.year}`, text(t, ind.unit));
  for (const kind of ['feed', 'import'] as const)
    out.set(`publication:${kind}`, plan.publication?.[kind] ?? 'on_commit');
  return out;
}

/**
 * The audit rows of loading `plan` over `before` (the stored plan of the same id, if any): the load itself
 * when the plan is new or another plan replaces it, and each target or publication policy that changed.
 */
function planAudit(by: SettingWriter, plan: Plan, before: Plan | null): AuditEntry[] {
  const subject = (key: string): string => `plan:${plan.id}:${key}`;
  if (!before) return settingAudit(by, `plan:${plan.id}`, null, `version=${plan.version}`);
  const old = planSettings(before);
  const now = planSettings(plan);
  return [
    ...settingAudit(by, `plan:${plan.id}`, `version=${before.version}`, `version=${plan.version}`),
    ...[...new Set([...old.keys(), ...now.keys()])].flatMap((k) =>
      settingAudit(by, subject(k), old.get(k) ?? null, now.get(k) ?? null),
    ),
  ];
}

/**
 * Makes `plan` the active plan: stores its text, replaces areas, zones and measures with the plan's, and
 * loads the figures the plan states (its baseline facts) as observations sourced to their sections.
 * Idempotent: loading the same plan from the same file again writes nothing. A target or publication policy
 * that changes is audited (old → new) with who loaded the plan.
 */
export async function savePlan(
  driver: Driver,
  dialect: Dialect,
  plan: Plan,
  file: string,
  by: SettingWriter = { actor: 'system', via: 'system' },
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
    const [stored] = await tx.query<{ content: string }>('SELECT content FROM plans WHERE id = $1', [
      plan.id,
    ]);
    await appendAudit(tx, dialect, planAudit(by, plan, stored ? (JSON.parse(stored.content) as Plan) : null));
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
