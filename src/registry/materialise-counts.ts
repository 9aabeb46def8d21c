/**
 * Counts become levels the engine already judges: for every count rule of the plan, the number of counted
 * entities per area (and for the whole plan area) at every month from the base year on, written in one
 * transaction as the batch `registry:<version>`. Only counts that differ from what the store holds are
 * written, so an unchanged count keeps the batch (registry version) that set it; a key an earlier registry
 * batch wrote that no longer has entities is written as 0.
 */
import type { Plan } from '../plan/plan-types.js';
import type { ObservationInput } from '../store/observation-repository.js';
import type { Store } from '../store/open-store.js';
import { type CountMonth, compileCountQuery } from './compile-count-rules.js';
import { writeRegistryBatch } from './observation-writer.js';
import { registryVersion } from './registry-repository.js';

export const REGISTRY_BATCH_PREFIX = 'registry:';

/**
 * The months counted: every month from January of `baseYear` up to `through` (YYYY-MM). A year's level is its
 * December; a flow's year is the sum of its months; every month is there for monthly views and lists.
 */
export function countMonths(baseYear: number, through: string): CountMonth[] {
  const [ty, tm] = through.split('-').map(Number) as [number, number];
  const out: CountMonth[] = [];
  for (let y = baseYear; y <= ty; y++)
    for (let m = 1; m <= (y === ty ? tm : 12); m++) {
      const mm = String(m).padStart(2, '0');
      const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
      out.push({ period: `${y}-${mm}`, first: `${y}-${mm}-01`, last: `${y}-${mm}-${last}` });
    }
  return out;
}

/**
 * The latest month counts are written for: the latest month of other observations, or else this month
 * capped at the plan's last December (the registry speaks for today, never for a future month).
 */
export async function latestCountMonth(
  store: Pick<Store, 'driver'>,
  plan: Plan,
  today = new Date(),
): Promise<string> {
  const [r] = await store.driver.query(
    `SELECT max(period) AS m FROM observations WHERE period_kind = 'month' AND (batch_id IS NULL OR batch_id NOT LIKE $1)`,
    [`${REGISTRY_BATCH_PREFIX}%`],
  );
  const now = today.toISOString().slice(0, 7);
  const planEnd = `${plan.metadata.period.end}-12`;
  const capped = now < planEnd ? now : planEnd;
  const fed = (r?.m as string | null) ?? null;
  return fed !== null && fed > capped ? fed : capped;
}

export interface MaterialiseResult {
  batchId: string | null;
  observations: number;
  measures: number;
  through: string;
}

/** Writes the counts of every rule as of the registry's current version. Runs in the caller's transaction. */
export async function materialiseCounts(
  store: Pick<Store, 'driver' | 'dialect'>,
  plan: Plan,
  opts: { through?: string } = {},
): Promise<MaterialiseResult> {
  const { driver } = store;
  const version = await registryVersion(driver);
  // A recount of the same registry version (after the plan's rules changed) is batch `registry:<v>.<n>`.
  const [prior] = await driver.query('SELECT count(*) AS n FROM batches WHERE id = $1 OR id LIKE $2', [
    `${REGISTRY_BATCH_PREFIX}${version}`,
    `${REGISTRY_BATCH_PREFIX}${version}.%`,
  ]);
  const recounts = Number(prior?.n ?? 0);
  const batchId = `${REGISTRY_BATCH_PREFIX}${version}${recounts ? `.${recounts}` : ''}`;
  const through = opts.through ?? (await latestCountMonth(store, plan));
  // Counts rest on every current record: any simulated change makes them simulated.
  const [sim] = await driver.query('SELECT count(*) AS n FROM registry_changes WHERE simulated = TRUE');
  const simulated = Number(sim?.n ?? 0) > 0;
  const areas = plan.areas.map((a) => a.code).filter((c) => c !== plan.root_area);
  const units = new Map(plan.measures.map((m) => [m.id, m.unit]));
  const held = await heldCounts(store, plan);
  const rows: ObservationInput[] = [];
  const keys = new Set<string>();
  const source = `重点企业项目库第 ${version} 版`;
  for (const rule of plan.registry.counts) {
    const months = countMonths(plan.metadata.period.base_year, through);
    const q = compileCountQuery(plan, rule, months, areas);
    for (const r of await driver.query(q.sql, q.params)) {
      const area = String(r.area);
      const period = String(r.period);
      const key = `${rule.measure}|${area}|${period}`;
      keys.add(key);
      if (held.get(key)?.value === Number(r.n)) continue;
      rows.push({
        measure: rule.measure,
        area,
        period,
        value: String(r.n),
        unit: units.get(rule.measure) as string,
        source,
        batch_id: batchId,
        simulated,
      });
    }
  }
  for (const [key, r] of held) {
    if (keys.has(key) || !r.fromRegistry || r.value === 0) continue;
    const [measure, area, period] = key.split('|') as [string, string, string];
    rows.push({
      measure,
      area,
      period,
      value: '0',
      unit: r.unit,
      source,
      batch_id: batchId,
      simulated,
    });
  }
  // Nothing to count (or nothing changed): no batch.
  if (rows.length > 0) await writeRegistryBatch(store, batchId, rows, simulated);
  return {
    batchId: rows.length > 0 ? batchId : null,
    observations: rows.length,
    measures: plan.registry.counts.length,
    through,
  };
}

/** The counts the store holds now for the plan's count measures (totals), by measure|area|period. */
async function heldCounts(
  store: Pick<Store, 'driver'>,
  plan: Plan,
): Promise<Map<string, { value: number; unit: string; fromRegistry: boolean }>> {
  const measures = plan.registry.counts.map((r) => r.measure);
  if (!measures.length) return new Map();
  const list = measures.map((_, i) => `$${i + 1}`).join(', ');
  const rows = await store.driver.query(
    `SELECT measure, area, period, CAST(value AS VARCHAR) AS value, unit, batch_id FROM observations
     WHERE measure IN (${list}) AND period_kind = 'month' AND breakdown = ''`,
    measures,
  );
  return new Map(
    rows.map((r) => [
      `${r.measure}|${r.area}|${r.period}`,
      {
        value: Number(r.value),
        unit: String(r.unit),
        fromRegistry: String(r.batch_id ?? '').startsWith(REGISTRY_BATCH_PREFIX),
      },
    ]),
  );
}
