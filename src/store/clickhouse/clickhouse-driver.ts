/**
 * ClickHouse over its HTTP interface (Node's http, no client library: the maintained clients need 20.x+, and
 * Debian ships 18.16). A target names the cluster's shards and the database:
 * `clickhouse://host1:8123,host2:8123/ecmon?cluster=ecmon`. Statements go to the first shard (the Distributed
 * table fans them out); DDL for the per-shard tables goes to every shard, since ON CLUSTER needs ZooKeeper.
 *
 * 18.16 has no query parameters over HTTP, so `$n` parameters are bound here as escaped literals (strings
 * with `\` and `'` escaped, numbers only when finite); no text is ever spliced unescaped. Results come as
 * TabSeparatedWithNamesAndTypes, so Decimal and 64-bit integers stay exact text (JSON prints decimals as
 * numbers). ClickHouse has no transactions: batches switch atomically by a single-part insert into the
 * version table (clickhouse-feed-rows.ts), and `transaction` refuses.
 */
import { request } from 'node:http';
import type { Readable } from 'node:stream';
import { UserError } from '../../domain/user-error.js';
import type { Driver, Row, SqlValue } from '../driver.js';

export interface ClickHouseTarget {
  /** `host:port` of each shard's HTTP interface, in the cluster's shard order. */
  shards: string[];
  database: string;
  /** The remote_servers cluster the Distributed tables name. */
  cluster: string;
}

const DB_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

export function parseClickHouseTarget(target: string): ClickHouseTarget {
  const m = /^clickhouse:\/\/([^/?#]+)\/?([^?#]*)(?:\?(.*))?$/i.exec(target);
  const shards = (m?.[1] ?? '').split(',').filter(Boolean);
  const database = m?.[2] || 'default';
  const cluster = new URLSearchParams(m?.[3] ?? '').get('cluster') ?? '';
  const bad = !m || shards.some((s) => !/^[A-Za-z0-9.-]+:[0-9]{1,5}$/.test(s));
  if (bad || !DB_NAME.test(database) || !DB_NAME.test(cluster))
    throw new UserError({
      place: 'ECMON_ANALYTICS_DB',
      value: target.replace(/\/\/[^@/]*@/, '//'),
      message: 'ClickHouse 地址应为 clickhouse://主机:HTTP端口[,主机:HTTP端口…]/数据库?cluster=集群名',
      hint: '例如 clickhouse://127.0.0.1:18123,127.0.0.1:18124/ecmon?cluster=ecmon（scripts/clickhouse-cluster.sh start 打印）',
    });
  return { shards, database, cluster };
}

/** A value as a ClickHouse literal. */
export function literal(v: SqlValue): string {
  if (v === null) return 'NULL';
  if (typeof v === 'boolean') return v ? '1' : '0';
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new Error(`not a finite number: ${v}`);
    return String(v);
  }
  return `'${v.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/** `sql` with `$n` outside string literals replaced by the literal of `params[n-1]`. */
export function bind(sql: string, params: readonly SqlValue[]): string {
  if (params.length === 0) return sql;
  return sql.replace(/'(?:[^'\\]|\\.|'')*'|\$([0-9]+)/g, (m, n?: string) => {
    if (n === undefined) return m;
    const i = Number(n) - 1;
    if (i < 0 || i >= params.length) throw new Error(`no parameter $${n}`);
    return literal(params[i] as SqlValue);
  });
}

const UNESCAPE: Record<string, string> = { t: '\t', n: '\n', r: '\r', b: '\b', f: '\f', '0': '\0' };
const unescapeTsv = (s: string): string => s.replace(/\\(.)/g, (_, c: string) => UNESCAPE[c] ?? c);

/** A TSV field of `type` as a plain value: exact types (Decimal, 64-bit and wider integers) stay text. */
function fieldValue(field: string, type: string): SqlValue {
  if (field === '\\N') return null;
  const base = type.replace(/^(?:Nullable|LowCardinality)\((.*)\)$/, '$1');
  if (/^(?:U?Int(?:8|16|32)|Float(?:32|64))$/.test(base)) return Number(field);
  return unescapeTsv(field);
}

export function parseTsv(body: string): Row[] {
  if (body === '') return [];
  const lines = body.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  const names = (lines[0] ?? '').split('\t').map(unescapeTsv);
  const types = (lines[1] ?? '').split('\t');
  return lines.slice(2).map((line) => {
    const fields = line.split('\t');
    const row: Row = {};
    names.forEach((n, i) => {
      row[n] = fieldValue(fields[i] ?? '', types[i] ?? 'String');
    });
    return row;
  });
}

/** Whether a statement returns rows (the HTTP interface then needs a FORMAT). */
const RETURNS_ROWS = /^\s*(?:SELECT|WITH|SHOW|DESCRIBE|EXISTS)\b/i;

export class ClickHouseDriver implements Driver {
  readonly engine = 'clickhouse' as const;
  readonly location: string;

  private constructor(readonly target: ClickHouseTarget) {
    this.location = `clickhouse://${target.shards.join(',')}/${target.database}?cluster=${target.cluster}`;
  }

  static async open(url: string): Promise<ClickHouseDriver> {
    const driver = new ClickHouseDriver(parseClickHouseTarget(url));
    try {
      for (const shard of driver.target.shards) await driver.post(shard, 'SELECT 1', null, false);
    } catch (e) {
      throw new UserError({
        place: 'ECMON_ANALYTICS_DB',
        value: driver.location,
        message: `无法连接 ClickHouse：${(e as Error).message}`,
        hint: '先启动集群（scripts/clickhouse-cluster.sh start），或检查主机和 HTTP 端口',
      });
    }
    return driver;
  }

  async query<T extends Row = Row>(sql: string, params: readonly SqlValue[] = []): Promise<T[]> {
    const bound = bind(sql, params);
    const returns = RETURNS_ROWS.test(bound);
    const body = await this.post(this.first, returns ? `${bound}\nFORMAT TSVWithNamesAndTypes` : bound);
    return (returns ? parseTsv(body) : []) as T[];
  }

  async exec(sql: string): Promise<void> {
    for (const s of statements(sql)) await this.post(this.first, s);
  }

  /** Runs DDL on every shard (the per-shard tables of a Distributed table). */
  async onEveryShard(sql: string, params: readonly SqlValue[] = []): Promise<void> {
    const bound = bind(sql, params);
    await Promise.all(this.target.shards.map((s) => this.post(s, bound)));
  }

  /** Runs a SELECT on every shard's own tables; one result per shard, in shard order. */
  queryEveryShard<T extends Row = Row>(sql: string): Promise<T[][]> {
    return Promise.all(
      this.target.shards.map(
        async (s) => parseTsv(await this.post(s, `${sql}\nFORMAT TSVWithNamesAndTypes`)) as T[],
      ),
    );
  }

  /** Streams `body` as the data of `insert` (`INSERT INTO t FORMAT …`) to the first shard. */
  async insert(insert: string, body: Readable, settings: Record<string, string> = {}): Promise<void> {
    await this.post(this.first, insert, body, true, settings);
  }

  /**
   * The result of a SELECT on the first shard in `format` (e.g. CSV), as a byte stream: for moving a result
   * into another engine (PostgreSQL's COPY) without parsing it here. A failed query rejects with its message.
   */
  selectStream(sql: string, format: string, params: readonly SqlValue[] = []): Promise<Readable> {
    const query = `${bind(sql, params)}\nFORMAT ${format}`;
    const [host, port] = this.first.split(':') as [string, string];
    // The whole result is ready before the first byte goes out: an error mid-way is an HTTP error, not a
    // truncated stream the receiver would take for the end.
    const search = new URLSearchParams({ database: this.target.database, wait_end_of_query: '1' });
    return new Promise((resolve, reject) => {
      const req = request(
        { host, port: Number(port), method: 'POST', path: `/?${search}`, agent: false },
        (res) => {
          if (res.statusCode === 200) return resolve(res);
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('error', reject);
          res.on('end', () =>
            reject(new ClickHouseError(Buffer.concat(chunks).toString('utf8').trim(), query)),
          );
        },
      );
      req.on('error', reject);
      req.end(query);
    });
  }

  transaction<T>(_fn: (tx: Driver) => Promise<T>): Promise<T> {
    return Promise.reject(
      new Error(
        'ClickHouse has no transactions: batches switch by the version table, plans stay on PostgreSQL',
      ),
    );
  }

  async close(): Promise<void> {}

  private get first(): string {
    return this.target.shards[0] as string;
  }

  private post(
    shard: string,
    query: string,
    body: Readable | null = null,
    useDatabase = true,
    settings: Record<string, string> = {},
  ): Promise<string> {
    const [host, port] = shard.split(':') as [string, string];
    const search = new URLSearchParams(settings);
    if (useDatabase) search.set('database', this.target.database);
    // An INSERT into a Distributed table returns only when every shard has its rows: a batch switched in
    // afterwards is complete on all shards.
    search.set('insert_distributed_sync', '1');
    // With a body the statement goes in the URL; without, the statement is the body (no URL length limit).
    if (body) search.set('query', query);
    return new Promise((resolve, reject) => {
      const req = request(
        { host, port: Number(port), method: 'POST', path: `/?${search}`, agent: false },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('error', reject);
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            if (res.statusCode === 200) resolve(text);
            else reject(new ClickHouseError(text.trim(), query));
          });
        },
      );
      req.on('error', reject);
      if (body) {
        body.on('error', (e) => req.destroy(e));
        body.pipe(req);
      } else req.end(query);
    });
  }
}

/** An error ClickHouse returned, with the statement that caused it. */
export class ClickHouseError extends Error {
  constructor(
    message: string,
    readonly sql: string,
  ) {
    super(message);
    this.name = 'ClickHouseError';
  }
}

/** Statements of a script, split at a `;` that ends a line (scripts come from the code, never input). */
function statements(sql: string): string[] {
  return sql
    .split(/;\s*(?:\n|$)/)
    .map((s) => s.trim())
    .filter(Boolean);
}
