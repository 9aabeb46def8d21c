/**
 * Rebuilds the feed-derived observations of some months from the aggregates (feed_cells) of their batches:
 * per area and the plan's root area, per focus domain, per category, and per platform. Layer `published`
 * sums the published batches; layer `working` (only for months with a batch awaiting approval) sums, per
 * platform, the newest pending batch or else the published one. Totals across platforms carry the ids of
 * every batch they sum (comma-separated, as the engine's roll-ups do); per-platform rows carry their batch.
 * Replaced rows go to observation_history.
 */
import type { Plan } from '../../plan/plan-types.js';
import type { Dialect } from '../dialect.js';
import type { Driver, SqlValue } from '../driver.js';
import { registerKeysOf } from './breakdown-parts.js';
import type { Layer, Param } from './observation-columns.js';
import { retireRows } from './observation-columns.js';

/** The `source` of every observation derived from platform feeds. */
export const FEED_SOURCE = '平台数据';

export type FeedRules = Pick<Plan, 'feed_rules' | 'domain_rules'>;

/** Measures whose rules ask for a per-platform breakdown. */
export function platformMeasures(plan: Pick<Plan, 'feed_rules'>): string[] {
  return plan.feed_rules.filter((r) => (r.breakdowns ?? []).includes('platform')).map((r) => r.measure);
}

const PENDING = `('submitted', 'approved')`;

/**
 * SQL: the canonical breakdown key (src/domain/breakdown.ts) of a feed_obs row `a`, whose three breakdown
 * columns are the feed's (feed rules break down by these dimensions only): pairs in dimension-id order.
 */
const feedKey = (a: string): string => `concat_ws(';',
  CASE WHEN ${a}.category <> '' THEN 'category=' || ${a}.category END,
  CASE WHEN ${a}.domain <> '' THEN 'domain=' || ${a}.domain END,
  CASE WHEN ${a}.platform <> '' THEN 'platform=' || ${a}.platform END)`;

/** The feed batches each layer sums, for the months in `months` (a placeholder list). */
function chosenBatches(layer: Layer, months: string): string {
  if (layer === 'published')
    return `SELECT id FROM batches WHERE kind = 'feed' AND status = 'published' AND period IN (${months})`;
  const newerPending = (b: string): string => `EXISTS (SELECT 1 FROM batches n WHERE n.kind = 'feed'
    AND n.platform = ${b}.platform AND n.period = ${b}.period AND n.status IN ${PENDING} AND n.id <> ${b}.id
    AND (n.loaded_at > ${b}.loaded_at OR (n.loaded_at = ${b}.loaded_at AND n.id > ${b}.id)))`;
  const anyPending = (b: string): string => `EXISTS (SELECT 1 FROM batches n WHERE n.kind = 'feed'
    AND n.platform = ${b}.platform AND n.period = ${b}.period AND n.status IN ${PENDING})`;
  return `SELECT b.id FROM batches b WHERE b.kind = 'feed' AND b.period IN (${months})
    AND b.period IN (SELECT period FROM batches WHERE kind = 'feed' AND status IN ${PENDING})
    AND ((b.status IN ${PENDING} AND NOT ${newerPending('b')}) OR (b.status = 'published' AND NOT ${anyPending('b')}))`;
}

/** Rebuilds the months' feed observations in both layers; returns how many observations each month has. */
export async function refreshFeedObservations(
  tx: Driver,
  d: Dialect,
  plan: FeedRules,
  months: readonly string[],
  by: string,
): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  if (months.length === 0) return counts;
  const layers: Layer[] = (await workingInUse(tx, months)) ? ['working', 'published'] : ['published'];
  for (const layer of layers)
    for (const [m, n] of await refreshLayer(tx, d, plan, months, by, layer)) counts.set(m, n);
  return counts;
}

/** Whether the months have a batch awaiting approval, or working rows left to clear (else no working layer). */
async function workingInUse(tx: Driver, months: readonly string[]): Promise<boolean> {
  const ph = months.map((_, i) => `$${i + 1}`).join(', ');
  const rows = await tx.query(
    `SELECT 1 AS x FROM batches WHERE kind = 'feed' AND status IN ${PENDING} AND period IN (${ph})
     UNION ALL SELECT 1 FROM observations WHERE layer = 'working' AND period_kind = 'month' AND period IN (${ph})
     LIMIT 1`,
    [...months],
  );
  return rows.length > 0;
}

async function refreshLayer(
  tx: Driver,
  d: Dialect,
  plan: FeedRules,
  months: readonly string[],
  by: string,
  layer: Layer,
): Promise<Map<string, number>> {
  const params: SqlValue[] = [];
  const list = (values: readonly string[]): string =>
    values.map((v) => `$${params.push(v)}`).join(', ') || "''";
  const monthList = list(months);
  const platformList = list(platformMeasures(plan));
  await tx.exec('DROP TABLE IF EXISTS feed_obs');
  await tx.query(
    `CREATE TEMPORARY TABLE feed_obs AS
WITH c AS (
  SELECT c.measure, c.area, c.domain, c.category, c.value, c.batch_id, b.platform, b.period, b.simulated
  FROM feed_cells c JOIN batches b ON b.id = c.batch_id
  WHERE b.id IN (${chosenBatches(layer, monthList)})
)
SELECT measure, area, period, domain, CAST('' AS ${d.text}) AS platform, category, sum(value) AS value,
       string_agg(DISTINCT batch_id, ',' ORDER BY batch_id) AS batch_id, bool_or(simulated) AS simulated
FROM c GROUP BY measure, area, period, domain, category
UNION ALL
SELECT measure, area, period, '', platform, '', sum(value), min(batch_id), bool_or(simulated)
FROM c WHERE domain = '' AND category = '' AND measure IN (${platformList})
GROUP BY measure, area, period, platform`,
    params,
  );
  await zeroFill(tx, d, plan);
  const inScope = (p: Param): string =>
    `o.layer = ${p(layer)} AND o.period_kind = 'month' AND o.period IN (${months.map(p).join(', ')})
     AND (o.source = ${p(FEED_SOURCE)} OR EXISTS (
       SELECT 1 FROM feed_obs s WHERE s.measure = o.measure AND s.area = o.area AND s.period = o.period
         AND ${feedKey('s')} = o.breakdown))`;
  await retireRows(tx, d.now, by, inScope);
  await registerKeysOf(tx, `(SELECT ${feedKey('f')} AS breakdown FROM feed_obs f)`);
  await tx.query(
    `INSERT INTO observations (measure, area, period, period_kind, year, month_from, month_to, breakdown,
       value, unit, value_base, base_unit, published_yoy, source, batch_id, simulated, loaded_at, layer)
     SELECT measure, area, period, 'month', CAST(substr(period, 1, 4) AS INTEGER),
       CAST(substr(period, 6, 2) AS INTEGER), CAST(substr(period, 6, 2) AS INTEGER), ${feedKey('f')},
       CAST(value AS ${d.amount}), '元', CAST(value AS ${d.amount}), '元', NULL, $1, batch_id, simulated,
       ${d.now}, $2
     FROM feed_obs f`,
    [FEED_SOURCE, layer],
  );
  const counts = await tx.query<{ period: string; n: string | number }>(
    'SELECT period, count(*) AS n FROM feed_obs GROUP BY period',
  );
  await tx.exec('DROP TABLE feed_obs');
  return new Map(counts.map((c) => [c.period, Number(c.n)]));
}

/**
 * A month's feeds cover the whole plan area: an area (or an area's focus domain) with no rows that month sold
 * nothing on those platforms, so it gets an explicit 0 rather than no observation (which would make its
 * annual roll-up missing and its share of the city total disappear). The zeros carry the month's batches.
 */
async function zeroFill(tx: Driver, d: Dialect, plan: FeedRules): Promise<void> {
  const params: SqlValue[] = [];
  const values = (xs: readonly string[]): string =>
    xs.map((x) => `(CAST($${params.push(x)} AS ${d.text}))`).join(', ');
  const measures = [...new Set(plan.feed_rules.map((r) => r.measure))];
  // Domain zeros only for the measures whose rules break them down by domain.
  const byDomain = plan.feed_rules
    .filter((r) => (r.breakdowns ?? []).includes('domain'))
    .map((r) => r.measure);
  const domains = ['', ...new Set(plan.domain_rules.map((r) => r.domain))];
  if (!measures.length) return;
  await tx.query(
    `INSERT INTO feed_obs (measure, area, period, domain, platform, category, value, batch_id, simulated)
     SELECT m.measure, a.code, pb.period, dm.domain, '', '', 0, pb.batch_id, pb.simulated
     FROM (VALUES ${values(measures)}) AS m (measure)
     CROSS JOIN areas a
     CROSS JOIN (VALUES ${values(domains)}) AS dm (domain)
     CROSS JOIN (SELECT period, string_agg(DISTINCT batch_id, ',') AS batch_id, bool_or(simulated) AS simulated
                 FROM feed_obs WHERE platform = '' AND category = '' GROUP BY period) pb
     WHERE (dm.domain = '' OR m.measure IN (${byDomain.map((x) => `$${params.push(x)}`).join(', ') || "''"}))
       AND NOT EXISTS (SELECT 1 FROM feed_obs f WHERE f.measure = m.measure AND f.area = a.code
       AND f.period = pb.period AND f.domain = dm.domain AND f.platform = '' AND f.category = '')`,
    params,
  );
}
