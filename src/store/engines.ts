/**
 * The engines a store can run on, and which one a `--db` target names. Adding an engine is a folder under
 * src/store with its driver and dialect, and one entry here.
 */
import { resolve } from 'node:path';
import { UserError } from '../domain/user-error.js';
import { clickhouseDialect } from './clickhouse/clickhouse-dialect.js';
import { ClickHouseDriver, parseClickHouseTarget } from './clickhouse/clickhouse-driver.js';
import { ClickHouseFeedAnalytics } from './clickhouse/clickhouse-feed-ingest.js';
import type { Dialect } from './dialect.js';
import type { Driver, Engine } from './driver.js';
import { duckdbDialect } from './duckdb/duckdb-dialect.js';
import { DuckDbDriver } from './duckdb/duckdb-driver.js';
import { openDuckDbFile } from './duckdb/duckdb-resources.js';
import type { FeedAnalytics } from './feed-analytics.js';
import { postgresDialect } from './postgres/postgres-dialect.js';
import { PostgresDriver } from './postgres/postgres-driver.js';

export interface EngineEntry {
  name: Engine;
  dialect: Dialect;
  /** URL schemes that select the engine (`postgres` for `postgres://…`); none for a file path. */
  schemes: readonly string[];
  open(target: string): Promise<Driver>;
  /**
   * False for an analytical engine that holds feed rows beside a transactional store (plans, batches,
   * observations) but cannot be one itself: it has no transactions.
   */
  transactional: boolean;
  /**
   * An analytical engine: the feed-rows side of a store whose transactional side is another engine (checks
   * the target now, connects on first use).
   */
  analytics?(target: string): FeedAnalytics;
  /** A transactional engine an analytical one can pair with (it receives the aggregates by bulk copy). */
  pairsWithAnalytics: boolean;
}

export const ENGINES: readonly EngineEntry[] = [
  {
    name: 'duckdb',
    dialect: duckdbDialect,
    schemes: [],
    open: (target) => (target === ':memory:' ? DuckDbDriver.open(target) : openDuckDbFile(resolve(target))),
    transactional: true,
    pairsWithAnalytics: false,
  },
  {
    name: 'postgres',
    dialect: postgresDialect,
    schemes: ['postgres', 'postgresql'],
    open: (url) => PostgresDriver.open(url),
    transactional: true,
    pairsWithAnalytics: true,
  },
  {
    name: 'clickhouse',
    dialect: clickhouseDialect,
    schemes: ['clickhouse'],
    open: (url) => ClickHouseDriver.open(url),
    transactional: false,
    analytics(url) {
      const t = parseClickHouseTarget(url);
      return new ClickHouseFeedAnalytics(
        `clickhouse://${t.shards.join(',')}/${t.database}?cluster=${t.cluster}`,
        () => ClickHouseDriver.open(url),
      );
    },
    pairsWithAnalytics: false,
  },
];

/** The dialect of an open driver's engine. */
export function dialectOf(driver: Driver): Dialect {
  return (ENGINES.find((e) => e.name === driver.engine) as EngineEntry).dialect;
}

/** The engine of a target: a URL's scheme names it; anything else is a file of the embedded engine. */
export function engineFor(target: string, place = '--db'): EngineEntry {
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(target)?.[1]?.toLowerCase();
  const found = ENGINES.find((e) => (scheme ? e.schemes.includes(scheme) : e.schemes.length === 0));
  if (!found)
    throw new UserError({
      place,
      value: scheme ? `${scheme}://…` : target,
      message: `不支持的数据库类型 ${scheme ?? ''}`.trim(),
      hint: `可用：${ENGINES.filter((e) => e.transactional)
        .map((e) => (e.schemes[0] ? `${e.schemes[0]}://…` : '数据库文件路径'))
        .join('、')}`,
    });
  return found;
}
