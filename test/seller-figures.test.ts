/**
 * Per-seller feed figures (feed_seller_cells): written at ingest in the load's transaction, by batch and
 * seller 统一社会信用代码, for the registry's entities only; an entity registered later gets its figures from
 * the loads already kept; the public sees them through published batches only.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { usccCheckChar } from '../src/domain/uscc.js';
import { rollbackFeedBatch } from '../src/ingest/feed/feed-batches.js';
import { ingestFeed } from '../src/ingest/feed/ingest-feed.js';
import { backfillSellerCells, type SellerFigure, sellerFigures } from '../src/ingest/feed/seller-cells.js';
import { loadPlan } from '../src/plan/load-plan.js';
import type { Store } from '../src/store/open-store.js';
import { savePlan } from '../src/store/plan-repository.js';
import { addKeyEnterprise } from './support/dashboard-store.js';
import { engines, freshStore } from './support/engines.js';
import { feedCsv, feedRow, USCC } from './support/feed-rows.js';

const PLAN_FILE = 'plans/chengdu-ec-2021-2025.yaml';
const plan = loadPlan(PLAN_FILE);
const OTHER_FIRST17 = '91510107MA6C5678Y';
const OTHER = OTHER_FIRST17 + (usccCheckChar(OTHER_FIRST17) as string);

/** [period, measure, value, rows] of the two measures the rows below touch. */
const shown = (figures: SellerFigure[]) =>
  figures
    .filter((f) => f.measure === 'ec_transaction_volume' || f.measure === 'online_retail_sales')
    .map((f) => [f.period, f.measure, Number(f.value).toFixed(2), f.rows]);

describe.each(engines())('per-seller feed figures on $engine', (target) => {
  let store: Store;
  const figures = (uscc: string, as: 'published' | 'working' = 'published') =>
    sellerFigures(store.driver, store.dialect, uscc, as);
  const cells = async () =>
    Number((await store.driver.query('SELECT count(*) AS n FROM feed_seller_cells'))[0]?.n);

  beforeAll(async () => {
    store = (await freshStore(target)).store;
    await savePlan(store.driver, store.dialect, plan, PLAN_FILE);
    await addKeyEnterprise(store, plan, USCC, '登记企业');
  });
  afterAll(async () => {
    await store.close();
    await target.cleanup();
  });

  it('sums a registered seller’s rows per month and plan measure at ingest; other sellers and rows without a USCC get none', async () => {
    await ingestFeed(
      store,
      plan,
      feedCsv([
        feedRow('A1', { gmv: '100.00', refunds: '10.00' }),
        feedRow('A2', { gmv: '300.00', refunds: '0.00', trade_mode: 'B2B', category: 'apparel' }),
        feedRow('B1', { seller_uscc: OTHER, gmv: '50.00', refunds: '0.00' }),
        feedRow('C1', { seller_uscc: '', trade_mode: 'C2C', gmv: '70.00', refunds: '0.00' }),
        feedRow('A1', { period: '2021-04', gmv: '120.50', refunds: '0.50' }),
      ]),
      { platform: 'sim-mall' },
    );
    expect(shown(await figures(USCC))).toEqual([
      ['2021-03', 'ec_transaction_volume', '400.00', 2],
      ['2021-03', 'online_retail_sales', '90.00', 1],
      ['2021-04', 'ec_transaction_volume', '120.50', 1],
      ['2021-04', 'online_retail_sales', '120.00', 1],
    ]);
    expect(await figures(OTHER)).toEqual([]);
    const sellers = await store.driver.query('SELECT DISTINCT seller_uscc FROM feed_seller_cells');
    expect(sellers.map((r) => r.seller_uscc)).toEqual([USCC]);
  });

  it('a seller registered later gets its figures from the loads already kept, once', async () => {
    await ingestFeed(
      store,
      plan,
      feedCsv([
        feedRow('B2', {
          platform: 'sim-social',
          period: '2021-06',
          seller_uscc: OTHER,
          gmv: '30.00',
          refunds: '5.00',
        }),
      ]),
      { platform: 'sim-social' },
    );
    expect(await figures(OTHER)).toEqual([]);
    await addKeyEnterprise(store, plan, OTHER, '后登记企业');
    const expected = [
      ['2021-03', 'ec_transaction_volume', '50.00', 1],
      ['2021-03', 'online_retail_sales', '50.00', 1],
      ['2021-06', 'ec_transaction_volume', '30.00', 1],
      ['2021-06', 'online_retail_sales', '25.00', 1],
    ];
    expect(shown(await figures(OTHER))).toEqual(expected);
    // A correction of the entity is no new registration, and a backfill over cells a batch already has for a
    // seller adds nothing (without that guard the insert would repeat the primary key and fail).
    const before = await cells();
    await addKeyEnterprise(store, plan, OTHER, '后登记企业（更名）');
    await store.driver.transaction((tx) => backfillSellerCells(tx, store.dialect, plan, [OTHER, USCC]));
    expect([await cells(), shown(await figures(OTHER))]).toEqual([before, expected]);
  });

  it('a refused feed writes no seller figures', async () => {
    const before = await cells();
    await expect(
      ingestFeed(store, plan, feedCsv([feedRow('A9'), feedRow('A8', { gmv: 'abc' })]), {
        platform: 'sim-b2b',
      }),
    ).rejects.toThrow('未写入任何数据');
    expect(await cells()).toBe(before);
  });

  it('a held batch shows in the working view only; a second platform adds up; rollback takes its figures away', async () => {
    const held = await ingestFeed(store, plan, feedCsv([feedRow('A1', { gmv: '999.00', refunds: '0.00' })]), {
      platform: 'sim-mall',
      period: '2021-03',
      hold: true,
    });
    expect(held.batches[0]?.status).toBe('submitted');
    expect(shown(await figures(USCC)).slice(0, 1)).toEqual([
      ['2021-03', 'ec_transaction_volume', '400.00', 2],
    ]);
    expect(shown(await figures(USCC, 'working')).slice(0, 1)).toEqual([
      ['2021-03', 'ec_transaction_volume', '999.00', 1],
    ]);
    const other = await ingestFeed(
      store,
      plan,
      feedCsv([feedRow('X1', { platform: 'sim-social', gmv: '25.00', refunds: '0.00' })]),
      { platform: 'sim-social', period: '2021-03' },
    );
    const march = (await figures(USCC)).find(
      (f) => f.period === '2021-03' && f.measure === 'ec_transaction_volume',
    );
    expect([Number(march?.value).toFixed(2), march?.platforms]).toEqual(['425.00', 2]);
    await rollbackFeedBatch(store, plan, other.batches[0]?.id as string, { actor: 'tester', reason: '撤回' });
    expect(shown(await figures(USCC)).slice(0, 1)).toEqual([
      ['2021-03', 'ec_transaction_volume', '400.00', 2],
    ]);
  });
  it('marks a figure simulated when a simulated (demo) feed is among the batches it sums', async () => {
    await ingestFeed(
      store,
      plan,
      feedCsv([feedRow('A1', { platform: 'sim-live', period: '2021-05', gmv: '80.00', refunds: '0.00' })]),
      {
        platform: 'sim-live',
        simulated: true,
      },
    );
    const flags = (await figures(USCC))
      .filter((f) => f.measure === 'ec_transaction_volume')
      .map((f) => [f.period, f.simulated]);
    expect(flags).toEqual([
      ['2021-03', false],
      ['2021-04', false],
      ['2021-05', true],
    ]);
  });
});
