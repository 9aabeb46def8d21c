/**
 * `ecmon ingest feed` with the feed rows on the ClickHouse cluster (ECMON_ANALYTICS_DB) beside PostgreSQL
 * (ECMON_DB), run as a user runs it (bin/ecmon.js, built by `npm run build` / `npx tsc`), against the same
 * commands on a DuckDB file: the same feed gives the same `ecmon indicators --format json` and the same
 * observations (every breakdown), a re-delivery replaces on both, a feed with bad rows gives the same error
 * file line for line and (quarantine) the same quarantined rows, and kill -9 at any phase leaves the previous
 * answers on PostgreSQL and the previous rows in force on ClickHouse.
 *
 * Fields that legitimately differ, and only those, are normalised before comparing: batch ids (random per
 * ingest: `batches`, `source` and `batch_id` name them) and the quarantine's load id.
 * Skips, saying why, without ECMON_TEST_CH_URL (a reachable cluster) or ECMON_TEST_PG_URL.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateFeed } from '../src/ingest/generate/generate-feed.js';
import { loadPlan } from '../src/plan/load-plan.js';
import type { ClickHouseDriver } from '../src/store/clickhouse/clickhouse-driver.js';
import { feedLevelGrid } from '../src/store/clickhouse/clickhouse-feed-rows.js';
import { openStore } from '../src/store/open-store.js';
import { clickhouseSkip, freshClickHouse } from './support/clickhouse.js';
import { gridMeasures } from './support/clickhouse-feeds.js';
import { engines } from './support/engines.js';

const PERIOD = '2023-05';
const plan = loadPlan('plans/chengdu-ec-2021-2025.yaml');
const skip =
  clickhouseSkip ??
  (process.env.ECMON_TEST_PG_URL ? null : 'ECMON_TEST_PG_URL is not set (PostgreSQL pairs with ClickHouse)');

/** `1.50` and `1.5000` alike: an exact decimal without trailing zeros. */
const exact = (v: string): string => (v.includes('.') ? v.replace(/\.?0+$/, '') : v);

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

describe.skipIf(skip !== null)(
  `ecmon ingest feed on ClickHouse + PostgreSQL${skip ? ` (skipped: ${skip})` : ''}`,
  () => {
    const dir = mkdtempSync(join(tmpdir(), 'ecmon-ch-cli-'));
    const pgTarget = engines().find((e) => e.engine === 'postgres');
    const duckFile = join(dir, 'same.duckdb');
    let ch: ClickHouseDriver;
    let chUrl: string;
    let pgUrl: string;
    let dropCh: () => Promise<void>;

    let chRuns = 0;
    /**
     * Runs bin/ecmon.js with ClickHouse + PostgreSQL (`ch`) or the DuckDB file (`duck`). The ClickHouse runs
     * alternate between the pair's two spellings (ECMON_DB=postgres + ECMON_ANALYTICS_DB=clickhouse, and
     * ECMON_DB=clickhouse + ECMON_TRANSACTIONAL_DB=postgres), so every assertion holds for both.
     */
    function envOf(side: 'ch' | 'duck'): NodeJS.ProcessEnv {
      if (side === 'duck')
        return { ...process.env, ECMON_DB: duckFile, ECMON_ANALYTICS_DB: '', ECMON_TRANSACTIONAL_DB: '' };
      return chRuns++ % 2 === 0
        ? { ...process.env, ECMON_DB: pgUrl, ECMON_ANALYTICS_DB: chUrl, ECMON_TRANSACTIONAL_DB: '' }
        : { ...process.env, ECMON_DB: chUrl, ECMON_ANALYTICS_DB: '', ECMON_TRANSACTIONAL_DB: pgUrl };
    }

    function ecmon(side: 'ch' | 'duck', args: string[]): Promise<Run> {
      return new Promise((resolve) => {
        const child = spawn('node', ['bin/ecmon.js', ...args], { env: envOf(side) });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (b: Buffer) => {
          stdout += b.toString();
        });
        child.stderr.on('data', (b: Buffer) => {
          stderr += b.toString();
        });
        child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
      });
    }

    async function both(args: string[]): Promise<{ ch: Run; duck: Run }> {
      const [c, d] = await Promise.all([ecmon('ch', args), ecmon('duck', args)]);
      return { ch: c, duck: d };
    }

    /** The batch ids an ingest printed. */
    const batchIds = (out: string): string[] =>
      [...out.matchAll(/批次 (feed-\S+)/g)].map((m) => m[1] as string);

    /** Every batch id of `ids` replaced by `<batch>`: the one field allowed to differ between the stores. */
    function normalised(text: string, ids: readonly string[]): string {
      let out = text;
      for (const id of ids) out = out.split(id).join('<batch>');
      return out;
    }

    const chIds: string[] = [];
    const duckIds: string[] = [];

    async function ingestBoth(file: string, extra: string[] = []): Promise<{ ch: Run; duck: Run }> {
      const r = await both(['ingest', 'feed', file, '--platform', 'sim-mall', '--period', PERIOD, ...extra]);
      chIds.push(...batchIds(r.ch.stdout));
      duckIds.push(...batchIds(r.duck.stdout));
      return r;
    }

    /** `ecmon indicators --format json` and every observation of the month are the same on both stores. */
    async function sameAnswers(): Promise<void> {
      const ind = await both(['indicators', '--period', PERIOD, '--format', 'json']);
      expect(ind.ch.code).toBe(0);
      expect(ind.duck.code).toBe(0);
      const chJson = JSON.parse(normalised(ind.ch.stdout, chIds)) as unknown[];
      expect(chJson.length).toBeGreaterThan(30);
      expect(chJson).toEqual(JSON.parse(normalised(ind.duck.stdout, duckIds)));
      const obs = await both(['observations', '--period', PERIOD, '--all', '--format', 'csv']);
      expect(obs.ch.stdout.split('\n').length).toBeGreaterThan(1000);
      expect(normalised(obs.ch.stdout, chIds)).toBe(normalised(obs.duck.stdout, duckIds));
    }

    /** ClickHouse's level grid over its rows in force: the month's feed observations of the root and every area. */
    async function clickhouseGrid(): Promise<Map<string, string>> {
      const grid = await feedLevelGrid(ch, gridMeasures(plan), plan.root_area, PERIOD, PERIOD);
      return new Map(grid.map((c) => [`${c.measure}|${c.area}`, exact(c.value)]));
    }

    /** ClickHouse's level grid over its rows in force equals the root-level feed aggregates of PostgreSQL's live batches. */
    async function gridIsObserved(): Promise<void> {
      const pg = await openStore(pgUrl, '');
      try {
        const observed = await pg.driver.query<{ measure: string; area: string; value: string }>(
          `SELECT measure, area, CAST(value AS TEXT) AS value FROM feed_cells c JOIN batches b ON b.id = c.batch_id
         WHERE b.live_key IS NOT NULL AND domain = '' AND category = ''`,
        );
        const grid = await clickhouseGrid();
        for (const o of observed)
          expect([o.measure, o.area, grid.get(`${o.measure}|${o.area}`) ?? '0']).toEqual([
            o.measure,
            o.area,
            exact(o.value),
          ]);
        expect(observed.length).toBeGreaterThan(50);
      } finally {
        await pg.close();
      }
    }

    async function feed(name: string, rows: number, seed: number): Promise<string> {
      const out = join(dir, name);
      await generateFeed({ period: PERIOD, rows, out, platform: 'sim-mall', seed });
      return out;
    }

    beforeAll(async () => {
      ({ ch, url: chUrl, drop: dropCh } = await freshClickHouse());
      pgUrl = await (pgTarget as NonNullable<typeof pgTarget>).create();
      const init = await both(['init']);
      expect(init.ch.code, init.ch.stderr).toBe(0);
      expect(init.duck.code, init.duck.stderr).toBe(0);
    }, 120_000);

    afterAll(async () => {
      await pgTarget?.cleanup();
      await dropCh?.();
      rmSync(dir, { recursive: true, force: true });
    });

    it('gives DuckDB’s indicators and observations for the same feed, and replaces a re-delivery', async () => {
      const first = await ingestBoth(await feed('a.csv', 3000, 1));
      expect(first.ch.code, first.ch.stderr).toBe(0);
      expect(first.duck.code, first.duck.stderr).toBe(0);
      expect(first.ch.stdout).toContain('读取 3000 行，入库 3000 行');
      await sameAnswers();

      const again = await ingestBoth(await feed('b.csv', 2000, 2));
      expect(again.ch.code, again.ch.stderr).toBe(0);
      expect(again.ch.stdout).toContain(`替换 ${chIds[0]}`);
      expect(again.duck.stdout).toContain(`替换 ${duckIds[0]}`);
      await sameAnswers();

      // ClickHouse's rows in force are the re-delivery's only, and give PostgreSQL's observed levels.
      const inForce = await ch.query<{ n: string }>(
        `SELECT count() AS n FROM feed_rows WHERE (platform, period, load_id) GLOBAL IN
         (SELECT platform, period, argMax(load_id, version) FROM feed_versions GROUP BY platform, period)`,
      );
      expect(inForce).toEqual([{ n: '2000' }]);
      await gridIsObserved();
    }, 240_000);

    /** A feed whose rows break every rule once or more (line numbers are file lines). */
    function badFeed(): string {
      const lines = readFileSync(join(dir, 'b.csv'), 'utf8').trimEnd().split('\n').slice(0, 41);
      const header = (lines[0] as string).split(',');
      const rows = lines.slice(1).map((l) => l.split(','));
      const set = (i: number, col: string, v: string) => {
        (rows[i] as string[])[header.indexOf(col)] = v;
      };
      set(0, 'gmv', '12.345');
      set(1, 'is_live', 'yes');
      set(2, 'store_id', '');
      set(3, 'period', '2023-5');
      set(4, 'period', '2023-06');
      set(5, 'period', '2019-05');
      set(6, 'platform', 'other');
      set(7, 'seller_area', '999');
      set(8, 'seller_area', plan.root_area);
      set(9, 'trade_mode', 'X2Y');
      set(10, 'category', 'catering');
      set(10, 'goods_or_service', 'goods');
      set(11, 'gmv', '-1.00');
      set(12, 'orders', '-3');
      set(13, 'refunds', '99999999999.00');
      set(14, 'seller_uscc', 'ABC');
      set(15, 'seller_uscc', '91510100MA61XXXXXI');
      set(16, 'seller_uscc', '91510100MA61234567');
      set(17, 'seller_uscc', '统一社会信用代码统一社会信用代码统一');
      rows[18] = [...(rows[19] as string[])];
      rows[20] = [...(rows[19] as string[])];
      set(21, 'gmv', '');
      set(22, 'cross_border', '');
      set(23, 'goods_or_service', 'thing');
      const out = join(dir, 'bad.csv');
      writeFileSync(out, `${[header, ...rows].map((r) => r.join(',')).join('\n')}\n`);
      return out;
    }

    it('writes the same error file as DuckDB, line for line, and refuses the feed on both', async () => {
      const bad = badFeed();
      const d = await ecmon('duck', [
        'ingest',
        'feed',
        bad,
        '--platform',
        'sim-mall',
        '--period',
        PERIOD,
        '--errors',
        join(dir, 'errors-duck.csv'),
      ]);
      const c = await ecmon('ch', [
        'ingest',
        'feed',
        bad,
        '--platform',
        'sim-mall',
        '--period',
        PERIOD,
        '--errors',
        join(dir, 'errors-ch.csv'),
      ]);
      expect([c.code, d.code]).toEqual([1, 1]);
      expect(c.stderr).toContain('23 行有错误（共 40 行），未写入任何数据');
      expect(d.stderr).toContain('23 行有错误（共 40 行），未写入任何数据');
      const duckErrors = readFileSync(join(dir, 'errors-duck.csv'), 'utf8');
      expect(readFileSync(join(dir, 'errors-ch.csv'), 'utf8')).toBe(duckErrors);
      const rules = new Set(
        duckErrors
          .trim()
          .split('\n')
          .slice(1)
          .map((l) => l.split(',')[4]),
      );
      expect([...rules].sort()).toEqual(
        [
          'area',
          'category_kind',
          'code',
          'duplicate',
          'negative',
          'period_format',
          'period_outside',
          'platform',
          'refunds_above_gmv',
          'required',
          'type',
          'uscc',
        ].sort(),
      );
      expect(duckErrors).toContain(`${bad},21,store_id,`);
      expect(duckErrors).toContain('（首次出现在第 20 行）');
      await sameAnswers();
    }, 240_000);

    it('quarantines the same rows as DuckDB and gives the same answers', async () => {
      const bad = join(dir, 'bad.csv');
      const r = await ingestBoth(bad, ['--on-error', 'quarantine', '--max-error-rate', '1']);
      expect(r.ch.code, r.ch.stderr).toBe(0);
      expect(r.ch.stdout).toContain('读取 40 行，入库 17 行，隔离 23 行');
      expect(r.duck.stdout).toContain('读取 40 行，入库 17 行，隔离 23 行');
      await sameAnswers();
      const quarantined = async (db: string) => {
        const store = await openStore(db, '');
        try {
          return await store.driver.query(
            `SELECT q.line, q.column_name, q.value, q.rule, q.message, q.raw, b.period
           FROM feed_quarantine q LEFT JOIN batches b ON b.id = q.batch_id ORDER BY q.line, q.rule, q.column_name`,
          );
        } finally {
          await store.close();
        }
      };
      const fromCh = await quarantined(pgUrl);
      expect(fromCh).toHaveLength(24);
      expect(fromCh).toEqual(await quarantined(duckFile));
    }, 240_000);

    it('catches up ClickHouse with PostgreSQL’s committed loads (a process killed between commit and switch)', async () => {
      const before = await clickhouseGrid();
      // As if the switch after the last commit never happened: ClickHouse names an earlier load again.
      const [old] = await ch.query<{ load_id: string }>(
        "SELECT load_id FROM feed_versions WHERE load_id <> '' ORDER BY version LIMIT 1",
      );
      await ch.query(`INSERT INTO feed_versions VALUES ('sim-mall', $1, $2, ${Date.now() * 1000 + 999})`, [
        PERIOD,
        old?.load_id as string,
      ]);
      expect(await clickhouseGrid()).not.toEqual(before);
      const store = await openStore(pgUrl, chUrl);
      try {
        await store.analytics?.reconcile(store.driver);
      } finally {
        await store.close();
      }
      expect(await clickhouseGrid()).toEqual(before);
    }, 60_000);

    it('keeps the previous answers and rows in force when the ingest is killed with SIGKILL at any phase', async () => {
      const big = await feed('big.csv', 300_000, 4);
      const answers = async () =>
        (await ecmon('ch', ['indicators', '--period', PERIOD, '--format', 'json'])).stdout;
      const beforeAnswers = await answers();
      const beforeGrid = await clickhouseGrid();
      for (const phase of ['读取', '校验', '提交']) {
        const signal = await new Promise<NodeJS.Signals | null>((resolve) => {
          const child = spawn('node', ['bin/ecmon.js', 'ingest', 'feed', big, '--platform', 'sim-mall'], {
            env: envOf('ch'),
            stdio: ['ignore', 'ignore', 'pipe'],
          });
          let err = '';
          child.stderr.on('data', (b: Buffer) => {
            err += b.toString();
            if (err.includes(phase)) child.kill('SIGKILL');
          });
          child.on('exit', (_code, sig) => resolve(sig));
        });
        expect([phase, signal]).toEqual([phase, 'SIGKILL']);
        expect(await answers()).toBe(beforeAnswers);
        expect(await clickhouseGrid()).toEqual(beforeGrid);
      }
    }, 300_000);

    it('follows a rollback on PostgreSQL: the replaced load’s rows are in force again', async () => {
      const live = chIds[chIds.length - 1] as string;
      const duckLive = duckIds[duckIds.length - 1] as string;
      const before = await clickhouseGrid();
      const [c, d] = await Promise.all([
        ecmon('ch', ['feeds', 'rollback', live]),
        ecmon('duck', ['feeds', 'rollback', duckLive]),
      ]);
      expect([c.code, d.code], c.stderr + d.stderr).toEqual([0, 0]);
      expect(c.stdout).toContain(`已回滚 ${live}`);
      await sameAnswers();
      expect(await clickhouseGrid()).not.toEqual(before);
      await gridIsObserved();
    }, 120_000);
  },
);
