/**
 * An analytical engine beside the transactional store: it holds the feed rows (too many for the
 * transactional store at national scale), reads a feed file itself, checks its rows with the feed rules and
 * computes the small aggregates of a load; those aggregates, never the rows, move into the transactional
 * store's ingest transaction, where batches and observations are written as for any other engine. The
 * commit of that transaction is the point where answers change: the analytical side's rows in force follow
 * the loads the transactional store committed (`reconcile`).
 *
 * Code outside src/store sees only this interface (`Store.analytics`); the engine behind it is chosen by
 * configuration (open-store.ts).
 */
import type { BulkFile, Dialect, RowsCallback } from './dialect.js';
import type { Driver } from './driver.js';

/** A plan rule's aggregate and predicate, compiled with the analytical engine's dialect. */
export interface AnalyticalMeasure {
  aggregate: 'sum_gmv' | 'sum_net_gmv' | 'sum_orders' | 'count_rows';
  where: string;
}

export interface AnalyticalFeedRequest {
  source: BulkFile;
  /** The data records the file holds (null: unknown); the rows read must be as many. */
  records: number | null;
  platform: string;
  /** `YYYY-MM`, or '' for any month. */
  period: string;
  /** The first and last month the plan monitors. */
  first: string;
  last: string;
  /** The area codes a seller_area may take (the plan's areas below its root). */
  areas: readonly string[];
  /** The columns the validation cube groups by. */
  dimensions: readonly string[];
  /** Per plan feed rule, in order: the per-seller sums (`v<i>`, `n<i>`) of feed_seller_sums. */
  sellerMeasures: readonly AnalyticalMeasure[];
  onRows: RowsCallback;
}

/** A feed file read and checked by the analytical engine; its rows count for nothing yet. */
export interface AnalyticalFeedLoad {
  readonly loadId: string;
  /** What feed_loads.rows_table records for the load. */
  readonly rowsTable: string;
  /** Rows read. */
  readonly rows: number;
  /** Rows with at least one error. */
  readonly badRows: number;
  /**
   * Fills `tx`'s temporary table feed_errors (ref, line, column_name, value, rule, message, first_ref,
   * first_line, raw, period) with every error, as the transactional engine's own checks would.
   */
  moveErrors(tx: Driver): Promise<void>;
  /**
   * Fills `tx`'s temporary tables over the valid rows: feed_cube (the dimensions, gmv, refunds, orders,
   * row_count, bad_rows) and feed_seller_sums (period, seller_uscc, v0, n0, v1, n1, …).
   */
  moveAggregates(tx: Driver): Promise<void>;
  /** Writes the valid rows into the rows table under the load id (not in force until reconciled). */
  keepValidRows(): Promise<void>;
  /** Deletes the load's rows (a load that did not commit) and its working tables. */
  discard(): Promise<void>;
  /** Drops the working tables (the rows written by keepValidRows stay). */
  close(): Promise<void>;
}

export interface FeedAnalytics {
  readonly dialect: Dialect;
  /** Where the rows live, without credentials: for messages. */
  readonly location: string;
  stage(req: AnalyticalFeedRequest): Promise<AnalyticalFeedLoad>;
  /**
   * Makes the loads in force on the analytical side those `store` has in force (its live feed batches),
   * switching every platform × month that differs at once, and deletes the rows of loads `store` never
   * committed (abandoned over an hour ago).
   */
  reconcile(store: Driver): Promise<void>;
  close(): Promise<void>;
}
