/**
 * `ecmon ingest feed` with the rows on ClickHouse and everything transactional on PostgreSQL
 * (FeedAnalytics, src/store/feed-analytics.ts). For one load, on the first shard:
 *
 *   1. ClickHouse reads the file itself (`INSERT … FORMAT CSVWithNames` streamed over HTTP) into a text
 *      table, numbered in file order into a check table that holds each value as read (`r_<column>`) and
 *      typed by the one accept rule (`t_<column>`, NULL when it does not convert);
 *   2. the feed rules of src/feed-format/feed-rules.ts run as SQL over it, one pass for the row rules and
 *      one for duplicates, into an error table: the same rule ids, columns, values and messages as the
 *      checks of the transactional engines (src/ingest/feed/validate-feed.ts);
 *   3. the errors, the validation cube and the per-seller sums of the valid rows (small: thousands of
 *      rows, never the feed rows) stream as CSV straight into PostgreSQL's COPY, into the temporary tables
 *      of the ingest transaction, where the existing SQL writes batches, aggregates and observations;
 *   4. the valid rows go into the sharded `feed_rows` under the load id, in force only once PostgreSQL has
 *      committed the load: `reconcile` makes the versions table name, for every platform × month, the
 *      load of PostgreSQL's live feed batch (one insert, one part: atomic), after every commit and before
 *      every ingest, so a process killed between the commit and the switch is caught up by the next one.
 */
import { randomBytes } from 'node:crypto';
import { pipeline } from 'node:stream/promises';
import { from as copyFrom } from 'pg-copy-streams';
import { UserError } from '../../domain/user-error.js';
import { CODED_VALUES } from '../../feed-format/feed-fields.js';
import {
  DUPLICATE_KEY,
  PERIOD_PATTERN,
  RULES,
  TYPE_RULES,
  USCC_CHARSET,
  USCC_MESSAGES,
  USCC_WEIGHTS,
} from '../../feed-format/feed-rules.js';
import { CATEGORIES, COLUMN_KINDS, FEED_COLUMNS, type FeedColumn } from '../../feed-format/feed-schema.js';
import type { BulkFile, RowsCallback } from '../dialect.js';
import type { Driver } from '../driver.js';
import type {
  AnalyticalFeedLoad,
  AnalyticalFeedRequest,
  AnalyticalMeasure,
  FeedAnalytics,
} from '../feed-analytics.js';
import { PostgresDriver } from '../postgres/postgres-driver.js';
import { clickhouseDialect as d } from './clickhouse-dialect.js';
import { type ClickHouseDriver, literal } from './clickhouse-driver.js';
import {
  collectGarbage,
  createFeedRowTables,
  FEED_ROW_COLUMNS,
  switchLoads,
} from './clickhouse-feed-rows.js';
import { insertCsv, utf8Body } from './stage-file-clickhouse.js';

/** A request; `checkAreas: false` (ClickHouse alone, without a plan) leaves seller_area unchecked. */
type Request = AnalyticalFeedRequest & { checkAreas?: boolean };

const lit = (s: string): string => literal(s);
const r = (c: string): string => `r_${c}`;
const t = (c: string): string => `t_${c}`;
const nonText = FEED_COLUMNS.filter((c) => COLUMN_KINDS[c] !== 'text');
const REQUIRED = FEED_COLUMNS.filter((c) => c !== 'seller_uscc');

/** A rule over one row of the check table: when it holds, the error (column, value, rule, message). */
interface Check {
  when: string;
  column: string;
  value: string;
  rule: keyof typeof RULES;
  message: string;
}

/** `expr` (a possibly NULL SQL truth value) as 0/1: NULL counts as false, as in a SQL WHERE. */
const holds = (expr: string): string => `ifNull(${expr}, 0)`;

/** The invalid USCC's message, or '' (src/ingest/feed/validate-feed.ts badUsccs, per row). */
function usccMessage(u: string): string {
  const terms = USCC_WEIGHTS.map(
    (w, i) => `(toInt64(position(${lit(USCC_CHARSET)}, substring(${u}, ${i + 1}, 1))) - 1) * ${w}`,
  ).join(' + ');
  const expected = `substring(${lit(USCC_CHARSET)}, toUInt64((31 - ((${terms}) % 31)) % 31) + 1, 1)`;
  return `multiIf(lengthUTF8(${u}) <> 18,
      concat(${lit(USCC_MESSAGES.length[0])}, toString(lengthUTF8(${u})), ${lit(USCC_MESSAGES.length[1])}),
    NOT ${d.fullMatch(u, `[${USCC_CHARSET}]{18}`)}, ${lit(USCC_MESSAGES.chars)},
    substring(${u}, 18, 1) <> ${expected}, concat(${lit(USCC_MESSAGES.check)}, ${expected}), '')`;
}

function checks(req: Request): Check[] {
  const out: Check[] = [];
  for (const c of nonText)
    out.push({
      when: `${r(c)} <> '' AND isNull(${t(c)})`,
      column: lit(c),
      value: r(c),
      rule: 'type',
      message: lit(TYPE_RULES[COLUMN_KINDS[c] as Exclude<(typeof COLUMN_KINDS)[FeedColumn], 'text'>]),
    });
  for (const c of REQUIRED)
    out.push({
      when: `${r(c)} = ''`,
      column: lit(c),
      value: "''",
      rule: 'required',
      message: lit(RULES.required),
    });
  const period = t('period');
  const wellFormed = d.fullMatch(period, PERIOD_PATTERN);
  out.push({
    when: `NOT ${wellFormed}`,
    column: lit('period'),
    value: period,
    rule: 'period_format',
    message: lit(RULES.period_format),
  });
  if (req.period !== '')
    out.push({
      when: `${period} <> ${lit(req.period)} AND ${wellFormed}`,
      column: lit('period'),
      value: period,
      rule: 'period_outside',
      message: lit(`${RULES.period_outside}（--period ${req.period}）`),
    });
  out.push({
    when: `(${period} < ${lit(req.first)} OR ${period} > ${lit(req.last)}) AND ${wellFormed}`,
    column: lit('period'),
    value: period,
    rule: 'period_range',
    message: lit(`${RULES.period_range}（${req.first} 至 ${req.last}）`),
  });
  out.push({
    when: `${t('platform')} <> ${lit(req.platform)}`,
    column: lit('platform'),
    value: t('platform'),
    rule: 'platform',
    message: lit(`${RULES.platform}（--platform ${req.platform}）`),
  });
  out.push({
    when:
      req.checkAreas === false
        ? '0'
        : req.areas.length
          ? `isNotNull(${t('seller_area')}) AND ${t('seller_area')} NOT IN (${req.areas.map(lit).join(', ')})`
          : `isNotNull(${t('seller_area')})`,
    column: lit('seller_area'),
    value: t('seller_area'),
    rule: 'area',
    message: lit(RULES.area),
  });
  for (const [field, values] of Object.entries(CODED_VALUES))
    out.push({
      // ClickHouse's NOT IN holds for NULL (SQL's is unknown): a missing value is the required rule's.
      when: `isNotNull(${t(field)}) AND ${t(field)} NOT IN (${values.map(lit).join(', ')})`,
      column: lit(field),
      value: t(field),
      rule: 'code',
      message: lit(`${RULES.code}（可用：${values.join('、')}）`),
    });
  const kind = `transform(ifNull(${t('category')}, ''), [${CATEGORIES.map((c) => lit(c.code)).join(', ')}], [${CATEGORIES.map((c) => lit(c.kind)).join(', ')}], '')`;
  out.push({
    when: `${t('goods_or_service')} IN ('goods', 'service') AND ${kind} <> '' AND ${t('goods_or_service')} <> ${kind}`,
    column: lit('goods_or_service'),
    value: t('goods_or_service'),
    rule: 'category_kind',
    message: `concat(${lit(`${RULES.category_kind}（品类 `)}, ${t('category')}, ${lit(' 为 ')}, ${kind}, ${lit('）')})`,
  });
  for (const c of ['gmv', 'orders', 'refunds'])
    out.push({
      when: `${t(c)} < 0`,
      column: lit(c),
      value: `toString(${t(c)})`,
      rule: 'negative',
      message: lit(RULES.negative),
    });
  out.push({
    when: `${t('refunds')} > ${t('gmv')} AND ${t('refunds')} >= 0`,
    column: lit('refunds'),
    value: `toString(${t('refunds')})`,
    rule: 'refunds_above_gmv',
    message: `concat(${lit(`${RULES.refunds_above_gmv}（gmv=`)}, toString(${t('gmv')}), ${lit('）')})`,
  });
  const uscc = usccMessage(`ifNull(${t('seller_uscc')}, '')`);
  out.push({
    when: `isNotNull(${t('seller_uscc')}) AND ${uscc} <> ''`,
    column: lit('seller_uscc'),
    value: t('seller_uscc'),
    rule: 'uscc',
    message: uscc,
  });
  return out;
}

/** The row's values joined by commas, as the transactional engines write a quarantined row's `raw`. */
function rawRow(): string {
  const shown = FEED_COLUMNS.map((c) => {
    const kind = COLUMN_KINDS[c];
    if (kind === 'flag') return `multiIf(isNull(${t(c)}), '', assumeNotNull(${t(c)}) = 1, 'true', 'false')`;
    return `ifNull(toString(${t(c)}), '')`;
  });
  return `arrayStringConcat([${shown.join(', ')}], ',')`;
}

const AGGREGATES: Readonly<Record<AnalyticalMeasure['aggregate'], (p: string) => string>> = {
  sum_gmv: (p) => `sumIf(gmv, ${p})`,
  sum_net_gmv: (p) => `sumIf(gmv - refunds, ${p})`,
  sum_orders: (p) => `sumIf(orders, ${p})`,
  count_rows: (p) => `countIf(${p})`,
};

/** A rule without filters compiles to TRUE, which 18.16 does not know. */
const predicate = (where: string): string => (where === 'TRUE' ? '1' : `(${where})`);

class ClickHouseFeedLoad implements AnalyticalFeedLoad {
  rows = 0;
  badRows = 0;
  readonly rowsTable: string;
  private readonly text: string;
  private readonly chk: string;
  /** The error table: (ref, column_name, value, rule, message, first_ref). */
  readonly errors: string;

  constructor(
    private readonly ch: ClickHouseDriver,
    private readonly req: Request,
    readonly loadId: string,
    /** The file's encoding when it is not UTF-8 yet (transcoded on the way). */
    private readonly encoding: string | null = null,
  ) {
    this.text = `feed_text_${loadId}`;
    this.chk = `feed_chk_${loadId}`;
    this.errors = `feed_err_${loadId}`;
    this.rowsTable = `feed_rows@${ch.target.database} (${loadId})`;
  }

  /** The valid rows with the feed's column names (text columns '' for none but seller_uscc). */
  private valid(): string {
    const cols = FEED_COLUMNS.map((c) =>
      c === 'seller_uscc'
        ? `${t(c)} AS ${c}`
        : COLUMN_KINDS[c] === 'text'
          ? `ifNull(${t(c)}, '') AS ${c}`
          : `assumeNotNull(${t(c)}) AS ${c}`,
    );
    return `(SELECT ref, ${cols.join(', ')} FROM ${this.chk} WHERE ref NOT IN (SELECT ref FROM ${this.errors}))`;
  }

  async read(): Promise<void> {
    const { ch, req } = this;
    const { source } = req;
    await ch.exec(
      `CREATE TABLE ${this.text} (${source.columns.map((c) => `${d.ident(c)} String`).join(', ')}) ENGINE = Log`,
    );
    await insertCsv(ch, this.text, source, utf8Body(source.path, this.encoding, req.onRows));
    const typed = FEED_COLUMNS.map((c) => {
      const kind = COLUMN_KINDS[c];
      return `${kind === 'text' ? `nullIf(${r(c)}, '')` : d.tryCast(r(c), kind)} AS ${t(c)}`;
    });
    // A Log table keeps the file's order, which one thread numbers.
    await ch.exec(
      `CREATE TABLE ${this.chk} ENGINE = MergeTree ORDER BY ref AS
       SELECT ref, ${FEED_COLUMNS.map(r).join(', ')}, ${typed.join(', ')}
       FROM (SELECT rowNumberInAllBlocks() + 1 AS ref, ${FEED_COLUMNS.map((c) => `${d.ident(c)} AS ${r(c)}`).join(', ')}
             FROM ${this.text}) SETTINGS max_threads = 1`,
    );
    await ch.exec(`DROP TABLE IF EXISTS ${this.text}`);
    this.rows = Number((await ch.query<{ n: string }>(`SELECT count() AS n FROM ${this.chk}`))[0]?.n ?? 0);
    if (req.records !== null && this.rows !== req.records)
      throw new UserError({
        place: source.file,
        value: '',
        message: `文件有 ${req.records} 行数据，只读到 ${this.rows} 行（${req.records - this.rows} 行未读），未写入任何数据`,
        hint: '检查文件的引号与换行；每条记录占一行',
      });
  }

  async check(): Promise<void> {
    const { ch } = this;
    await ch.exec(
      `CREATE TABLE ${this.errors} (ref UInt64, column_name String, value String, rule String, message String,
         first_ref Nullable(UInt64)) ENGINE = Log`,
    );
    const all = checks(this.req);
    const tuples = all.map(
      (c) =>
        `(if(${holds(c.when)}, ${lit(c.rule)}, ''), ${c.column}, ifNull(toString(${c.value}), ''), ifNull(${c.message}, ''))`,
    );
    await ch.exec(
      `INSERT INTO ${this.errors} (ref, column_name, value, rule, message)
       SELECT ref, e.2, e.3, e.1, e.4 FROM (
         SELECT ref, arrayJoin(arrayFilter(x -> x.1 <> '', [${tuples.join(',\n')}])) AS e FROM ${this.chk}
         WHERE ${all.map((c) => holds(c.when)).join(' OR ')})`,
    );
    // Candidates first by a 64-bit hash of the key (a small hash table even for tens of millions of rows),
    // then the refs of the candidate keys only.
    const key = ['period', ...DUPLICATE_KEY].map(t);
    const present = key.map((k) => `isNotNull(${k})`).join(' AND ');
    const hash = `cityHash64(${key.map((k) => `assumeNotNull(${k})`).join(', ')})`;
    await ch.exec(
      `INSERT INTO ${this.errors} (ref, column_name, value, rule, message, first_ref)
       SELECT ref, 'store_id', concat(k_store, ' × ', k_category), 'duplicate', ${lit(RULES.duplicate)}, toNullable(first_ref)
       FROM (SELECT assumeNotNull(${t('store_id')}) AS k_store, assumeNotNull(${t('category')}) AS k_category,
                    min(ref) AS first_ref, arraySlice(arraySort(groupArray(ref)), 2) AS later
             FROM ${this.chk}
             WHERE ${present} AND ${hash} IN (SELECT h FROM (SELECT ${hash} AS h FROM ${this.chk} WHERE ${present}
                                                            GROUP BY h HAVING count() > 1))
             GROUP BY ${key.join(', ')} HAVING count() > 1)
       ARRAY JOIN later AS ref`,
    );
    this.badRows = Number(
      (await ch.query<{ n: string }>(`SELECT uniqExact(ref) AS n FROM ${this.errors}`))[0]?.n ?? 0,
    );
  }

  async moveErrors(tx: Driver): Promise<void> {
    const line = (ref: string): string => `toInt64(${ref}) - 1 + ${this.req.source.firstLine}`;
    await copyInto(
      this.ch,
      tx,
      'feed_errors (ref, line, column_name, value, rule, message, first_ref, first_line, raw, period)',
      `SELECT e.ref, ${line('e.ref')}, e.column_name, e.value, e.rule, e.message, e.first_ref,
         if(isNull(e.first_ref), NULL, ${line('assumeNotNull(e.first_ref)')}), c.raw, c.period
       FROM ${this.errors} AS e
       ANY LEFT JOIN (SELECT ref, ${rawRow()} AS raw, ${t('period')} AS period FROM ${this.chk}) AS c USING ref`,
    );
  }

  async moveAggregates(tx: Driver): Promise<void> {
    const dims = this.req.dimensions.map((c) => d.ident(c)).join(', ');
    await copyInto(
      this.ch,
      tx,
      `feed_cube (${dims}, gmv, refunds, orders, row_count, bad_rows)`,
      `SELECT ${dims}, sum(gmv), sum(refunds), sum(orders), count(), 0 FROM ${this.valid()} GROUP BY ${dims}`,
    );
    const measures = this.req.sellerMeasures;
    if (!measures.length) return;
    const sums = measures.map(
      (m, i) =>
        `${AGGREGATES[m.aggregate](predicate(m.where))} AS v${i}, countIf(${predicate(m.where)}) AS n${i}`,
    );
    const cols = measures.flatMap((_, i) => [`v${i}`, `n${i}`]);
    await copyInto(
      this.ch,
      tx,
      `feed_seller_sums (period, seller_uscc, ${cols.join(', ')})`,
      `SELECT period, assumeNotNull(seller_uscc) AS uscc, ${sums.join(', ')} FROM ${this.valid()}
       WHERE isNotNull(seller_uscc) GROUP BY period, uscc`,
    );
  }

  async keepValidRows(): Promise<void> {
    const cols = FEED_ROW_COLUMNS.map(([c]) => c);
    await this.ch.query(
      `INSERT INTO feed_rows (load_id, month, ${cols.join(', ')})
       SELECT $1, toDate(concat(period, '-01')), ${cols.map((c) => (c === 'seller_uscc' ? `ifNull(${c}, '')` : c)).join(', ')}
       FROM ${this.valid()}`,
      [this.loadId],
    );
  }

  async discard(): Promise<void> {
    await this.close();
    await this.ch.onEveryShard('ALTER TABLE feed_rows_local DELETE WHERE load_id = $1', [this.loadId]);
  }

  async close(): Promise<void> {
    for (const table of [this.text, this.chk, this.errors])
      await this.ch.exec(`DROP TABLE IF EXISTS ${table}`);
  }
}

async function stageLoad(
  ch: ClickHouseDriver,
  req: Request,
  encoding: string | null,
): Promise<ClickHouseFeedLoad> {
  // The start time in the id lets garbage collection tell an abandoned load from one still running.
  const loadId = `load_${Math.floor(Date.now() / 1000)}_${randomBytes(6).toString('hex')}`;
  const load = new ClickHouseFeedLoad(ch, req, loadId, encoding);
  try {
    await load.read();
    await load.check();
    return load;
  } catch (e) {
    await load.close();
    throw e;
  }
}

/** Streams the CSV result of `select` on ClickHouse into `COPY target FROM STDIN` on `tx` (PostgreSQL). */
async function copyInto(ch: ClickHouseDriver, tx: Driver, target: string, select: string): Promise<void> {
  if (!(tx instanceof PostgresDriver))
    throw new Error('ClickHouse feed rows are paired with a PostgreSQL store only');
  const client = await tx.connect();
  const source = await ch.selectStream(select, 'CSV');
  await pipeline(source, client.query(copyFrom(`COPY ${target} FROM STDIN (FORMAT csv, NULL '\\N')`)));
}

/** PostgreSQL advisory lock key of `reconcile` ('ecmC' in ASCII). */
const RECONCILE_LOCK = 0x65636d43;

/** The analytical side of a store: feed rows on a ClickHouse cluster. */
export class ClickHouseFeedAnalytics implements FeedAnalytics {
  readonly dialect = d;
  private ready: Promise<ClickHouseDriver> | null = null;

  constructor(
    readonly location: string,
    private readonly open: () => Promise<ClickHouseDriver>,
  ) {}

  /** Connects on first use (commands that read observations never need ClickHouse) and creates the tables. */
  private driver(): Promise<ClickHouseDriver> {
    this.ready ??= this.open().then(async (ch) => {
      await createFeedRowTables(ch);
      return ch;
    });
    this.ready.catch(() => {
      this.ready = null;
    });
    return this.ready;
  }

  async stage(req: AnalyticalFeedRequest): Promise<AnalyticalFeedLoad> {
    const ch = await this.driver();
    // The start time in the id lets garbage collection tell an abandoned load from one still running.
    return stageLoad(ch, req, null);
  }

  async reconcile(store: Driver): Promise<void> {
    const ch = await this.driver();
    // One reconcile at a time across processes, each reading PostgreSQL after the previous one's switch: one
    // that read before another process's commit can then never switch back over that commit's own switch.
    await store.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1)', [RECONCILE_LOCK]);
      const live = await tx.query<{ platform: string; period: string; load_id: string }>(
        `SELECT platform, period, load_id FROM batches
         WHERE kind = 'feed' AND live_key IS NOT NULL AND load_id IS NOT NULL`,
      );
      await switchLoads(ch, live);
    });
    const known = await store.query<{ id: string }>('SELECT id FROM feed_loads');
    await collectGarbage(
      ch,
      known.map((k) => k.id),
    );
  }

  async close(): Promise<void> {
    const ready = this.ready;
    this.ready = null;
    if (ready) await (await ready.catch(() => null))?.close();
  }
}

export interface FeedLoad {
  loadId: string;
  rows: number;
  /** Months the load holds. */
  periods: string[];
}

export interface LoadOptions {
  platform: string;
  /** `YYYY-MM`, or '' for any month. */
  period: string;
  encoding: string | null;
  /** The area codes a seller_area may take; unchecked when absent. */
  areas?: readonly string[];
  onRows: RowsCallback;
}

/**
 * ClickHouse alone (the benchmark, the cluster's own tests): reads `source` into feed_rows under a new load
 * id with the same checks as an ingest, and switches its platform × months to it. A file with any error
 * writes nothing and is a UserError naming its first lines.
 */
export async function loadFeedRows(
  ch: ClickHouseDriver,
  source: BulkFile,
  opts: LoadOptions,
): Promise<FeedLoad> {
  const load = await stageLoad(
    ch,
    {
      source,
      records: null,
      platform: opts.platform,
      period: opts.period,
      first: '0000-01',
      last: '9999-12',
      areas: opts.areas ?? [],
      checkAreas: opts.areas !== undefined,
      dimensions: [],
      sellerMeasures: [],
      onRows: opts.onRows,
    },
    opts.encoding,
  );
  try {
    if (load.badRows > 0) {
      const first = await ch.query<{ line: string; column_name: string; value: string; message: string }>(
        `SELECT toInt64(ref) - 1 + ${source.firstLine} AS line, column_name, value,
           concat(message, if(isNull(first_ref), '',
             concat('（首次出现在第 ', toString(toInt64(assumeNotNull(first_ref)) - 1 + ${source.firstLine}), ' 行）'))) AS message
         FROM ${load.errors} ORDER BY ref, rule, column_name LIMIT 5`,
      );
      throw new UserError(
        first.map((e) => ({
          place: `${source.file}:${e.line}`,
          value: '',
          message: `${e.column_name}=${e.value} — ${e.message}，未写入任何数据`,
          hint: '改正错误后重新导入',
        })),
      );
    }
    await load.keepValidRows();
    const periods = (
      await ch.query<{ period: string }>(
        'SELECT DISTINCT period FROM feed_rows WHERE load_id = $1 ORDER BY period',
        [load.loadId],
      )
    ).map((r) => r.period);
    const inForce = await ch.query<{ platform: string; period: string; load_id: string }>(
      'SELECT platform, period, argMax(load_id, version) AS load_id FROM feed_versions GROUP BY platform, period',
    );
    await switchLoads(ch, [
      ...inForce.filter(
        (v) => v.load_id !== '' && !(v.platform === opts.platform && periods.includes(v.period)),
      ),
      ...periods.map((period) => ({ platform: opts.platform, period, load_id: load.loadId })),
    ]);
    await collectGarbage(ch);
    return { loadId: load.loadId, rows: load.rows, periods };
  } finally {
    await load.close();
  }
}
