import pg from 'pg';
import type { Driver, Row, SqlValue } from '../driver.js';

// Timestamps come back as text on every engine (DuckDB does the same), never as Date objects.
pg.types.setTypeParser(1114, (v) => v);
pg.types.setTypeParser(1184, (v) => v);

/** PostgreSQL (the server engine), selected by a `postgres://` URL. */
export class PostgresDriver implements Driver {
  readonly engine = 'postgres' as const;

  private constructor(
    readonly location: string,
    private readonly pool: pg.Pool | null,
    private readonly client: pg.PoolClient | null,
  ) {}

  static async open(url: string): Promise<PostgresDriver> {
    const pool = new pg.Pool({ connectionString: url, max: 8 });
    // An idle pooled connection can be ended by the server (restart, admin command). That is not an error of
    // any query: the pool drops the connection and opens a new one when needed; without this handler Node
    // would treat it as an uncaught error and stop the process.
    pool.on('error', (e) => {
      if (process.env.ECMON_DEBUG) process.stderr.write(`PostgreSQL idle connection closed: ${e.message}\n`);
    });
    const client = await pool.connect();
    client.release();
    return new PostgresDriver(redact(url), pool, null);
  }

  private get runner(): pg.Pool | pg.PoolClient {
    const r = this.client ?? this.pool;
    if (!r) throw new Error('closed');
    return r;
  }

  async query<T extends Row = Row>(sql: string, params: readonly SqlValue[] = []): Promise<T[]> {
    const res = await this.runner.query(sql, params as unknown[]);
    return res.rows as T[];
  }

  async exec(sql: string): Promise<void> {
    await this.runner.query(sql);
  }

  async transaction<T>(fn: (tx: Driver) => Promise<T>): Promise<T> {
    if (this.client) return fn(this);
    if (!this.pool) throw new Error('closed');
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const out = await fn(new PostgresDriver(this.location, null, client));
      await client.query('COMMIT');
      return out;
    } catch (e) {
      await client.query('ROLLBACK');
      throw e;
    } finally {
      client.release();
    }
  }

  /** A dedicated client for engine-specific bulk paths (COPY FROM STDIN). Release it when done. */
  async connect(): Promise<pg.PoolClient> {
    if (this.client) return this.client;
    if (!this.pool) throw new Error('closed');
    return this.pool.connect();
  }

  async close(): Promise<void> {
    await this.pool?.end();
  }
}

function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'postgres';
  }
}
