import { describe, expect, it } from 'vitest';
import { engines } from '../../test/support/engines.js';
import { UserError } from '../domain/user-error.js';
import { ENGINES, engineFor } from './engines.js';
import { openStore } from './open-store.js';

describe('the engine registry', () => {
  it('picks the engine from a URL scheme, and the embedded engine for a file path', () => {
    const embedded = ENGINES.find((e) => e.schemes.length === 0);
    expect(engineFor('data/ecmon.duckdb')).toBe(embedded);
    expect(engineFor(':memory:')).toBe(embedded);
    for (const e of ENGINES)
      for (const s of e.schemes) {
        expect(engineFor(`${s}://u@host:5432/db`)).toBe(e);
        expect(engineFor(`${s.toUpperCase()}://u@host/db`)).toBe(e);
      }
  });

  it('refuses an analytical engine as the store: it has no transactions', async () => {
    await expect(openStore('clickhouse://127.0.0.1:18123/ecmon?cluster=ecmon')).rejects.toThrow(
      'clickhouse 没有事务，不能单独作为存储',
    );
  });

  it('refuses ClickHouse beside a DuckDB file, naming ECMON_ANALYTICS_DB and the PostgreSQL pairing', async () => {
    const err = await openStore(':memory:', 'clickhouse://127.0.0.1:18123/ecmon?cluster=ecmon').catch(
      (e) => e,
    );
    expect(err).toBeInstanceOf(UserError);
    expect((err as UserError).message).toBe(
      'ECMON_ANALYTICS_DB: clickhouse://127.0.0.1:18123/ecmon — clickhouse 只能与 PostgreSQL 配对使用（计划、批次、观测值存放在 PostgreSQL），当前存储为 duckdb（:memory:）（--db 设为 postgres://…；不用 clickhouse 时取消 ECMON_ANALYTICS_DB）',
    );
  });

  it('takes ClickHouse as the target when ECMON_TRANSACTIONAL_DB names its transactional side', async () => {
    const before = process.env.ECMON_TRANSACTIONAL_DB;
    process.env.ECMON_TRANSACTIONAL_DB = ':memory:';
    try {
      // The pair is formed (ClickHouse for feed rows, the transactional URL as the store), then judged:
      // DuckDB cannot pair, and the message names ECMON_TRANSACTIONAL_DB as the place to change.
      const err = await openStore('clickhouse://127.0.0.1:18123/ecmon?cluster=ecmon').catch((e) => e);
      expect((err as UserError).message).toBe(
        'ECMON_ANALYTICS_DB: clickhouse://127.0.0.1:18123/ecmon — clickhouse 只能与 PostgreSQL 配对使用（计划、批次、观测值存放在 PostgreSQL），当前存储为 duckdb（:memory:）（ECMON_TRANSACTIONAL_DB 设为 postgres://…；不用 clickhouse 时取消 ECMON_ANALYTICS_DB）',
      );
      const pg = engines().find((e) => e.engine === 'postgres');
      if (!pg) return;
      process.env.ECMON_TRANSACTIONAL_DB = await pg.create();
      const store = await openStore('clickhouse://127.0.0.1:18123/ecmon?cluster=ecmon');
      try {
        expect(store.analytics).toBeDefined();
        expect((await store.driver.query<{ v: string }>('SELECT version() AS v'))[0]?.v).toMatch(
          /PostgreSQL/,
        );
      } finally {
        await store.close();
        await pg.cleanup();
      }
    } finally {
      if (before === undefined) delete process.env.ECMON_TRANSACTIONAL_DB;
      else process.env.ECMON_TRANSACTIONAL_DB = before;
    }
  });

  it('refuses a transactional engine as the analytical side', async () => {
    await expect(openStore(':memory:', 'postgres://u@host/db')).rejects.toThrow(
      'ECMON_ANALYTICS_DB: postgres://host/db — postgres 不是分析型引擎，不能存放平台数据行',
    );
  });

  it.each(['mysql://u@host/db', 'sqlite:///tmp/x.db'])(
    'refuses %s with a UserError, never another engine',
    async (url) => {
      const scheme = url.split(':')[0];
      expect(() => engineFor(url)).toThrow(UserError);
      expect(() => engineFor(url)).toThrow(`不支持的数据库类型 ${scheme}`);
      await expect(openStore(url)).rejects.toThrow(UserError);
    },
  );
});
