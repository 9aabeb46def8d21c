import { UserError } from '../domain/user-error.js';
import type { Dialect } from './dialect.js';
import type { Driver } from './driver.js';
import { engineFor } from './engines.js';
import type { FeedAnalytics } from './feed-analytics.js';
import { migrate } from './migrations.js';

/** The default embedded database file, relative to the working directory. */
export const DEFAULT_DB = 'data/ecmon.duckdb';

export interface Store {
  driver: Driver;
  dialect: Dialect;
  /**
   * The analytical engine that holds the feed rows beside this store (ECMON_ANALYTICS_DB), when one is
   * configured: feed ingests read, check and aggregate there, and commit their batches here.
   */
  analytics?: FeedAnalytics;
  close(): Promise<void>;
}

/** A target as messages show it: no password, no query. */
const shown = (target: string): string => target.replace(/\/\/[^@/]*@/, '//').replace(/\?.*$/, '');

/**
 * Opens the store named by `db` (a `postgres://` URL or a database file path), falling back to `ECMON_DB`,
 * then `data/ecmon.duckdb`, and applies pending migrations; with `analyticsDb` (falling back to
 * `ECMON_ANALYTICS_DB`, e.g. `clickhouse://…`), feed rows go to that analytical engine. The same pair may be
 * written the other way round: the analytical URL as the target and the transactional one in
 * `ECMON_TRANSACTIONAL_DB`. A URL of an engine
 * ecmon does not run (e.g. `mysql://…`), an analytical engine as the store, or one beside a store it cannot
 * pair with, is a UserError saying what to set.
 */
export async function openStore(db?: string, analyticsDb?: string): Promise<Store> {
  let target = db ?? process.env.ECMON_DB ?? DEFAULT_DB;
  let place = db === undefined ? 'ECMON_DB' : '--db';
  let engine = engineFor(target, place);
  let analyticsTarget = analyticsDb ?? (process.env.ECMON_ANALYTICS_DB || undefined);
  // The other spelling: the analytical engine as the target, its transactional side in ECMON_TRANSACTIONAL_DB.
  const transactional = process.env.ECMON_TRANSACTIONAL_DB || undefined;
  if (!engine.transactional && engine.analytics && transactional && !analyticsTarget) {
    analyticsTarget = target;
    [target, place] = [transactional, 'ECMON_TRANSACTIONAL_DB'];
    engine = engineFor(target, place);
  }
  if (!engine.transactional)
    throw new UserError({
      place,
      value: shown(target),
      message: `${engine.name} 没有事务，不能单独作为存储（计划、批次、观测值需要事务）`,
      hint: `${place} 设为 postgres://…（事务一侧），${engine.name} 地址放在 ECMON_ANALYTICS_DB；或保留 ${place}，把 postgres://… 放在 ECMON_TRANSACTIONAL_DB（见 README）`,
    });
  let analytics: FeedAnalytics | undefined;
  if (analyticsTarget) {
    const a = engineFor(analyticsTarget, 'ECMON_ANALYTICS_DB');
    if (!a.analytics)
      throw new UserError({
        place: 'ECMON_ANALYTICS_DB',
        value: shown(analyticsTarget),
        message: `${a.name} 不是分析型引擎，不能存放平台数据行`,
        hint: '设为 clickhouse://主机:HTTP端口[,…]/数据库?cluster=集群名，或不设置',
      });
    if (!engine.pairsWithAnalytics)
      throw new UserError({
        place: 'ECMON_ANALYTICS_DB',
        value: shown(analyticsTarget),
        message: `${a.name} 只能与 PostgreSQL 配对使用（计划、批次、观测值存放在 PostgreSQL），当前存储为 ${engine.name}（${shown(target)}）`,
        hint: `${place} 设为 postgres://…；不用 ${a.name} 时取消 ECMON_ANALYTICS_DB`,
      });
    analytics = a.analytics(analyticsTarget);
  }
  const driver = await engine.open(target);
  await migrate(driver, engine.dialect);
  return {
    driver,
    dialect: engine.dialect,
    ...(analytics ? { analytics } : {}),
    close: async () => {
      await analytics?.close();
      await driver.close();
    },
  };
}
