import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';

/**
 * Connections of one DuckDB instance that only read: each runs one statement at a time, and a statement
 * waits for a free connection. They are opened when first needed, up to `size`. Each statement is its own
 * transaction, so it sees what was committed when it started, never a writer's open transaction.
 */
export class ReadPool {
  private readonly free: DuckDBConnection[] = [];
  private readonly waiting: ((conn: DuckDBConnection) => void)[] = [];
  private opened = 0;
  private busy = 0;
  private drained: (() => void) | null = null;
  private closed = false;

  constructor(
    private readonly instance: DuckDBInstance,
    private readonly size: number,
  ) {}

  async use<T>(fn: (conn: DuckDBConnection) => Promise<T>): Promise<T> {
    const conn = await this.acquire();
    this.busy++;
    try {
      return await fn(conn);
    } finally {
      this.busy--;
      this.release(conn);
    }
  }

  private async acquire(): Promise<DuckDBConnection> {
    if (this.closed) throw new Error('the DuckDB store is closed');
    const conn = this.free.pop();
    if (conn) return conn;
    if (this.opened < this.size) {
      this.opened++;
      return this.instance.connect().catch((e: unknown) => {
        this.opened--;
        throw e;
      });
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private release(conn: DuckDBConnection): void {
    const next = this.waiting.shift();
    if (next) next(conn);
    else this.free.push(conn);
    if (this.busy === 0 && this.waiting.length === 0) this.drained?.();
  }

  /** Waits for the statements running now, then closes every connection. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.busy > 0) await new Promise<void>((resolve) => (this.drained = resolve));
    for (const conn of this.free.splice(0)) conn.closeSync();
  }
}

const READS = /^\s*(SELECT|WITH|FROM)\b/i;
const WRITES =
  /\b(INSERT|UPDATE|DELETE|MERGE|CREATE|DROP|ALTER|COPY|ATTACH|DETACH|CHECKPOINT|NEXTVAL|SETVAL)\b/i;

/**
 * Whether a statement only reads, judged from its text. A write taken for a read would commit beside the
 * writer's transactions, so anything doubtful counts as a write (and merely waits its turn on the writer).
 */
export function onlyReads(sql: string): boolean {
  return READS.test(sql) && !WRITES.test(sql);
}
