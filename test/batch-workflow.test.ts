/**
 * Batch states end to end: a held batch is seen by analysts (working) and not by the public (published) until
 * it is approved and published; returning and resubmitting move it out of and back into the working view;
 * every move is recorded with who and why.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parsePeriod } from '../src/domain/period.js';
import { loadLevels } from '../src/engine/load-levels.js';
import { ingestFeed } from '../src/ingest/feed/ingest-feed.js';
import { importObservationsFile } from '../src/ingest/import-observations.js';
import { loadPlan } from '../src/plan/load-plan.js';
import { queryObservations } from '../src/store/observation-repository.js';
import type { Store } from '../src/store/open-store.js';
import { savePlan } from '../src/store/plan-repository.js';
import type { Visibility } from '../src/store/visibility.js';
import { batchEvents } from '../src/store/write/batch-events.js';
import type { BatchStatus } from '../src/store/write/batch-states.js';
import { BatchWriter } from '../src/store/write/batch-writer.js';
import { engines, freshStore } from './support/engines.js';
import { feedCsv, feedRow } from './support/feed-rows.js';

const PLAN_FILE = 'plans/chengdu-ec-2021-2025.yaml';
const plan = loadPlan(PLAN_FILE);
const dir = mkdtempSync(join(tmpdir(), 'ecmon-workflow-'));

describe.each(engines())('batch states on $engine', (target) => {
  let store: Store;

  beforeAll(async () => {
    store = (await freshStore(target)).store;
    await savePlan(store.driver, store.dialect, plan, PLAN_FILE);
  });
  afterAll(async () => {
    await store.close();
    await target.cleanup();
  });

  async function move(id: string, to: BatchStatus, reason?: string): Promise<void> {
    await store.driver.transaction(async (tx) => {
      const writer = new BatchWriter(tx, store.dialect, plan);
      await writer.move(id, to, { actor: 'analyst', reason: reason ?? null });
      await writer.finish(id);
    });
  }

  /** 成都 ec_transaction_volume of a month in 亿元, as `visibility` sees it (the engine's level grid). */
  async function level(period: string, visibility: Visibility): Promise<string | undefined> {
    const measure = plan.measures.find((m) => m.id === 'ec_transaction_volume');
    if (!measure) throw new Error('measure missing');
    const grid = await loadLevels(store.driver, {
      measures: [measure],
      areas: [plan.root_area],
      periods: [parsePeriod(period)],
      visibility,
    });
    return grid.get(`ec_transaction_volume|${plan.root_area}|${period}`)?.decimal;
  }

  const feed = (period: string, gmv: string, hold: boolean) =>
    ingestFeed(store, plan, feedCsv([feedRow('W1', { period, gmv })]), {
      platform: 'sim-mall',
      hold,
      actor: 'bureau',
    });

  it('a held feed is seen by analysts only, until approved and published', async () => {
    const r = await feed('2022-01', '1000000.00', true);
    const id = r.batches[0]?.id as string;
    expect(r.batches[0]?.status).toBe('submitted');
    expect(await level('2022-01', 'published')).toBeUndefined();
    expect(await level('2022-01', 'working')).toBe('0.01');
    await move(id, 'approved');
    expect(await level('2022-01', 'published')).toBeUndefined();
    await move(id, 'published');
    expect(await level('2022-01', 'published')).toBe('0.01');
    expect((await batchEvents(store, id)).map((e) => [e.from, e.to, e.actor])).toEqual([
      [null, 'draft', 'bureau'],
      ['draft', 'submitted', 'bureau'],
      ['submitted', 'approved', 'analyst'],
      ['approved', 'published', 'analyst'],
    ]);
  });

  it('a held re-delivery overrides the published month for analysts; return and resubmit move it out and in', async () => {
    const a = (await feed('2022-02', '1000000.00', false)).batches[0]?.id as string;
    const b = (await feed('2022-02', '3000000.00', true)).batches[0]?.id as string;
    expect(await level('2022-02', 'published')).toBe('0.01');
    expect(await level('2022-02', 'working')).toBe('0.03');
    await expect(move(b, 'returned')).rejects.toThrow('改为已退回须说明原因');
    await move(b, 'returned', '与报表不符');
    expect(await level('2022-02', 'working')).toBe('0.01');
    await move(b, 'submitted');
    expect(await level('2022-02', 'working')).toBe('0.03');
    await expect(move(b, 'published')).rejects.toThrow('批次状态为已提交，不能改为已发布');
    await move(b, 'approved');
    await move(b, 'published');
    expect(await level('2022-02', 'published')).toBe('0.03');
    const [prev] = await store.driver.query('SELECT status, live_key FROM batches WHERE id = $1', [a]);
    expect(prev).toEqual({ status: 'superseded', live_key: null });
    const reasons = (await batchEvents(store, b)).map((e) => e.reason);
    expect(reasons).toContain('与报表不符');
  });

  it('a held import stays out of the public view; published, then rolled back, the replaced figure returns', async () => {
    const csv = (name: string, value: string): string => {
      const p = join(dir, name);
      writeFileSync(p, `measure,area,period,value,unit\nonline_retail_sales,510104,2024,${value},亿元\n`);
      return p;
    };
    const ask = (visibility: Visibility) =>
      queryObservations(store.driver, {
        measure: 'online_retail_sales',
        area: '510104',
        period: '2024',
        visibility,
      });
    await importObservationsFile(store, plan, csv('first.csv', '10.5'));
    const held = await importObservationsFile(store, plan, csv('second.csv', '12.25'), { hold: true });
    expect(held.status).toBe('submitted');
    expect((await ask('published')).map((o) => o.value)).toEqual(['10.5']);
    expect((await ask('working')).map((o) => o.value)).toEqual(['12.25']);
    const id = held.batchId as string;
    await move(id, 'returned', '口径不符');
    expect((await ask('working')).map((o) => o.value)).toEqual(['10.5']);
    await move(id, 'submitted');
    await move(id, 'approved');
    await move(id, 'published');
    expect((await ask('published')).map((o) => o.value)).toEqual(['12.25']);
    expect((await ask('working')).map((o) => o.value)).toEqual(['12.25']);
    await move(id, 'rolled_back', '撤回');
    expect((await ask('published')).map((o) => o.value)).toEqual(['10.5']);
  });

  it('plan figures cannot be moved on their own', async () => {
    await expect(move(`plan:${plan.id}`, 'rolled_back', 'x')).rejects.toThrow(
      '计划数据随计划加载，不能单独改变状态',
    );
  });
});
