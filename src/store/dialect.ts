import type { Engine } from './driver.js';

/**
 * What differs between engines' SQL. Everything else is written once in standard SQL with `$n` parameters,
 * which both DuckDB and PostgreSQL accept (including the type names `TEXT` and `DOUBLE PRECISION`).
 */
export interface Dialect {
  readonly engine: Engine;
  /** Column type for text. */
  readonly text: string;
  /** Column type for exact amounts (normalised values). */
  readonly amount: string;
  readonly timestamp: string;
  readonly bigint: string;
  /** Expression for the current timestamp. */
  readonly now: string;
  /** Quotes an identifier (only ever applied to names from the code, never from input). */
  ident(name: string): string;
}

const quote = (name: string): string => `"${name.replace(/"/g, '""')}"`;

export const duckdbDialect: Dialect = {
  engine: 'duckdb',
  text: 'VARCHAR',
  amount: 'DECIMAL(38,6)',
  timestamp: 'TIMESTAMP',
  bigint: 'BIGINT',
  now: 'current_timestamp',
  ident: quote,
};

export const postgresDialect: Dialect = {
  engine: 'postgres',
  text: 'TEXT',
  amount: 'NUMERIC(38,6)',
  timestamp: 'TIMESTAMPTZ',
  bigint: 'BIGINT',
  now: 'now()',
  ident: quote,
};

export function dialectFor(engine: Engine): Dialect {
  return engine === 'duckdb' ? duckdbDialect : postgresDialect;
}
