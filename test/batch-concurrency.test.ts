/**
 * One live batch per platform × month, serialised by the database: two ingests of the same month at once
 * never both stay in force, and rollback never resurrects a second live batch.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isUserError } from '../src/domain/user-error.js';
import { rollbackFeedBatch } from '../src/ingest/feed/feed-batches.js';
import { ingestFeed } from '../src/ingest/feed/ingest-feed.js';
import { loadPlan } from '../src/plan/load-plan.js';
import { queryObservations } from '../src/store/observation-repository.js';
import { openStore, type Store } from '../src/store/open-store.js';
import { savePlan } from '../src/store/plan-repository.js';
import { engines, freshStore } from './support/engines.js';
import { feedCsv, feedRow } from './support/feed-rows.js';

const PLAN_FILE = 'plans/chengdu-ec-2021-2025.yaml';
const plan = loadPlan(PLAN_FILE);
const BY = { actor: 'tester', reason: '测试回滚' };

async function cityVolume(store: Store, period: string): Promise<string | undefined> {
  const [o] = await queryObservations(store.driver, {
    measure: 'ec_transaction_volume',
    area: plan.root_area,
    period,
  });
  return o?.given_value;
}

async function liveBatches(store: Store, period: string): Promise<string[]> {
  const rows = await store.driver.query<{ id: string }>(
    `SELECT id FROM batches WHERE kind = 'feed' AND platform = 'sim-mall' AND period = $1 AND status = 'published'`,
    [period],
  );
  return rows.map((r) => r.id);
}

describe.each(engines())('one live batch per key on $engine', (target) => {
  let store: Store;
  let other: Store;

  beforeAll(async () => {
    const fresh = await freshStore(target);
    store = fresh.store;
    await savePlan(store.driver, store.dialect, plan, PLAN_FILE);
    // PostgreSQL: a second connection races the first. DuckDB: one process holds the file, so both
    // ingests run on the same store (the serve-while-write path sends every writer there).
    other = target.engine === 'duckdb' ? store : await openStore(fresh.db);
  });
  afterAll(async () => {
    if (other !== store) await other.close();
    await store.close();
    await target.cleanup();
  });

  it('two ingests of one platform × month at once: exactly one is live and the figure is one delivery', async () => {
    const file = feedCsv([feedRow('C1', { period: '2021-05', gmv: '270.83' })]);
    let won = 0;
    for (let round = 0; round < 20; round++) {
      const results = await Promise.allSettled(
        [store, other].map((s) => ingestFeed(s, plan, file, { platform: 'sim-mall', period: '2021-05' })),
      );
      for (const r of results) {
        if (r.status === 'fulfilled') won++;
        else {
          expect(isUserError(r.reason)).toBe(true);
          expect((r.reason as Error).message).toContain(
            '同一平台同一月份的另一批数据刚刚提交，未写入；请重试',
          );
        }
      }
      expect(await liveBatches(store, '2021-05')).toHaveLength(1);
      expect(await cityVolume(store, '2021-05')).toBe('270.83');
    }
    expect(won).toBeGreaterThanOrEqual(20);
  }, 240_000);

  it('rollback of the live batch restores its predecessor; rollback of a superseded batch is refused', async () => {
    const first = await ingestFeed(
      store,
      plan,
      feedCsv([feedRow('D1', { period: '2021-06', gmv: '100.00' })]),
      {
        platform: 'sim-mall',
      },
    );
    const second = await ingestFeed(
      store,
      plan,
      feedCsv([feedRow('D1', { period: '2021-06', gmv: '300.00' })]),
      {
        platform: 'sim-mall',
      },
    );
    const [a, b] = [first.batches[0]?.id as string, second.batches[0]?.id as string];
    expect(second.batches[0]?.replaces).toBe(a);
    expect(await cityVolume(store, '2021-06')).toBe('300');
    await expect(rollbackFeedBatch(store, plan, a, BY)).rejects.toThrow(
      '只能回滚当前生效的批次，此批次状态为 superseded',
    );
    expect(await rollbackFeedBatch(store, plan, b, BY)).toBe(a);
    expect(await liveBatches(store, '2021-06')).toEqual([a]);
    expect(await cityVolume(store, '2021-06')).toBe('100');
  });
});
