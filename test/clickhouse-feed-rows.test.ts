/**
 * Feed rows on the ClickHouse cluster give the same answers as the embedded engine: the same feed ingested
 * into DuckDB (the full `ecmon ingest feed` path) and read by ClickHouse into the 2-shard cluster yields the
 * same measure × area × month levels, to the fen. A re-delivery replaces, rows of a load that never switched
 * count for nothing, and kill -9 mid-ingest leaves the previous state. Skips, saying why, without a cluster.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UserError } from '../src/domain/user-error.js';
import { ingestFeed } from '../src/ingest/feed/ingest-feed.js';
import { generateFeed } from '../src/ingest/generate/generate-feed.js';
import { loadPlan } from '../src/plan/load-plan.js';
import type { ClickHouseDriver } from '../src/store/clickhouse/clickhouse-driver.js';
import { loadFeedRows } from '../src/store/clickhouse/clickhouse-feed-ingest.js';
import {
  collectGarbage,
  createFeedRowTables,
  feedLevelGrid,
} from '../src/store/clickhouse/clickhouse-feed-rows.js';
import { queryObservations } from '../src/store/observation-repository.js';
import { openStore, type Store } from '../src/store/open-store.js';
import { savePlan } from '../src/store/plan-repository.js';
import { clickhouseSkip, freshClickHouse } from './support/clickhouse.js';
import { csvSource, gridMeasures } from './support/clickhouse-feeds.js';

const PLAN_FILE = 'plans/chengdu-ec-2021-2025.yaml';
const plan = loadPlan(PLAN_FILE);
const measures = gridMeasures(plan);
const PERIOD = '2023-05';

/** `1.50` and `1.5000` alike: an exact decimal without trailing zeros. */
const exact = (v: string): string => (v.includes('.') ? v.replace(/\.?0+$/, '') : v);

describe.skipIf(clickhouseSkip !== null)(
  `feed rows on a ClickHouse cluster${clickhouseSkip ? ` (skipped: ${clickhouseSkip})` : ''}`,
  () => {
    const dir = mkdtempSync(join(tmpdir(), 'ecmon-ch-'));
    let ch: ClickHouseDriver;
    let url: string;
    let drop: () => Promise<void>;
    let duck: Store;

    /** DuckDB's feed observations of the month: measure|area → exact value (totals over platforms). */
    async function duckLevels(): Promise<Map<string, string>> {
      const rows = await queryObservations(duck.driver, { period: PERIOD });
      return new Map(
        rows
          .filter((r) => measures.some((m) => m.measure === r.measure))
          .map((r) => [`${r.measure}|${r.area}`, exact(r.given_value)]),
      );
    }

    async function clickhouseLevels(): Promise<Map<string, string>> {
      const grid = await feedLevelGrid(ch, measures, plan.root_area, PERIOD, PERIOD);
      return new Map(grid.map((c) => [`${c.measure}|${c.area}`, exact(c.value)]));
    }

    /** ClickHouse's levels, with the explicit zeros DuckDB writes for areas that sold nothing. */
    async function sameAsDuckDb(): Promise<void> {
      const want = await duckLevels();
      const got = await clickhouseLevels();
      for (const key of want.keys()) if (!got.has(key)) got.set(key, '0');
      expect(want.size).toBeGreaterThan(measures.length);
      expect(Object.fromEntries(got)).toEqual(Object.fromEntries(want));
    }

    async function feed(name: string, rows: number, seed: number, encoding: 'utf8' | 'gb18030' = 'utf8') {
      const out = join(dir, name);
      await generateFeed({ period: PERIOD, rows, out, platform: 'sim-mall', seed, encoding });
      return out;
    }

    beforeAll(async () => {
      ({ ch, url, drop } = await freshClickHouse());
      await createFeedRowTables(ch);
      duck = await openStore(join(dir, 'same.duckdb'));
      await savePlan(duck.driver, duck.dialect, plan, PLAN_FILE);
    }, 60_000);

    afterAll(async () => {
      await duck?.close();
      await drop?.();
      rmSync(dir, { recursive: true, force: true });
    });

    it('reads a GB18030 feed into both shards and gives DuckDB’s levels to the fen', async () => {
      const utf8 = await feed('a.csv', 3000, 1);
      const gb = await feed('a-gb.csv', 3000, 1, 'gb18030');
      await ingestFeed(duck, plan, utf8, { platform: 'sim-mall', period: PERIOD });
      const load = await loadFeedRows(ch, csvSource(gb), {
        platform: 'sim-mall',
        period: PERIOD,
        encoding: 'gb18030',
        onRows: () => {},
      });
      expect(load).toMatchObject({ rows: 3000, periods: [PERIOD] });
      await sameAsDuckDb();
      const perShard = (
        await ch.queryEveryShard<{ n: string }>('SELECT count() AS n FROM feed_rows_local')
      ).map((r) => Number(r[0]?.n));
      expect(perShard.length).toBe(2);
      expect(perShard.every((n) => n > 500)).toBe(true);
      expect(perShard.reduce((a, b) => a + b, 0)).toBe(3000);
    }, 60_000);

    it('replaces a re-delivered platform × month, as DuckDB does', async () => {
      const b = await feed('b.csv', 2000, 2);
      await ingestFeed(duck, plan, b, { platform: 'sim-mall', period: PERIOD });
      const load = await loadFeedRows(ch, csvSource(b), {
        platform: 'sim-mall',
        period: PERIOD,
        encoding: null,
        onRows: () => {},
      });
      expect(load.rows).toBe(2000);
      await sameAsDuckDb();
    }, 60_000);

    it('counts nothing of a load that never switched, and collects it', async () => {
      const before = await clickhouseLevels();
      await ch.exec(
        `INSERT INTO feed_rows SELECT 'load_0_orphan', month, period, platform, store_id, seller_area, seller_uscc,
           category, goods_or_service, trade_mode, is_live, is_social, is_custom, is_rural_seller,
           is_agricultural, cross_border, gmv, orders, refunds FROM feed_rows`,
      );
      expect(await clickhouseLevels()).toEqual(before);
      await ch.exec('CREATE TABLE feed_text_load_1000_abc (a String) ENGINE = Log');
      await collectGarbage(ch);
      // Mutations run in the background on 18.16: wait until every shard has applied them.
      for (let i = 0; i < 100; i++) {
        const pending = await ch.queryEveryShard<{ n: string }>(
          'SELECT count() AS n FROM system.mutations WHERE database = currentDatabase() AND NOT is_done',
        );
        if (pending.every((r) => Number(r[0]?.n) === 0)) break;
        await new Promise((r) => setTimeout(r, 100));
      }
      const left = await ch.query("SELECT count() AS n FROM feed_rows WHERE load_id = 'load_0_orphan'");
      expect(left).toEqual([{ n: '0' }]);
      expect(await ch.query("SELECT name FROM system.tables WHERE name = 'feed_text_load_1000_abc'")).toEqual(
        [],
      );
      expect(await clickhouseLevels()).toEqual(before);
    });

    it.each([
      ['a gmv with three decimals', ',12.345,$1,$2', 'gmv=12.345 — 不是有效金额'],
      ['refunds above gmv', ',1.00,$1,2.00', 'refunds=2.00 — 退款额大于成交额（gmv=1.00）'],
      ['negative orders', ',1.00,-1,$2', 'orders=-1 — 金额或订单数不能为负'],
      [
        'a store × category repeated from line 9',
        'duplicate',
        'store_id=$KEY — 店铺 × 品类在同一平台同一期间重复（首次出现在第 9 行）',
      ],
    ])(
      'refuses a file with %s on line 12 and writes nothing',
      async (_, cells, problem) => {
        const before = await clickhouseLevels();
        const bad = join(dir, 'bad.csv');
        const lines = readFileSync(await feed('c.csv', 50, 3), 'utf8')
          .trimEnd()
          .split('\n');
        lines[11] =
          cells === 'duplicate'
            ? (lines[8] as string)
            : (lines[11] as string).replace(/,[0-9.]+,([0-9]+),([0-9.]+)$/, cells);
        writeFileSync(bad, `${lines.join('\n')}\n`);
        const load = loadFeedRows(ch, csvSource(bad), {
          platform: 'sim-mall',
          period: PERIOD,
          encoding: null,
          onRows: () => {},
        });
        await expect(load).rejects.toThrow(UserError);
        const [, , store, , , category] = (lines[8] as string).split(',');
        await expect(load).rejects.toThrow(`${bad}:12: ${problem.replace('$KEY', `${store} × ${category}`)}`);
        expect(await clickhouseLevels()).toEqual(before);
      },
      60_000,
    );

    it('keeps the previous state when the ingest is killed with SIGKILL', async () => {
      const before = await clickhouseLevels();
      const big = await feed('big.csv', 300_000, 4);
      // node itself (not npx): SIGKILL must reach the process that streams.
      const child = spawn(
        process.execPath,
        ['--import', 'tsx', 'test/support/clickhouse-load-child.ts', url, big, 'sim-mall'],
        {
          stdio: ['ignore', 'pipe', 'inherit'],
        },
      );
      const said = await new Promise<string>((resolve) => {
        child.stdout.on('data', (b: Buffer) => {
          const text = b.toString();
          if (text.includes('streaming')) {
            child.kill('SIGKILL');
            resolve('streaming');
          } else if (text.includes('done')) resolve('done');
        });
        child.on('exit', () => resolve('exit'));
      });
      await new Promise((r) => child.once('exit', r).once('close', r));
      expect(said).toBe('streaming');
      expect(await clickhouseLevels()).toEqual(before);
    }, 120_000);
  },
);
