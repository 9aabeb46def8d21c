/**
 * Per-seller feed figures: for every batch of a load and every seller that names its 统一社会信用代码
 * (`seller_uscc`) and is an entity of the registry (a designated firm or carrier: the sellers the product shows
 * by name), each plan feed rule's aggregate over that seller's valid rows (`feed_seller_cells`). Written at
 * ingest in the load's transaction, so a refused or rolled-back load leaves none; readers see a seller's
 * figures only through batches they may see (published ones for the public).
 *
 * Only registered sellers: a year of Chengdu's feeds names ~700,000 sellers, and keeping every one of them
 * (×12 months × the rules) made the load write more rows than it read, several times the bare read's time
 * (docs/benchmarks.md). An entity registered later gets its earlier months from the rows every load keeps
 * ({@link backfillSellerCells}, in the registry write's transaction).
 */
import type { FeedRule, Plan } from '../../plan/plan-types.js';
import type { Dialect } from '../../store/dialect.js';
import type { Driver } from '../../store/driver.js';
import type { Visibility } from '../../store/visibility.js';
import { PENDING_STATUSES } from '../../store/write/batch-states.js';
import { compileFeedFilter } from './compile-feed-filter.js';

const ID = /^[a-z_][a-z0-9_]*$/;

/** The sellers kept: every entity the registry has held (a removed one keeps its history). */
const REGISTERED = 'SELECT id FROM registry_entities';

/** A rule's aggregate over rows (one row each), as compileAggregate is over the cube. */
function rowAggregate(rule: Pick<FeedRule, 'aggregate'>): string {
  switch (rule.aggregate) {
    case 'sum_gmv':
      return 'sum(gmv)';
    case 'sum_net_gmv':
      return 'sum(gmv - refunds)';
    case 'sum_orders':
      return 'sum(orders)';
    case 'count_rows':
      return 'count(*)';
  }
}

/** The plan rules with per-seller figures, in the order of the `v<i>`/`n<i>` columns of feed_seller_sums. */
export function sellerRules(plan: Pick<Plan, 'feed_rules'>): FeedRule[] {
  return plan.feed_rules.filter((r) => ID.test(r.measure));
}

/**
 * The INSERT that unpivots `feed_seller_sums (period, seller_uscc, v0, n0, v1, n1, …)` (one pair per rule of
 * {@link sellerRules}) into `feed_seller_cells` for the batches in `feed_new_batches (period, batch_id)`,
 * registered sellers only (the sums may hold every seller: ClickHouse computes them); null without rules.
 * `backfill`: both tables also carry `load_id`, matched too, and cells a batch already has for a seller are
 * left alone.
 */
export function sellerCellsInsert(
  plan: Pick<Plan, 'feed_rules'>,
  d: Dialect,
  backfill = false,
): string | null {
  const rules = sellerRules(plan);
  if (!rules.length) return null;
  const branches = rules.map(
    (r, i) => `SELECT b.batch_id, s.seller_uscc, '${r.measure}', CAST(s.v${i} AS ${d.amount}), s.n${i}
FROM feed_seller_sums s JOIN feed_new_batches b ON b.period = s.period${backfill ? ' AND b.load_id = s.load_id' : ''}
WHERE s.n${i} > 0 AND s.seller_uscc IN (${REGISTERED})${
      backfill
        ? ' AND NOT EXISTS (SELECT 1 FROM feed_seller_cells c WHERE c.batch_id = b.batch_id AND c.seller_uscc = s.seller_uscc)'
        : ''
    }`,
  );
  return `INSERT INTO feed_seller_cells (batch_id, seller_uscc, measure, value, store_rows)
${branches.join('\nUNION ALL\n')}`;
}

/**
 * The empty `feed_seller_sums` (temporary) for sums computed elsewhere (ClickHouse, or a backfill's several
 * loads): period, seller and a `v<i>, n<i>` pair per rule of {@link sellerRules}; `byLoad` adds `load_id`.
 */
export function sellerSumsTable(plan: Pick<Plan, 'feed_rules'>, d: Dialect, byLoad = false): string {
  const pairs = sellerRules(plan).map((_, i) => `, v${i} ${d.amount}, n${i} ${d.bigint}`);
  return `CREATE TEMPORARY TABLE feed_seller_sums (${byLoad ? `load_id ${d.text}, ` : ''}period ${d.text}, seller_uscc ${d.text}${pairs.join('')})`;
}

/** Every rule's sum and row count over a seller's rows (FILTER per rule): the `v<i>, n<i>` columns. */
function sellerSums(plan: Pick<Plan, 'feed_rules'>, d: Dialect): string {
  return sellerRules(plan)
    .map((r, i) => {
      const where = `FILTER (WHERE ${compileFeedFilter(r.where, d)})`;
      return `${rowAggregate(r)} ${where} AS v${i}, count(*) ${where} AS n${i}`;
    })
    .join(',\n  ');
}

/**
 * The statements that fill `feed_seller_cells` for the batches in `feed_new_batches (period, batch_id)` from
 * the load's rows table `table` (its bad rows already removed): one pass over the rows of registered sellers
 * computes every rule's sum per month and seller into a small temporary table, then one INSERT unpivots it.
 * Measures come from the plan (checked ids), filters from the feed-rule compiler; nothing else is spliced.
 */
export function sellerCellsSql(plan: Pick<Plan, 'feed_rules'>, d: Dialect, table: string): string[] {
  const insert = sellerCellsInsert(plan, d);
  if (!insert) return [];
  return [
    'DROP TABLE IF EXISTS feed_seller_sums',
    `CREATE TEMPORARY TABLE feed_seller_sums AS
SELECT period, seller_uscc, ${sellerSums(plan, d)}
FROM ${d.ident(table)} WHERE seller_uscc IN (${REGISTERED}) GROUP BY period, seller_uscc`,
    insert,
    'DROP TABLE feed_seller_sums',
  ];
}

/** Loads whose rows one backfill statement reads (a UNION ALL branch each). */
const BACKFILL_LOADS = 50;

/**
 * Fills in the figures of sellers `codes` (entities just registered) from the rows every feed load keeps, for
 * each of its batches that has none for them yet; runs in the registry write's transaction. The sums of all
 * loads are gathered by a few statements (a UNION ALL over up to {@link BACKFILL_LOADS} rows tables each) and
 * written by one INSERT. Loads whose rows are not in this database (ClickHouse-routed loads) are skipped:
 * there a firm's figures start with the first load after its registration.
 */
export async function backfillSellerCells(
  tx: Driver,
  d: Dialect,
  plan: Pick<Plan, 'feed_rules'>,
  codes: readonly string[],
): Promise<void> {
  const insert = sellerCellsInsert(plan, d, true);
  if (!codes.length || !insert) return;
  const loads = await tx.query<{ id: string; rows_table: string }>(
    `SELECT l.id, l.rows_table FROM feed_loads l
     WHERE EXISTS (SELECT 1 FROM batches b WHERE b.load_id = l.id AND b.kind = 'feed')
       AND l.rows_table IN (SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema())
     ORDER BY l.id`,
  );
  if (!loads.length) return;
  await tx.exec('DROP TABLE IF EXISTS feed_backfill_sellers');
  await tx.exec(`CREATE TEMPORARY TABLE feed_backfill_sellers (id ${d.text})`);
  for (let i = 0; i < codes.length; i += 500) {
    const chunk = codes.slice(i, i + 500);
    await tx.query(
      `INSERT INTO feed_backfill_sellers VALUES ${chunk.map((_, k) => `($${k + 1})`).join(', ')}`,
      [...chunk],
    );
  }
  await tx.exec('DROP TABLE IF EXISTS feed_seller_sums');
  await tx.exec(sellerSumsTable(plan, d, true));
  for (let i = 0; i < loads.length; i += BACKFILL_LOADS) {
    const part = loads.slice(i, i + BACKFILL_LOADS);
    const branches = part.map(
      (l, k) => `SELECT CAST($${k + 1} AS ${d.text}) AS load_id, period, seller_uscc, ${sellerSums(plan, d)}
FROM ${d.ident(l.rows_table)} WHERE seller_uscc IN (SELECT id FROM feed_backfill_sellers) GROUP BY period, seller_uscc`,
    );
    const sums = branches.join('\nUNION ALL\n');
    await tx.query(
      `INSERT INTO feed_seller_sums ${sums}`,
      part.map((l) => l.id),
    );
  }
  await tx.exec('DROP TABLE IF EXISTS feed_new_batches');
  await tx.exec(
    `CREATE TEMPORARY TABLE feed_new_batches AS
     SELECT load_id, period, id AS batch_id FROM batches WHERE kind = 'feed' AND load_id IS NOT NULL`,
  );
  await tx.exec(insert);
  for (const t of ['feed_new_batches', 'feed_seller_sums', 'feed_backfill_sellers'])
    await tx.exec(`DROP TABLE ${t}`);
}

export interface SellerFigure {
  period: string;
  measure: string;
  /** Sum over the seller's rows in the batches shown (元, orders or rows, as the rule aggregates). */
  value: string;
  /** Store × category rows the figure sums. */
  rows: number;
  platforms: number;
  /** Some batch the figure sums is simulated (a demo feed). */
  simulated: boolean;
}

/**
 * Batches `visibility` shows: published ones; for `working`, a pending batch (submitted/approved) instead of
 * the published one of the same platform and month.
 */
function shownBatches(visibility: Visibility): string {
  if (visibility === 'published')
    return "SELECT id FROM batches WHERE kind = 'feed' AND status = 'published'";
  const pending = PENDING_STATUSES.map((s) => `'${s}'`).join(', ');
  return `SELECT id FROM batches b WHERE kind = 'feed' AND (status IN (${pending}) OR (status = 'published'
    AND NOT EXISTS (SELECT 1 FROM batches p WHERE p.kind = 'feed' AND p.status IN (${pending})
      AND p.platform = b.platform AND p.period = b.period)))`;
}

/** A seller's figures by month and measure over the batches `visibility` shows (oldest month first). */
export async function sellerFigures(
  driver: Driver,
  d: Dialect,
  uscc: string,
  visibility: Visibility,
): Promise<SellerFigure[]> {
  const rows = await driver.query(
    `SELECT b.period, c.measure, CAST(sum(c.value) AS ${d.text}) AS value, sum(c.store_rows) AS n,
            count(DISTINCT b.platform) AS platforms,
            sum(CASE WHEN b.simulated THEN 1 ELSE 0 END) AS simulated_batches
     FROM feed_seller_cells c JOIN batches b ON b.id = c.batch_id
     WHERE c.seller_uscc = $1 AND c.batch_id IN (${shownBatches(visibility)})
     GROUP BY b.period, c.measure ORDER BY b.period, c.measure`,
    [uscc],
  );
  return rows.map((r) => ({
    period: String(r.period),
    measure: String(r.measure),
    value: String(r.value),
    rows: Number(r.n),
    platforms: Number(r.platforms),
    simulated: Number(r.simulated_batches) > 0,
  }));
}
