/**
 * `ecmon ingest feed` raises the alerts an approval would: a month that puts indicators behind schedule turns
 * their lights red (one alert each, printed and kept; none again when the same file is ingested again), and a
 * refused feed raises 平台数据被拒收.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAlerts } from '../src/forms/alerts.js';
import { periodsTouched } from '../src/forms/feed-alerts.js';
import type { IngestedBatch } from '../src/ingest/feed/ingest-feed.js';
import { loadPlan } from '../src/plan/load-plan.js';
import type { Store } from '../src/store/open-store.js';
import { savePlan } from '../src/store/plan-repository.js';
import { PLAN_FILE } from './support/dashboard-store.js';
import { ecmonIn } from './support/ecmon-cli.js';
import { engines, freshStore } from './support/engines.js';
import { feedCsv, feedRow } from './support/feed-rows.js';

describe('the periods a committed feed touches', () => {
  const batch = (period: string, status: 'published' | 'submitted') => ({ period, status }) as IngestedBatch;
  it('are its published months, the later months of their year (their 1–N月累计) and the year', () => {
    expect(
      periodsTouched({ batches: [batch('2021-10', 'published'), batch('2022-03', 'submitted')] }),
    ).toEqual(['2021', '2021-10', '2021-11', '2021-12']);
    expect(periodsTouched({ batches: [batch('2022-03', 'submitted')] })).toEqual([]);
  });
});

describe.each(engines())('alerts after `ecmon ingest feed` on $engine', (target) => {
  let store: Store;
  beforeAll(async () => {
    store = (await freshStore(target)).store;
    await savePlan(store.driver, store.dialect, loadPlan(PLAN_FILE), PLAN_FILE);
  }, 120_000);
  afterAll(async () => {
    await store.close();
    await target.cleanup();
  });

  const ecmon = (...args: string[]) => ecmonIn(store)(...args);
  const january = feedCsv([feedRow('S1', { period: '2021-01' }), feedRow('S2', { period: '2021-01' })]);
  const lines = (err: string): string[] => err.split('\n').filter((l) => l.startsWith('告警：'));

  it('a month behind schedule raises its red lights once, printed; ingesting it again raises none', async () => {
    const first = await ecmon('ingest', 'feed', january, '--platform', 'sim-mall');
    expect(first.code, first.err).toBe(0);
    const printed = lines(first.err);
    expect(printed).toHaveLength(3);
    expect(printed.find((l) => l.includes('网上零售额'))).toMatch(
      /^告警：网上零售额（成都市 2021-01）亮红灯：低于序时进度 \d+\.\d%$/,
    );
    const keys = async () =>
      (await listAlerts(store.driver, store.dialect, { kind: 'light_red' })).map((a) => a.key).sort();
    expect(await keys()).toEqual([
      'light|cross_border_ec_volume|510100|2021-01',
      'light|ec_transaction_volume|510100|2021-01',
      'light|online_retail_sales|510100|2021-01',
    ]);
    const again = await ecmon('ingest', 'feed', january, '--platform', 'sim-mall');
    expect(again.code, again.err).toBe(0);
    expect(lines(again.err)).toEqual([]);
    expect(await keys()).toHaveLength(3);
  });

  it('a held month raises nothing until `ecmon batches publish` publishes it, which checks its lights', async () => {
    const keys = async () =>
      (await listAlerts(store.driver, store.dialect, { kind: 'light_red' })).map((a) => a.key).sort();
    const before = await keys();
    const february = feedCsv([feedRow('L1', { platform: 'sim-live', period: '2021-02' })]);
    const held = await ecmon('ingest', 'feed', february, '--platform', 'sim-live', '--hold');
    expect(held.code, held.err).toBe(0);
    expect(lines(held.err)).toEqual([]);
    expect(await keys()).toEqual(before);
    const [b] = await store.driver.query<{ id: string }>(
      "SELECT id FROM batches WHERE platform = 'sim-live' AND period = '2021-02'",
    );
    expect((await ecmon('batches', 'approve', b?.id as string)).code).toBe(0);
    const published = await ecmon('batches', 'publish', b?.id as string);
    expect(published.code, published.err).toBe(0);
    expect(lines(published.err).length).toBeGreaterThan(0);
    expect((await keys()).filter((k) => !before.includes(k))).toEqual([
      'light|cross_border_ec_volume|510100|2021-02',
      'light|ec_transaction_volume|510100|2021-02',
      'light|online_retail_sales|510100|2021-02',
    ]);
  });

  it('a refused feed raises 平台数据被拒收', async () => {
    const bad = feedCsv([feedRow('S1', { period: '2021-04', gmv: 'abc' })]);
    const r = await ecmon('ingest', 'feed', bad, '--platform', 'sim-mall');
    expect(r.code).not.toBe(0);
    const [a] = await listAlerts(store.driver, store.dialect, { kind: 'feed_rejected' });
    expect(a?.message_zh).toBe(`平台 sim-mall 的数据 ${bad} 被拒收：1 行中 1 行有错误，整批未写入`);
  });
});
