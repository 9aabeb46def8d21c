import type { Command } from 'commander';
import { UserError } from '../domain/user-error.js';
import { loadPlan } from '../plan/load-plan.js';
import type { Plan } from '../plan/plan-types.js';
import { openStore, type Store } from '../store/open-store.js';
import { activePlan } from '../store/plan-repository.js';
import { ioOf } from './cli-io.js';

/** The default plan file bundled with ecmon. */
export const DEFAULT_PLAN = 'plans/chengdu-ec-2021-2025.yaml';

/** Opens the store named by the global `--db` option (or ECMON_DB / the default file). */
export async function storeFor(cmd: Command): Promise<Store> {
  const db = cmd.optsWithGlobals().db as string | undefined;
  try {
    return await openStore(db);
  } catch (e) {
    if (e instanceof UserError) throw e;
    const msg = e instanceof Error ? e.message : String(e);
    throw new UserError({
      place: '--db',
      value: db ?? process.env.ECMON_DB ?? 'data/ecmon.duckdb',
      message: `无法打开数据库：${msg}`,
      hint: /lock/i.test(msg)
        ? 'DuckDB 文件正被另一个 ecmon 进程占用：等它结束后重试，或用 --db 指定另一个文件（ecmon serve 运行时，命令会自动交给它执行）'
        : 'DuckDB 请检查文件路径与权限；PostgreSQL 请检查连接串和服务是否运行',
    });
  }
}

/** Runs `fn` with an open store and closes it afterwards (a store the run was given stays open). */
export async function withStore<T>(cmd: Command, fn: (store: Store) => Promise<T>): Promise<T> {
  const given = ioOf(cmd).store;
  if (given) return fn(given);
  const store = await storeFor(cmd);
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}

/** The plan to work with: `--plan FILE` when given, else the active plan in the store. */
export async function planFor(store: Store, file?: string): Promise<{ plan: Plan; file: string }> {
  if (file) return { plan: loadPlan(file), file };
  const active = await activePlan(store.driver);
  if (!active)
    throw new UserError({
      place: '--plan',
      value: '',
      message: '数据库中还没有加载计划',
      hint: '先运行 ecmon init（或 ecmon init --plan 计划文件.yaml）',
    });
  return active;
}
