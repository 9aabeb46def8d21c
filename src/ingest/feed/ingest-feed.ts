/**
 * Ingests one platform feed file: the engine reads it into a typed rows table, validation and aggregation
 * run as SQL over that table, and the batches (one per platform × month in the file) commit together with
 * their aggregates and observations in one transaction. Killing the process at any point leaves the
 * previous state; re-delivering a platform × month replaces its batch and keeps the old one's record.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { UserError } from '../../domain/user-error.js';
import { COLUMN_KINDS, type FeedColumn } from '../../feed-format/feed-schema.js';
import { monitoredYears } from '../../plan/monitored-years.js';
import type { Plan } from '../../plan/plan-types.js';
import type { Dialect, StagedFile } from '../../store/dialect.js';
import type { Driver, SqlValue } from '../../store/driver.js';
import type { FeedAnalytics } from '../../store/feed-analytics.js';
import type { Store } from '../../store/open-store.js';
import type { BatchStatus } from '../../store/write/batch-states.js';
import { BatchWriter } from '../../store/write/batch-writer.js';
import { policyFor } from '../../store/write/publication-policy.js';
import type { TextEncoding } from '../read-text-file.js';
import { compileFeedFilter } from './compile-feed-filter.js';
import { CUBE_DIMENSIONS, cubeSql, feedCellsSql } from './compile-feed-rules.js';
import { FEED_COLUMNS, typedSelect } from './feed-columns.js';
import { type FeedErrorSummary, writeFeedErrors } from './feed-error-report.js';
import type { FeedFormat, FeedInput } from './feed-input.js';
import { type IngestProgress, SILENT_PROGRESS } from './ingest-progress.js';
import { ndjsonProblem, prepareFeedInput } from './prepare-feed-input.js';
import { sellerCellsInsert, sellerCellsSql, sellerRules, sellerSumsTable } from './seller-cells.js';
import { validationSql } from './validate-feed.js';

export type ErrorPolicy = 'reject' | 'quarantine';

export interface IngestFeedOptions {
  platform: string;
  /** `YYYY-MM`: only this month; rows of other months are errors. */
  period?: string;
  format?: FeedFormat;
  encoding?: TextEncoding;
  /** reject (default): any bad row writes nothing. quarantine: good rows commit, bad rows are kept aside. */
  onError?: ErrorPolicy;
  /** quarantine only: the largest share of bad rows (0–1) that still commits. Default 0.05. */
  maxErrorRate?: number;
  /** Where the error CSV goes; default `<file>.errors.csv`. */
  errorsFile?: string;
  /** Marks the batches simulated (also when `<file>.meta.json` says `simulated: true`). */
  simulated?: boolean;
  progress?: IngestProgress;
  /** Keep the batches submitted (awaiting approval) whatever the plan's publication policy says. */
  hold?: boolean;
  /** Who ingests, for the batches' history; default `system`. */
  actor?: string;
  /** How error lines name the file (default its path): a pushed feed is named by platform and period. */
  sourceName?: string;
}

export interface IngestedBatch {
  id: string;
  period: string;
  rows: number;
  rejected: number;
  /** published, or submitted when the publication policy waits for approval. */
  status: BatchStatus;
  /** Some rows of the month were quarantined. */
  partial: boolean;
  /** The batch this one superseded when it was published. */
  replaces: string | null;
  observations: number;
}

export interface IngestFeedResult {
  loadId: string;
  file: string;
  format: FeedFormat;
  encoding: TextEncoding | null;
  /** Records in the file (rows read plus records the reader could not parse). */
  rows: number;
  accepted: number;
  simulated: boolean;
  batches: IngestedBatch[];
  errors: FeedErrorSummary | null;
}

/** The feed was refused (reject policy, or too many bad rows): nothing was written; see `errors`. */
export class FeedRejectedError extends UserError {
  constructor(
    readonly errors: FeedErrorSummary,
    readonly rows: number,
    reason: string,
  ) {
    super({
      place: errors.errorsFile,
      value: '',
      message: `${reason}，未写入任何数据`,
      hint: '改正错误后重新导入；或用 --on-error quarantine 先导入正确的行',
    });
  }
}

/** The months a feed may report: those of the plan's monitored years. */
function feedMonths(plan: Plan): { first: string; last: string } {
  const { first, last } = monitoredYears(plan);
  return { first: `${first}-01`, last: `${last}-12` };
}

const PLATFORM = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

function checkOptions(opts: IngestFeedOptions, plan: Plan): void {
  const problems = [];
  if (!PLATFORM.test(opts.platform))
    problems.push({
      place: '--platform',
      value: opts.platform,
      message: '平台代码只能包含字母、数字、下划线、点和连字符（最长64位）',
      hint: '例如 --platform sim-mall',
    });
  const range = feedMonths(plan);
  if (opts.period !== undefined && !/^[0-9]{4}-(0[1-9]|1[0-2])$/.test(opts.period))
    problems.push({
      place: '--period',
      value: opts.period,
      message: '应为 YYYY-MM 格式的月份',
      hint: '例如 2021-03',
    });
  else if (opts.period !== undefined && (opts.period < range.first || opts.period > range.last))
    problems.push({
      place: '--period',
      value: opts.period,
      message: `不在本计划的监测期内（${range.first} 至 ${range.last}）`,
      hint: '检查年份',
    });
  const r = opts.maxErrorRate;
  if (r !== undefined && !(r >= 0 && r <= 1))
    problems.push({
      place: '--max-error-rate',
      value: String(r),
      message: '应为 0–1 之间的比例',
      hint: '例如 0.01 表示 1%',
    });
  if (problems.length) throw new UserError(problems);
}

function isSimulated(file: string, flag?: boolean): boolean {
  if (flag) return true;
  const meta = `${file}.meta.json`;
  if (!existsSync(meta)) return false;
  try {
    return (JSON.parse(readFileSync(meta, 'utf8')) as { simulated?: unknown }).simulated === true;
  } catch {
    return false;
  }
}

const hex = (n: number): string => randomBytes(n).toString('hex');

/**
 * Ingests `file` for `opts.platform` with the plan's mapping rules.
 * @example await ingestFeed(store, plan, 'feed-2021-03.csv', { platform: 'sim-mall', period: '2021-03' })
 */
export function ingestFeed(
  store: Store,
  plan: Plan,
  file: string,
  opts: IngestFeedOptions,
): Promise<IngestFeedResult> {
  // Ingests through one open store run one after another: staging tables and the orphan sweep before the
  // transaction belong to one ingest at a time. Other processes (PostgreSQL) are held off by the database.
  const before = running.get(store) ?? Promise.resolve();
  const mine = before.then(
    () => ingestOne(store, plan, file, opts),
    () => ingestOne(store, plan, file, opts),
  );
  running.set(
    store,
    mine.catch(() => undefined),
  );
  return mine;
}

const running = new WeakMap<Store, Promise<unknown>>();

async function ingestOne(
  store: Store,
  plan: Plan,
  file: string,
  opts: IngestFeedOptions,
): Promise<IngestFeedResult> {
  checkOptions(opts, plan);
  const progress = opts.progress ?? SILENT_PROGRESS;
  if (store.analytics) return ingestAnalytical(store, store.analytics, plan, file, opts, progress);
  const { driver, dialect: d } = store;
  progress.phase('convert');
  const prepared = await prepareFeedInput(file, d, {
    ...(opts.format ? { format: opts.format } : {}),
    ...(opts.encoding ? { encoding: opts.encoding } : {}),
    onRows: (n) => progress.advance(n, null),
  });
  const loadId = `load-${new Date().toISOString().slice(0, 10).replace(/-/g, '')}-${hex(4)}`;
  const table = `feed_rows_${loadId.slice(5).replace(/-/g, '_')}`;
  let read = false;
  try {
    await dropOrphanRowTables(driver);
    progress.phase('read');
    return await d.stageFile(
      driver,
      {
        source: prepared.input,
        table,
        typed: (from, keep) => typedSelect(d, from, keep),
        onRows: (n, total, unit) => progress.advance(n, total, unit),
      },
      async (tx, staged) => {
        read = true;
        await createErrorTable(tx, d, staged.rejects, prepared.input.columns.length);
        await checkAllRead(tx, staged, prepared.records, prepared.input.file);
        return ingestStaged(store, tx, plan, prepared.input, opts, progress, { ...staged, loadId, table });
      },
    );
  } catch (e) {
    // The engine's own words for a bad NDJSON line differ between its readers: name the line instead.
    if (!read && prepared.input.readAs === 'ndjson') throw await ndjsonProblem(prepared.input.path);
    throw e;
  } finally {
    prepared.cleanup();
  }
}

/**
 * The feed rows on the store's analytical engine: it reads the file, checks the rows with the same rules and
 * computes the validation cube and the per-seller sums; the errors and those aggregates (never the rows)
 * move into this store's transaction, where the same SQL as for a single engine writes the error file,
 * quarantine, aggregates, batches and observations. The analytical side's rows count from the commit on
 * (`reconcile`, also run first, so a process killed between a commit and the switch is caught up).
 */
async function ingestAnalytical(
  store: Store,
  analytics: FeedAnalytics,
  plan: Plan,
  file: string,
  opts: IngestFeedOptions,
  progress: IngestProgress,
): Promise<IngestFeedResult> {
  const { driver, dialect: d } = store;
  progress.phase('convert');
  const prepared = await prepareFeedInput(file, analytics.dialect, {
    ...(opts.format ? { format: opts.format } : {}),
    ...(opts.encoding ? { encoding: opts.encoding } : {}),
    onRows: (n) => progress.advance(n, null),
  });
  try {
    await analytics.reconcile(driver);
    const input = prepared.input;
    const range = feedMonths(plan);
    const areas = await driver.query<{ code: string }>(
      'SELECT code FROM areas WHERE code <> $1 ORDER BY code',
      [plan.root_area],
    );
    progress.phase('read');
    const load = await analytics.stage({
      source: input,
      records: prepared.records,
      platform: opts.platform,
      period: opts.period ?? '',
      first: range.first,
      last: range.last,
      areas: areas.map((a) => a.code),
      dimensions: CUBE_DIMENSIONS,
      sellerMeasures: sellerRules(plan).map((r) => ({
        aggregate: r.aggregate,
        where: compileFeedFilter(r.where, analytics.dialect),
      })),
      onRows: (n, total, unit) => progress.advance(n, total, unit),
    });
    let result: IngestFeedResult;
    try {
      progress.phase('validate');
      result = await driver.transaction(async (tx) => {
        await createErrorTable(tx, d, null, input.columns.length);
        if (load.badRows > 0) await load.moveErrors(tx);
        const errors = await reportErrors(tx, input, opts, load.rows);
        progress.phase('aggregate');
        await tx.exec('DROP TABLE IF EXISTS feed_cube');
        await tx.exec(
          `CREATE TEMPORARY TABLE feed_cube (${CUBE_DIMENSIONS.map((c) => `${d.ident(c)} ${d.typeOf(COLUMN_KINDS[c as FeedColumn])}`).join(', ')},
             gmv ${d.amount}, refunds ${d.amount}, orders ${d.bigint}, row_count ${d.bigint}, bad_rows ${d.bigint})`,
        );
        await tx.exec('DROP TABLE IF EXISTS feed_seller_sums');
        await tx.exec(sellerSumsTable(plan, d));
        await load.moveAggregates(tx);
        const periods = await tx.query<{ period: string; n: string | number }>(
          'SELECT period, sum(row_count) AS n FROM feed_cube GROUP BY period ORDER BY period',
        );
        const batches = await newBatches(tx, d, input, opts, periods, errors !== null);
        if (errors) await quarantineErrors(tx, load.loadId, batches);
        await tx.query(feedCellsSql(plan, d), [plan.root_area]);
        await tx.exec('DROP TABLE feed_cube');
        const sellers = sellerCellsInsert(plan, d);
        if (sellers) await tx.exec(sellers);
        await tx.exec('DROP TABLE feed_seller_sums');
        const out = await commitBatches(store, tx, plan, input, opts, progress, {
          loadId: load.loadId,
          rowsTable: load.rowsTable,
          rows: load.rows,
          errors,
          batches,
        });
        // The rows go in last, still counting for nothing: they count once this transaction has committed.
        await load.keepValidRows();
        return out;
      });
    } catch (e) {
      await load.discard();
      throw e;
    }
    await load.close();
    await analytics.reconcile(driver);
    return result;
  } finally {
    prepared.cleanup();
  }
}

/** Quarantine from the errors alone (the analytical engine sent each error's row as `raw` and its period). */
async function quarantineErrors(tx: Driver, loadId: string, batches: IngestedBatch[]): Promise<void> {
  await tx.query(
    `INSERT INTO feed_quarantine (load_id, batch_id, line, column_name, value, rule, message, raw)
     SELECT $1, b.batch_id, e.line, e.column_name, e.value, e.rule, e.message, e.raw
     FROM feed_errors e LEFT JOIN feed_new_batches b ON b.period = e.period`,
    [loadId],
  );
  const per = await tx.query<{ period: string; n: string | number }>(
    'SELECT period, count(DISTINCT ref) AS n FROM feed_errors WHERE period IS NOT NULL GROUP BY period',
  );
  for (const p of per) {
    const b = batches.find((x) => x.period === p.period);
    if (b) b.rejected = Number(p.n);
  }
}

/** The rows table of a load, as the engine staged it. */
interface Staged extends StagedFile {
  loadId: string;
  table: string;
}

/** `feed_errors`, starting with the records the engine's reader could not parse. */
async function createErrorTable(
  tx: Driver,
  d: Dialect,
  rejects: string | null,
  columns: number,
): Promise<void> {
  await tx.exec('DROP TABLE IF EXISTS feed_errors');
  await tx.exec(
    `CREATE TEMPORARY TABLE feed_errors (ref BIGINT, line BIGINT, column_name ${d.text}, value ${d.text},
      rule ${d.text}, message ${d.text}, first_ref BIGINT, first_line BIGINT, raw ${d.text}, period ${d.text})`,
  );
  if (rejects === null) return;
  await tx.exec(
    `INSERT INTO feed_errors (ref, line, column_name, value, rule, message, raw)
     SELECT NULL, line, '记录', raw, 'structure',
            CASE WHEN fields IS NOT NULL
              THEN '字段数与表头不符（应为 ${columns} 列，实为 ' || ${d.asText('fields')} || ' 列）'
              ELSE '无法解析的 CSV 记录（引号不成对或含非法字符）' END, raw
     FROM ${d.ident(rejects)}`,
  );
}

/**
 * Every data line of the file is a loaded row or a reported record: a reader that stopped early (or merged
 * lines) would lose rows silently, so a difference refuses the file.
 */
async function checkAllRead(
  tx: Driver,
  staged: StagedFile,
  records: number | null,
  file: string,
): Promise<void> {
  if (records === null) return;
  const rejected = await tx.query<{ n: string | number }>(`SELECT count(*) AS n FROM ${staged.rejects}`);
  const read = staged.rows + Number(rejected[0]?.n ?? 0);
  if (read !== records)
    throw new UserError({
      place: file,
      value: '',
      message: `文件有 ${records} 行数据，只读到 ${read} 行（${records - read} 行未读），未写入任何数据`,
      hint: '检查文件的引号与换行；每条记录占一行',
    });
}

/** Drops rows tables that no load owns (left by a process killed between staging and commit). */
async function dropOrphanRowTables(driver: Driver): Promise<void> {
  const orphans = await driver.query<{ table_name: string }>(
    `SELECT table_name FROM information_schema.tables
     WHERE table_schema = current_schema() AND table_name LIKE 'feed_rows_%'
       AND table_name NOT IN (SELECT rows_table FROM feed_loads)`,
  );
  for (const o of orphans)
    if (/^feed_rows_[a-z0-9_]+$/.test(o.table_name))
      await driver.exec(`DROP TABLE IF EXISTS "${o.table_name}"`);
}

async function ingestStaged(
  store: Store,
  tx: Driver,
  plan: Plan,
  input: FeedInput,
  opts: IngestFeedOptions,
  progress: IngestProgress,
  staged: Staged,
): Promise<IngestFeedResult> {
  const { dialect: d } = store;
  const { loadId, table, rows: loaded, ref, lineOf } = staged;
  progress.phase('validate');
  const range = feedMonths(plan);
  const params: SqlValue[] = [opts.platform, opts.period ?? '', plan.root_area, range.first, range.last];
  await tx.exec('DROP TABLE IF EXISTS feed_cube');
  await tx.exec(cubeSql(d, table));
  const validation = validationSql(d, table, ref, CUBE_DIMENSIONS);
  const probe = await tx.query<{ n: string | number }>(validation.probe, params);
  if (Number(probe[0]?.n ?? 0) > 0) await tx.query(validation.collect, params);
  const probes = validation.duplicateProbe.perPartition
    ? (
        await tx.query<{ period: string }>('SELECT DISTINCT period FROM feed_cube WHERE period IS NOT NULL')
      ).map((r) => [r.period])
    : [[]];
  let candidates = 0;
  for (const p of probes)
    candidates += Number((await tx.query<{ n: string }>(validation.duplicateProbe.sql, p))[0]?.n ?? 0);
  if (candidates > 0) await tx.exec(validation.duplicates);
  await tx.exec(
    `UPDATE feed_errors SET line = ${lineOf('feed_errors.ref')},
       first_line = CASE WHEN first_ref IS NULL THEN NULL ELSE ${lineOf('feed_errors.first_ref')} END
     WHERE ref IS NOT NULL`,
  );
  const structural = await tx.query<{ n: string | number }>(
    'SELECT count(DISTINCT line) AS n FROM feed_errors WHERE ref IS NULL',
  );
  const rows = loaded + Number(structural[0]?.n ?? 0);
  const errors = await reportErrors(tx, input, opts, rows);

  const periods = await tx.query<{ period: string; n: string | number }>(
    errors
      ? `SELECT period, count(*) AS n FROM ${d.ident(table)} r
         WHERE NOT EXISTS (SELECT 1 FROM feed_errors e WHERE e.ref = r.${ref}) GROUP BY period ORDER BY period`
      : 'SELECT period, sum(row_count) AS n FROM feed_cube GROUP BY period ORDER BY period',
  );
  const batches = await newBatches(tx, d, input, opts, periods, errors !== null);

  if (errors) {
    await quarantine(tx, d, table, ref, loadId, batches);
    await tx.exec('DROP TABLE feed_cube');
    await tx.exec(cubeSql(d, table));
  }

  progress.phase('aggregate');
  await tx.query(feedCellsSql(plan, d), [plan.root_area]);
  await tx.exec('DROP TABLE feed_cube');
  for (const statement of sellerCellsSql(plan, d, table)) await tx.exec(statement);
  return commitBatches(store, tx, plan, input, opts, progress, {
    loadId,
    rowsTable: table,
    rows,
    errors,
    batches,
  });
}

/**
 * Writes the error file when `feed_errors` holds any error, and refuses the load when the policy says so
 * (nothing is written then). Returns the summary, or null for a clean feed.
 */
async function reportErrors(
  tx: Driver,
  input: FeedInput,
  opts: IngestFeedOptions,
  rows: number,
): Promise<FeedErrorSummary | null> {
  const anyErrors = await tx.query('SELECT 1 AS x FROM feed_errors LIMIT 1');
  if (anyErrors.length === 0) {
    if (!opts.errorsFile) rmSync(`${input.file}.errors.csv`, { force: true });
    return null;
  }
  await tx.exec('DROP TABLE IF EXISTS feed_error_lines');
  await tx.exec(
    `CREATE TEMPORARY TABLE feed_error_lines AS
     SELECT row_number() OVER (ORDER BY line, rule, column_name) AS seq, * FROM feed_errors`,
  );
  const errorsFile = opts.errorsFile ?? `${input.file}.errors.csv`;
  const errors = await writeFeedErrors(tx, opts.sourceName ?? input.file, errorsFile);
  if ((opts.onError ?? 'reject') === 'reject')
    throw new FeedRejectedError(errors, rows, `${errors.badRows} 行有错误（共 ${rows} 行）`);
  const rate = errors.badRows / Math.max(1, rows);
  const max = opts.maxErrorRate ?? 0.05;
  if (rate > max)
    throw new FeedRejectedError(
      errors,
      rows,
      `错误行占 ${(rate * 100).toFixed(2)}%（${errors.badRows} / ${rows}），超过 --max-error-rate ${max}`,
    );
  return errors;
}

/** The batches of a load, one per month with valid rows, also in `feed_new_batches (period, batch_id)`. */
async function newBatches(
  tx: Driver,
  d: Dialect,
  input: FeedInput,
  opts: IngestFeedOptions,
  periods: { period: string; n: string | number }[],
  partial: boolean,
): Promise<IngestedBatch[]> {
  if (periods.length === 0)
    throw new UserError({
      place: input.file,
      value: '',
      message: '文件中没有有效的数据行',
      hint: '第一行为表头，其后每行一个店铺 × 品类',
    });
  const batches: IngestedBatch[] = periods.map((p) => ({
    id: `feed-${opts.platform}-${p.period}-${hex(3)}`,
    period: p.period,
    rows: Number(p.n),
    rejected: 0,
    status: 'draft',
    partial,
    replaces: null,
    observations: 0,
  }));
  await tx.exec('DROP TABLE IF EXISTS feed_new_batches');
  await tx.exec(`CREATE TEMPORARY TABLE feed_new_batches (period ${d.text}, batch_id ${d.text})`);
  for (const b of batches) await tx.query('INSERT INTO feed_new_batches VALUES ($1, $2)', [b.period, b.id]);
  return batches;
}

interface CheckedLoad {
  loadId: string;
  /** What feed_loads records as the load's rows table. */
  rowsTable: string;
  rows: number;
  errors: FeedErrorSummary | null;
  batches: IngestedBatch[];
}

/** Records the load and writes its batches and observations (the aggregates are in feed_cells already). */
async function commitBatches(
  store: Store,
  tx: Driver,
  plan: Plan,
  input: FeedInput,
  opts: IngestFeedOptions,
  progress: IngestProgress,
  load: CheckedLoad,
): Promise<IngestFeedResult> {
  const { dialect: d } = store;
  const { loadId, rows, errors, batches } = load;
  const simulated = isSimulated(input.file, opts.simulated);
  progress.phase('commit');
  await tx.query(`INSERT INTO feed_loads VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, ${d.now})`, [
    loadId,
    resolve(input.file),
    input.format,
    input.encoding,
    opts.platform,
    load.rowsTable,
    rows,
    errors?.badRows ?? 0,
    simulated,
  ]);
  const writer = new BatchWriter(tx, d, plan);
  const publication = policyFor('feed', plan.publication, opts.hold);
  const by = { actor: opts.actor ?? 'system' };
  for (const b of batches) {
    await writer.create(
      {
        id: b.id,
        kind: 'feed',
        platform: opts.platform,
        period: b.period,
        file: basename(input.file),
        rows: b.rows,
        rejected: b.rejected,
        simulated,
        note: simulated ? '模拟数据（simulated）' : null,
        loadId,
      },
      { ...by, reason: `${b.rows} 行${b.rejected ? `，隔离 ${b.rejected} 行` : ''}` },
    );
    b.status = await writer.settle(b.id, publication, by);
  }
  const counts = await writer.finish(batches.length === 1 ? (batches[0] as IngestedBatch).id : loadId);
  for (const b of batches) {
    b.observations = counts.get(b.period) ?? 0;
    await writer.setObservations(b.id, b.observations);
    const [row] = await tx.query<{ replaces: string | null }>('SELECT replaces FROM batches WHERE id = $1', [
      b.id,
    ]);
    b.replaces = row?.replaces ?? null;
  }
  return {
    loadId,
    file: input.file,
    format: input.format,
    encoding: input.encoding,
    rows,
    accepted: batches.reduce((n, b) => n + b.rows, 0),
    simulated,
    batches,
    errors,
  };
}

/** Keeps the bad rows (with their reasons and values) in feed_quarantine, then removes them from the rows table. */
async function quarantine(
  tx: Driver,
  d: Dialect,
  rowsTable: string,
  ref: string,
  loadId: string,
  batches: IngestedBatch[],
): Promise<void> {
  const table = d.ident(rowsTable);
  const cols = FEED_COLUMNS.map((c) => `coalesce(${d.asText(`r.${d.ident(c)}`)}, '')`);
  await tx.query(
    `INSERT INTO feed_quarantine (load_id, batch_id, line, column_name, value, rule, message, raw)
     SELECT $1, b.batch_id, e.line, e.column_name, e.value, e.rule, e.message, coalesce(e.raw, concat_ws(',', ${cols.join(', ')}))
     FROM feed_errors e LEFT JOIN ${table} r ON r.${ref} = e.ref LEFT JOIN feed_new_batches b ON b.period = r.period`,
    [loadId],
  );
  const per = await tx.query<{ period: string; n: string | number }>(
    `SELECT r.period, count(DISTINCT e.ref) AS n FROM feed_errors e JOIN ${table} r ON r.${ref} = e.ref GROUP BY r.period`,
  );
  for (const p of per) {
    const b = batches.find((x) => x.period === p.period);
    if (b) b.rejected = Number(p.n);
  }
  await tx.exec(`DELETE FROM ${table} WHERE ${ref} IN (SELECT ref FROM feed_errors WHERE ref IS NOT NULL)`);
}
