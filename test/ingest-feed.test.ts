import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listFeedBatches, rollbackFeedBatch, showFeedBatch } from '../src/ingest/feed/feed-batches.js';
import { FEED_COLUMNS } from '../src/ingest/feed/feed-columns.js';
import { FeedRejectedError, type IngestFeedOptions, ingestFeed } from '../src/ingest/feed/ingest-feed.js';
import { generateFeed } from '../src/ingest/generate/generate-feed.js';
import { PLATFORM_CODES } from '../src/ingest/generate/platforms.js';
import { simulatedAnnualTotals } from '../src/ingest/generate/simulated-totals.js';
import { loadPlan } from '../src/plan/load-plan.js';
import { queryObservations } from '../src/store/observation-repository.js';
import type { Store } from '../src/store/open-store.js';
import { savePlan } from '../src/store/plan-repository.js';
import { engines, freshStore } from './support/engines.js';
import { feedRow, USCC, USCC_FIRST17 } from './support/feed-rows.js';

const BY = { actor: 'tester', reason: '数值有误' };

const PLAN_FILE = 'plans/chengdu-ec-2021-2025.yaml';
const plan = loadPlan(PLAN_FILE);
const dir = mkdtempSync(join(tmpdir(), 'ecmon-feed-'));
let seq = 0;

function csv(lines: string[], name = `f${++seq}.csv`): string {
  const p = join(dir, name);
  writeFileSync(p, `${FEED_COLUMNS.join(',')}\n${lines.join('\n')}\n`);
  return p;
}

async function rejected(p: Promise<unknown>): Promise<FeedRejectedError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof FeedRejectedError) return e;
    throw e;
  }
  throw new Error('expected the feed to be rejected');
}

/** Sum in 元 (exact, as a string of cents) of root-area monthly values of a measure. */
async function rootTotal(store: Store, measure: string, period?: string, platform = ''): Promise<string> {
  const rows = await queryObservations(store.driver, {
    measure,
    area: plan.root_area,
    ...(period ? { period } : {}),
    breakdown: platform ? { platform } : {},
  });
  const cents = rows
    .filter((r) => (r.breakdown.platform ?? '') === platform && Object.keys(r.breakdown).length <= 1)
    .reduce((s, r) => s + BigInt(Math.round(Number(r.given_value) * 100)), 0n);
  return (Number(cents) / 100).toFixed(2);
}

describe.each(engines())('ingesting platform feeds on $engine', (target) => {
  let store: Store;
  const ingest = (file: string, opts: Partial<IngestFeedOptions> = {}) =>
    ingestFeed(store, plan, file, { platform: 'sim-mall', ...opts });

  beforeAll(async () => {
    store = (await freshStore(target)).store;
    await savePlan(store.driver, store.dialect, plan, PLAN_FILE);
  });
  afterAll(async () => {
    await store.close();
    await target.cleanup();
  });

  describe('each validation rule reports file:line: column=value — rule and writes nothing', () => {
    const cases: [string, string[], string, Partial<IngestFeedOptions>?][] = [
      [
        'a bad amount',
        [feedRow('S1'), feedRow('S2', { gmv: 'abc' })],
        '3: gmv=abc — 不是有效金额（元：整数部分最多 16 位，最多两位非零小数，不带千分位逗号、指数或单位，如 1234.56）',
      ],
      [
        'an amount in exponent notation (refused by every engine alike)',
        [feedRow('S1', { gmv: '1e3' })],
        '2: gmv=1e3 — 不是有效金额（元：整数部分最多 16 位，最多两位非零小数，不带千分位逗号、指数或单位，如 1234.56）',
      ],
      [
        'an amount beyond 16 integer digits',
        [feedRow('S1', { gmv: '12345678901234567.00' })],
        '2: gmv=12345678901234567.00 — 不是有效金额（元：整数部分最多 16 位，最多两位非零小数，不带千分位逗号、指数或单位，如 1234.56）',
      ],
      [
        'a bad flag',
        [feedRow('S2', { is_live: 'yes' })],
        '2: is_live=yes — 不是有效标志（应为 0/1 或 true/false）',
      ],
      [
        'a bad order count',
        [feedRow('S2', { orders: '1.5' })],
        '2: orders=1.5 — 不是有效整数（最多 18 位，不带千分位逗号或指数）',
      ],
      ['an empty required field', [feedRow('S1'), feedRow('')], '3: store_id= — 必填项为空'],
      [
        'an unknown area code',
        [feedRow('S1', { seller_area: '510199' })],
        '2: seller_area=510199 — 未知区划代码（不是本计划的下级区划）',
      ],
      [
        'the root area as seller area',
        [feedRow('S1', { seller_area: '510100' })],
        '2: seller_area=510100 — 未知区划代码（不是本计划的下级区划）',
      ],
      [
        'an unknown trade mode',
        [feedRow('S1', { trade_mode: 'B2G' })],
        '2: trade_mode=B2G — 未知编码（可用：B2B、B2C、C2C）',
      ],
      [
        'an unknown cross-border mode',
        [feedRow('S1', { cross_border: '9999' })],
        '2: cross_border=9999 — 未知编码（可用：none、9610、9710、9810、1210）',
      ],
      [
        'an unknown category',
        [feedRow('S1', { category: 'pets' })],
        '2: category=pets — 未知编码（可用：apparel、footwear、food、agri_products、beverages_liquor、electronics、home_furnishing、beauty、books、industrial_goods、raw_materials、catering、travel_hotel、health_medical、education、local_services、entertainment）',
      ],
      [
        'an unknown goods/service code',
        [feedRow('S1', { goods_or_service: 'both' })],
        '2: goods_or_service=both — 未知编码（可用：goods、service）',
      ],
      [
        'a goods/service code that disagrees with the category',
        [feedRow('S1', { goods_or_service: 'service' })],
        '2: goods_or_service=service — 与品类的实物/服务类型不符（品类 food 为 goods）',
      ],
      [
        'a negative amount',
        [feedRow('S1', { gmv: '-1.00', refunds: '0.00' })],
        '2: gmv=-1.00 — 金额或订单数不能为负',
      ],
      [
        'refunds above GMV',
        [feedRow('S1', { refunds: '200.00' })],
        '2: refunds=200.00 — 退款额大于成交额（gmv=100.00）',
      ],
      [
        'a month that is not YYYY-MM',
        [feedRow('S1', { period: '2021-13' })],
        '2: period=2021-13 — 期间应为 YYYY-MM 格式的月份',
      ],
      [
        'a month outside the batch',
        [feedRow('S1'), feedRow('S2', { period: '2021-04' })],
        '3: period=2021-04 — 期间不在本批次内（--period 2021-03）',
        { period: '2021-03' },
      ],
      [
        'another platform',
        [feedRow('S1', { platform: 'sim-b2b' })],
        '2: platform=sim-b2b — 平台与 --platform 不符（--platform sim-mall）',
      ],
      [
        'a duplicate store × category',
        [feedRow('S1'), feedRow('S2'), feedRow('S1')],
        '4: store_id=S1 × food — 店铺 × 品类在同一平台同一期间重复（首次出现在第 2 行）',
      ],
      [
        'a bad USCC check character',
        [feedRow('S1', { seller_uscc: `${USCC_FIRST17}0` })],
        `2: seller_uscc=${USCC_FIRST17}0 — 统一社会信用代码校验位错误：应为 ${USCC[17]}`,
      ],
      [
        'a short USCC',
        [feedRow('S1', { seller_uscc: '91510104' })],
        '2: seller_uscc=91510104 — 统一社会信用代码应为18位，实际为8位',
      ],
    ];
    it.each(cases)('%s', async (_name, lines, expected, opts) => {
      const f = csv(lines);
      const e = await rejected(ingest(f, opts));
      expect(e.errors.first).toContain(`${f}:${expected}`);
      expect(readFileSync(`${f}.errors.csv`, 'utf8')).toContain(`${f}:${expected}`);
      expect(await listFeedBatches(store)).toEqual([]);
    });

    it('a record with missing fields, on the line it is on', async () => {
      const f = csv([feedRow('S1'), '2021-03,sim-mall,S2,510104', feedRow('S3')]);
      // Every engine: the file is refused before it is read, naming the line.
      await expect(ingest(f)).rejects.toThrow(
        `${f}:3: 字段数与表头不符（应为 17 列，实为 4 列）：含逗号的值须用双引号括起`,
      );
      expect(await listFeedBatches(store)).toEqual([]);
    });

    it('a missing column in the header', async () => {
      const p = join(dir, 'noheader.csv');
      writeFileSync(p, `${FEED_COLUMNS.filter((c) => c !== 'refunds').join(',')}\n`);
      await expect(ingest(p)).rejects.toThrow(`${p}:1: refunds — 缺少必需的列`);
    });

    it('every broken line is named, and the file refused whatever the error policy', async () => {
      const f = csv([feedRow('S1'), 'broken,line', feedRow('S3'), feedRow('S4', { gmv: '"x' })]);
      await expect(ingest(f, { onError: 'quarantine' })).rejects.toThrow(
        [
          `${f}:3: 字段数与表头不符（应为 17 列，实为 2 列）：含逗号的值须用双引号括起`,
          `${f}:5: 引号不成对，或字段内含换行（平台数据每条记录占一行）`,
          `${f}: 2 行无法按平台数据格式读取，未写入任何数据`,
        ].join('\n'),
      );
    });
  });

  it('quarantine commits the good rows, keeps the bad ones with reasons and marks the batch partial', async () => {
    const good = Array.from({ length: 9 }, (_, i) => feedRow(`Q${i}`, { platform: 'sim-local' }));
    const f = csv([...good, feedRow('Q9', { platform: 'sim-local', refunds: '300.00' })]);
    const tooStrict = await rejected(
      ingest(f, { platform: 'sim-local', onError: 'quarantine', maxErrorRate: 0.05 }),
    );
    expect(tooStrict.message).toContain('错误行占 10.00%（1 / 10），超过 --max-error-rate 0.05');
    expect(await listFeedBatches(store, { platform: 'sim-local' })).toEqual([]);

    const r = await ingest(f, { platform: 'sim-local', onError: 'quarantine', maxErrorRate: 0.2 });
    expect(r.batches).toMatchObject([
      { period: '2021-03', rows: 9, rejected: 1, status: 'published', partial: true },
    ]);
    const q = await store.driver.query(
      'SELECT line, column_name, value, rule, batch_id, raw FROM feed_quarantine',
    );
    expect(q).toEqual([
      {
        line: expect.anything(),
        column_name: 'refunds',
        value: '300.00',
        rule: 'refunds_above_gmv',
        batch_id: r.batches[0]?.id,
        raw: expect.stringContaining('Q9'),
      },
    ]);
    expect(Number(q[0]?.line)).toBe(11);
    // 9 rows × (100 − 10) 元 of B2C goods
    expect(await rootTotal(store, 'online_retail_sales', '2021-03', 'sim-local')).toBe('810.00');
    const rollback = await rollbackFeedBatch(store, plan, r.batches[0]?.id as string, BY);
    expect(rollback).toBeNull();
  });

  it('re-delivering a platform × month replaces its batch, keeps both records, and rollback restores the first', async () => {
    const a = await ingest(csv([feedRow('R1'), feedRow('R2')]), { period: '2021-03' });
    expect(await rootTotal(store, 'ec_transaction_volume', '2021-03')).toBe('200.00');
    const b = await ingest(csv([feedRow('R1', { gmv: '500.00' })]), { period: '2021-03' });
    const [batchA, batchB] = [a.batches[0], b.batches[0]];
    expect(batchB?.replaces).toBe(batchA?.id);
    expect(await rootTotal(store, 'ec_transaction_volume', '2021-03')).toBe('500.00');
    const list = await listFeedBatches(store, { platform: 'sim-mall', period: '2021-03' });
    expect(list.map((x) => [x.id, x.status])).toEqual([
      [batchA?.id, 'superseded'],
      [batchB?.id, 'published'],
    ]);
    const obs = await queryObservations(store.driver, {
      measure: 'ec_transaction_volume',
      area: '510104',
      period: '2021-03',
    });
    expect(obs[0]).toMatchObject({ batch_id: batchB?.id, source: '平台数据' });
    const history = await store.driver.query(
      `SELECT count(*) AS n FROM observation_history WHERE batch_id = $1`,
      [batchA?.id as string],
    );
    expect(Number(history[0]?.n)).toBeGreaterThan(0);

    expect(await rollbackFeedBatch(store, plan, batchB?.id as string, BY)).toBe(batchA?.id);
    expect(await rootTotal(store, 'ec_transaction_volume', '2021-03')).toBe('200.00');
    const shown = await showFeedBatch(store, plan, batchB?.id as string);
    expect(shown.status).toBe('rolled_back');
    expect(shown.events.map((e) => [e.from, e.to, e.actor, e.reason])).toEqual([
      [null, 'draft', 'system', '1 行'],
      ['draft', 'submitted', 'system', '发布策略：提交即发布'],
      ['submitted', 'approved', 'system', '发布策略：提交即发布'],
      ['approved', 'published', 'system', '发布策略：提交即发布'],
      ['published', 'rolled_back', 'tester', '数值有误'],
    ]);
    await expect(rollbackFeedBatch(store, plan, batchB?.id as string, BY)).rejects.toThrow(
      '只能回滚当前生效的批次',
    );

    expect(await rollbackFeedBatch(store, plan, batchA?.id as string, BY)).toBeNull();
    expect(await rootTotal(store, 'ec_transaction_volume', '2021-03')).toBe('0.00');
  });

  it('reads every format — CSV (UTF-8 and GB18030), Parquet, NDJSON, XLSX — to the same totals', async () => {
    const formats = [
      ['csv', 'utf8'],
      ['csv', 'gb18030'],
      ['parquet', 'utf8'],
      ['ndjson', 'utf8'],
      ['xlsx', 'utf8'],
    ] as const;
    for (const [format, encoding] of formats) {
      const out = join(dir, `gen-${format}-${encoding}.${format}`);
      const g = await generateFeed({
        period: '2022-06',
        rows: 400,
        out,
        platform: 'sim-live',
        format,
        encoding,
      });
      const r = await ingest(out, { platform: 'sim-live', ...(format === 'csv' ? { encoding } : {}) });
      expect(r).toMatchObject({ rows: 400, accepted: 400, simulated: true, format });
      expect(r.encoding).toBe(format === 'csv' ? encoding : null);
      expect(await rootTotal(store, 'ec_transaction_volume', '2022-06', 'sim-live')).toBe(
        (g.totals.transactionVolume / 100).toFixed(2),
      );
      expect(await rootTotal(store, 'live_streaming_ec_volume', '2022-06', 'sim-live')).toBe(
        (g.totals.liveStream / 100).toFixed(2),
      );
    }
    const gbk = join(dir, 'gbk-bad.csv');
    writeFileSync(
      gbk,
      iconv.encode(`${FEED_COLUMNS.join(',')}\n${feedRow('G1', { seller_area: '锦江区' })}\n`, 'gb18030'),
    );
    const e = await rejected(ingest(gbk));
    expect(e.errors.first).toEqual([`${gbk}:2: seller_area=锦江区 — 未知区划代码（不是本计划的下级区划）`]);
  });

  it('derives the calibrated 2020 totals from five platforms’ feeds, with domain, platform and category breakdowns', async () => {
    for (const platform of PLATFORM_CODES) {
      const out = join(dir, `2020-${platform}.csv`);
      await generateFeed({ period: '2020', rows: 2000, out, platform });
      const r = await ingest(out, { platform });
      expect(r.batches).toHaveLength(12);
    }
    const t = simulatedAnnualTotals(2020);
    const yuan = (cents: number): string => (cents / 100).toFixed(2);
    const sum = async (measure: string): Promise<string> => {
      const rows = await queryObservations(store.driver, { measure, area: plan.root_area });
      const cents = rows
        .filter((r) => r.period.startsWith('2020-'))
        .reduce((s, r) => s + BigInt(Math.round(Number(r.given_value) * 100)), 0n);
      return (Number(cents) / 100).toFixed(2);
    };
    expect(await sum('ec_transaction_volume')).toBe(yuan(t.transactionVolume)); // 22637.5亿元
    expect(await sum('online_retail_sales')).toBe(yuan(t.onlineRetail)); // 4129.5亿元
    expect(await sum('physical_goods_online_retail')).toBe(yuan(t.onlineRetailGoods)); // 2618.8亿元
    expect(await sum('service_online_retail')).toBe(yuan(t.onlineRetailServices));
    expect(await sum('cross_border_ec_volume')).toBe(yuan(t.crossBorder)); // 435.8亿元
    expect(await sum('live_streaming_ec_volume')).toBe(yuan(t.liveStream));

    const jan = await queryObservations(store.driver, {
      measure: 'ec_transaction_volume',
      period: '2020-01',
      area: plan.root_area,
      totalsOnly: false,
    });
    const total = jan.find((r) => Object.keys(r.breakdown).length === 0);
    expect(total?.batch_id?.split(',')).toHaveLength(5);
    const platforms = jan.filter((r) => r.breakdown.platform !== undefined);
    expect(new Set(platforms.map((r) => r.breakdown.platform))).toEqual(new Set(PLATFORM_CODES));
    expect(
      jan
        .filter((r) => r.breakdown.domain !== undefined)
        .map((r) => r.breakdown.domain)
        .sort(),
    ).toEqual([...new Set(plan.domain_rules.map((r) => r.domain))].sort());
    const byPlatform = platforms.reduce((s, r) => s + Number(r.given_value), 0);
    expect(byPlatform).toBeCloseTo(Number(total?.given_value), 2);
    const goods = await queryObservations(store.driver, {
      measure: 'physical_goods_online_retail',
      period: '2020-01',
      area: plan.root_area,
      breakdown: { category: 'food' },
    });
    expect(goods).toHaveLength(1);
  });
});
