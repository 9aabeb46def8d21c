import { UserError } from '../domain/user-error.js';
import type { Dialect } from './dialect.js';
import type { Driver } from './driver.js';
import { engineFor } from './engines.js';
import { migrate } from './migrations.js';

/** The default embedded database file, relative to the working directory. */
export const DEFAULT_DB = 'data/ecmon.duckdb';

export interface Store {
  driver: Driver;
  dialect: Dialect;
  close(): Promise<void>;
}

/**
 * Opens the store named by `db` (a `postgres://` URL or a database file path), falling back to `ECMON_DB`,
 * then `data/ecmon.duckdb`, and applies pending migrations. A URL of an engine ecmon does not run (e.g.
 * `mysql://…`) is a UserError.
 */
export async function openStore(db?: string): Promise<Store> {
  const target = db ?? process.env.ECMON_DB ?? DEFAULT_DB;
  const engine = engineFor(target);
  if (!engine.transactional)
    throw new UserError({
      place: 'ECMON_DB',
      value: target.replace(/\?.*$/, ''),
      message: `${engine.name} 没有事务，不能单独作为存储（计划、批次、观测值需要事务）`,
      hint: `ECMON_DB 设为 postgres://…，${engine.name} 地址放在 ECMON_ANALYTICS_DB（见 README）`,
    });
  const driver = await engine.open(target);
  await migrate(driver, engine.dialect);
  return { driver, dialect: engine.dialect, close: () => driver.close() };
}
