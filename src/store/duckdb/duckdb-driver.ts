import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { type DuckDBConnection, DuckDBInstance, type DuckDBValue } from '@duckdb/node-api';
import type { Driver, Row, SqlValue } from '../driver.js';

/**
 * DuckDB in a local file (the embedded default). One connection, used by one statement at a time:
 * calls are queued so a transaction is never interleaved with another caller's statements.
 * Extension autoload/autoinstall are off: nothing is fetched at run time.
 */
export class DuckDbDriver implements Driver {
  readonly engine = 'duckdb' as const;
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(
    readonly location: string,
    private readonly instance: DuckDBInstance,
    private readonly conn: DuckDBConnection,
    private readonly inTransaction = false,
  ) {}

  static async open(path: string): Promise<DuckDbDriver> {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    const instance = await DuckDBInstance.create(path, {
      autoinstall_known_extensions: 'false',
      autoload_known_extensions: 'false',
    });
    const conn = await instance.connect();
    return new DuckDbDriver(path, instance, conn);
  }

  private serial<T>(fn: () => Promise<T>): Promise<T> {
    if (this.inTransaction) return fn();
    const next = this.queue.then(fn, fn);
    this.queue = next.catch(() => undefined);
    return next;
  }

  query<T extends Row = Row>(sql: string, params: readonly SqlValue[] = []): Promise<T[]> {
    return this.serial(async () => {
      const reader = await this.conn.runAndReadAll(sql, params as DuckDBValue[]);
      return reader.getRowObjectsJson() as unknown as T[];
    });
  }

  exec(sql: string): Promise<void> {
    return this.serial(async () => {
      await this.conn.run(sql);
    });
  }

  transaction<T>(fn: (tx: Driver) => Promise<T>): Promise<T> {
    if (this.inTransaction) return fn(this);
    return this.serial(async () => {
      await this.conn.run('BEGIN TRANSACTION');
      const tx = new DuckDbDriver(this.location, this.instance, this.conn, true);
      try {
        const out = await fn(tx);
        await this.conn.run('COMMIT');
        return out;
      } catch (e) {
        await this.conn.run('ROLLBACK');
        throw e;
      }
    });
  }

  /** The underlying connection, for engine-specific bulk paths (read_csv, COPY). */
  get connection(): DuckDBConnection {
    return this.conn;
  }

  async close(): Promise<void> {
    await this.queue;
    this.conn.closeSync();
    this.instance.closeSync();
  }
}
