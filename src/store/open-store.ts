import { resolve } from 'node:path';
import { type Dialect, dialectFor } from './dialect.js';
import type { Driver } from './driver.js';
import { DuckDbDriver } from './duckdb-driver.js';
import { migrate } from './migrations.js';
import { PostgresDriver } from './postgres-driver.js';

/** The default embedded database file, relative to the working directory. */
export const DEFAULT_DB = 'data/ecmon.duckdb';

export interface Store {
  driver: Driver;
  dialect: Dialect;
  close(): Promise<void>;
}

/**
 * Opens the store named by `db` (a `postgres://` URL or a DuckDB file path), falling back to `ECMON_DB`,
 * then `data/ecmon.duckdb`, and applies pending migrations.
 */
export async function openStore(db?: string): Promise<Store> {
  const target = db ?? process.env.ECMON_DB ?? DEFAULT_DB;
  const driver: Driver = /^postgres(ql)?:\/\//.test(target)
    ? await PostgresDriver.open(target)
    : await DuckDbDriver.open(target === ':memory:' ? target : resolve(target));
  const dialect = dialectFor(driver.engine);
  await migrate(driver, dialect);
  return { driver, dialect, close: () => driver.close() };
}
