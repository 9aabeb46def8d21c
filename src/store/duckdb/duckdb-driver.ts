import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { type DuckDBConnection, DuckDBInstance, type DuckDBValue } from '@duckdb/node-api';
import type { Driver, Row, SqlValue } from '../driver.js';
import { editsAuditLog } from '../write/audit-log.js';
import { onlyReads, ReadPool } from './read-pool.js';

/**
 * Read connections beside the writer. Node runs DuckDB calls on its 4-thread pool: three readers and the
 * writer never wait for a thread.
 */
const READERS = 3;

/** What a driver and the transaction drivers it hands out share. */
class Shared {
  private queue: Promise<unknown> = Promise.resolve();
  private closed = false;
  readonly listeners = new Set<() => Promise<void>>();

  constructor(
    readonly instance: DuckDBInstance,
    readonly writer: DuckDBConnection,
    readonly readers: ReadPool,
  ) {}

  /** Runs `fn` on the writer once every write queued before it has finished. */
  serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = (): Promise<T> =>
      this.closed ? Promise.reject(new Error('the DuckDB store is closed')) : fn();
    const next = this.queue.then(run, run);
    this.queue = next.catch(() => undefined);
    return next;
  }

  /** Waits for the listeners; their failures are theirs (a cache left cold), not the write's. */
  async committed(): Promise<void> {
    await Promise.all([...this.listeners].map((l) => l().catch(() => undefined)));
  }

  async close(): Promise<void> {
    await this.queue;
    this.closed = true;
    await this.readers.close();
    this.writer.closeSync();
    this.instance.closeSync();
  }
}

/** DuckDB has no triggers: the driver refuses a statement that would edit the append-only audit log. */
function refuseAuditEdit(sql: string): void {
  if (editsAuditLog(sql))
    throw new Error('ecmon: the audit log is append-only: UPDATE, DELETE and TRUNCATE refused');
}

/**
 * DuckDB in a local file (the embedded default), which only this process can open for writing. Writes and
 * transactions run on one writer connection, queued so a transaction is never interleaved with another
 * caller's statements; a statement that only reads, outside a transaction, runs on a pool of read
 * connections instead, so reads go on while a long write transaction is open and see the last commit.
 * A transaction's own statements (`tx`) all run on the writer and see its writes. Extension
 * autoload/autoinstall are off: nothing is fetched at run time.
 */
export class DuckDbDriver implements Driver {
  readonly engine = 'duckdb' as const;

  private constructor(
    readonly location: string,
    private readonly shared: Shared,
    private readonly inTransaction = false,
  ) {}

  static async open(path: string): Promise<DuckDbDriver> {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    const instance = await DuckDBInstance.create(path, {
      autoinstall_known_extensions: 'false',
      autoload_known_extensions: 'false',
    });
    const writer = await instance.connect();
    return new DuckDbDriver(path, new Shared(instance, writer, new ReadPool(instance, READERS)));
  }

  /** A statement on the writer: inline in a transaction, else queued and, once done, announced. */
  private async write<T>(fn: (conn: DuckDBConnection) => Promise<T>): Promise<T> {
    if (this.inTransaction) return fn(this.shared.writer);
    const out = await this.shared.serial(() => fn(this.shared.writer));
    await this.shared.committed();
    return out;
  }

  async query<T extends Row = Row>(sql: string, params: readonly SqlValue[] = []): Promise<T[]> {
    refuseAuditEdit(sql);
    const run = async (conn: DuckDBConnection): Promise<T[]> => {
      const reader = await conn.runAndReadAll(sql, params as DuckDBValue[]);
      return reader.getRowObjectsJson() as unknown as T[];
    };
    if (this.inTransaction || !onlyReads(sql)) return this.write(run);
    try {
      return await this.shared.readers.use(run);
    } catch (e) {
      // Temporary tables belong to the connection that made them: the writer.
      if (/^Catalog Error/.test((e as Error).message)) return this.write(run);
      throw e;
    }
  }

  async exec(sql: string): Promise<void> {
    refuseAuditEdit(sql);
    return this.write(async (conn) => {
      await conn.run(sql);
    });
  }

  async transaction<T>(fn: (tx: Driver) => Promise<T>): Promise<T> {
    if (this.inTransaction) return fn(this);
    const { writer } = this.shared;
    const out = await this.shared.serial(async () => {
      await writer.run('BEGIN TRANSACTION');
      try {
        const result = await fn(new DuckDbDriver(this.location, this.shared, true));
        await writer.run('COMMIT');
        return result;
      } catch (e) {
        await writer.run('ROLLBACK');
        throw e;
      }
    });
    await this.shared.committed();
    return out;
  }

  /**
   * This process is the only writer of the file, so every commit passes here: `listener` runs after each
   * (a transaction, or a write outside one), and the write resolves once it has. Readers may keep the data
   * version in memory and recompute what they serve before the write returns.
   */
  onCommit(listener: () => Promise<void>): () => void {
    this.shared.listeners.add(listener);
    return () => this.shared.listeners.delete(listener);
  }

  /** The writer connection, for engine-specific bulk paths (read_csv, COPY). */
  get connection(): DuckDBConnection {
    return this.shared.writer;
  }

  close(): Promise<void> {
    return this.shared.close();
  }
}
