/**
 * The database boundary. A Driver runs parameterised SQL on one engine; a Dialect says how that engine's SQL
 * differs. Rows come back as plain objects: exact decimals and 64-bit integers as strings, other numbers as
 * numbers, so no amount passes through a float on its way out of the database.
 */
export type SqlValue = string | number | boolean | null;
export type Row = Record<string, SqlValue>;

export type Engine = 'duckdb' | 'postgres' | 'clickhouse';

export interface Driver {
  readonly engine: Engine;
  /** Where the data lives: a file path or a connection URL without its password. */
  readonly location: string;
  /** Runs a statement with `$1, $2, …` parameters and returns its rows. */
  query<T extends Row = Row>(sql: string, params?: readonly SqlValue[]): Promise<T[]>;
  /** Runs one or more statements without parameters (DDL, scripts). */
  exec(sql: string): Promise<void>;
  /** Runs `fn` in a transaction: committed if it resolves, rolled back if it throws. */
  transaction<T>(fn: (tx: Driver) => Promise<T>): Promise<T>;
  /**
   * Only where this process is the store's only writer (an embedded file), so that every commit passes
   * here: runs `listener` after each commit, and the write that committed resolves once it has. Returns
   * the function that removes it. Without it, other processes may write too: ask the database.
   */
  onCommit?(listener: () => Promise<void>): () => void;
  close(): Promise<void>;
}
