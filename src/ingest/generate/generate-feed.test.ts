import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isValidUscc } from '../../domain/uscc.js';
import {
  CATEGORIES,
  CROSS_BORDER_MODES,
  FEED_COLUMNS,
  type FeedColumn,
  TRADE_MODES,
} from '../../feed-format/feed-schema.js';
import { columnarToCsv, parquetColumnNames } from '../../store/columnar-files.js';
import { cellTotals, selectCells } from './budget-cells.js';
import { generateFeed } from './generate-feed.js';
import { PLATFORM_CODES } from './platforms.js';
import { SELLER_AREAS } from './seller-areas.js';
import { type CalibratedTotals, MONTH_WEIGHTS_PER_MILLE, simulatedAnnualTotals } from './simulated-totals.js';

type PlainRow = Record<FeedColumn, string>;

function parseFeedCsv(text: string): PlainRow[] {
  const [header, ...lines] = text.split('\n');
  expect(header).toBe(FEED_COLUMNS.join(','));
  return lines
    .filter((l) => l !== '')
    .map((l) => {
      const cells = l.split(',');
      return Object.fromEntries(FEED_COLUMNS.map((c, i) => [c, cells[i] ?? ''])) as PlainRow;
    });
}

/** "123.45" → 12345 exactly. */
function cents(s: string): number {
  const m = /^(\d+)\.(\d{2})$/.exec(s);
  if (!m) throw new Error(`not an amount with two decimals: ${s}`);
  return Number(m[1]) * 100 + Number(m[2]);
}

/** The calibrated totals as the plan's feed rules define them. */
function sumRows(rows: readonly PlainRow[]): CalibratedTotals {
  const t = {
    transactionVolume: 0,
    onlineRetail: 0,
    onlineRetailGoods: 0,
    onlineRetailServices: 0,
    crossBorder: 0,
    liveStream: 0,
  };
  for (const r of rows) {
    const gmv = cents(r.gmv);
    const net = gmv - cents(r.refunds);
    t.transactionVolume += gmv;
    if (r.cross_border !== 'none') t.crossBorder += gmv;
    if (r.trade_mode === 'B2B') continue;
    t.onlineRetail += net;
    if (r.goods_or_service === 'goods') t.onlineRetailGoods += net;
    else t.onlineRetailServices += net;
    if (r.is_live === '1') t.liveStream += net;
  }
  return t;
}

/** Rows as comparable strings: amounts with two decimals, no USCC as "". */
function canonical(values: readonly unknown[]): string {
  return values
    .map((v, i) => {
      const column = FEED_COLUMNS[i];
      if (v === null || v === undefined) return '';
      if ((column === 'gmv' || column === 'refunds') && typeof v === 'number') return v.toFixed(2);
      return String(v);
    })
    .join(',');
}

let dir = '';
let yearRows: PlainRow[] = [];
const annual = () => join(dir, 'annual-2020.csv');

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ecmon-generate-'));
  await generateFeed({ period: '2020', rows: 12_000, out: annual() });
  yearRows = parseFeedCsv(await readFile(annual(), 'utf8'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('calibration', () => {
  it('a full 2020 feed of all platforms reproduces the plan’s published figures to the cent', () => {
    expect(yearRows).toHaveLength(12_000);
    const totals = sumRows(yearRows);
    expect(totals).toEqual(simulatedAnnualTotals(2020));
    expect(totals.transactionVolume).toBe(2_263_750_000_000_00); // 22637.5亿元
    expect(totals.onlineRetail).toBe(412_950_000_000_00); // 4129.5亿元
    expect(totals.onlineRetailGoods).toBe(261_880_000_000_00); // 2618.8亿元
    expect(totals.onlineRetailServices).toBe(151_070_000_000_00); // 1510.7亿元
    expect(totals.crossBorder).toBe(43_582_000_000_00); // 435.82亿元 (专栏4)
    expect(totals.liveStream).toBe(10_260_000_000_00); // 102.6亿元: "超过百亿"
  });

  it('stays exact whatever the number of rows, and in later years', async () => {
    const out = join(dir, 'small-2023.csv');
    const result = await generateFeed({ period: '2023', rows: 700, out, seed: 7 });
    const totals = sumRows(parseFeedCsv(await readFile(out, 'utf8')));
    expect(totals).toEqual(simulatedAnnualTotals(2023));
    expect(result.totals).toMatchObject(totals);
  });

  it('one platform’s feed carries that platform’s cells only, and its share of each total', async () => {
    const out = join(dir, 'mall.csv');
    await generateFeed({ period: '2020', rows: 3_000, out, platform: 'sim-mall' });
    const rows = parseFeedCsv(await readFile(out, 'utf8'));
    expect(new Set(rows.map((r) => r.platform))).toEqual(new Set(['sim-mall']));
    const { refunds: _refunds, ...expected } = cellTotals(selectCells(2020, null, 'sim-mall'));
    expect(sumRows(rows)).toEqual(expected);
    // sim-mall is the general retailer: most of the goods retail, a small part of the B2B volume.
    const year = simulatedAnnualTotals(2020);
    expect(expected.onlineRetailGoods / year.onlineRetailGoods).toBeCloseTo(0.67, 2);
    expect(expected.transactionVolume / year.transactionVolume).toBeCloseTo(0.21, 2);
  });

  it('one month’s feed is the year’s totals times the month’s seasonal weight', async () => {
    const out = join(dir, 'nov.csv');
    await generateFeed({ period: '2020-11', rows: 2_000, out });
    const rows = parseFeedCsv(await readFile(out, 'utf8'));
    expect(new Set(rows.map((r) => r.period))).toEqual(new Set(['2020-11']));
    expect(new Set(rows.map((r) => r.platform))).toEqual(new Set(PLATFORM_CODES));
    const totals = sumRows(rows);
    const { refunds: _refunds, ...expected } = cellTotals(selectCells(2020, 11, null));
    expect(totals).toEqual(expected);
    const year = simulatedAnnualTotals(2020);
    for (const key of Object.keys(year) as (keyof CalibratedTotals)[]) {
      expect(Math.abs(totals[key] - (year[key] * 120) / 1000)).toBeLessThan(100); // within 1元
    }
  });
});

describe('shape of the data', () => {
  it('has 618 and 双11 peaks and a Spring Festival dip: November > June > average > February', () => {
    const byMonth = new Map<string, number>();
    for (const r of yearRows) byMonth.set(r.period, (byMonth.get(r.period) ?? 0) + cents(r.gmv));
    const month = (m: string) => byMonth.get(`2020-${m}`) as number;
    const average = simulatedAnnualTotals(2020).transactionVolume / 12;
    expect(month('11')).toBeGreaterThan(month('06'));
    expect(month('06')).toBeGreaterThan(average);
    expect(average).toBeGreaterThan(month('02'));
    expect(MONTH_WEIGHTS_PER_MILLE.reduce((a, b) => a + b, 0)).toBe(1000);
  });

  it('has no duplicate store × category rows within a platform and month', () => {
    const keys = new Set(yearRows.map((r) => `${r.platform}|${r.period}|${r.store_id}|${r.category}`));
    expect(keys.size).toBe(yearRows.length);
  });

  it('keeps refunds within gmv and every value within its coded list', () => {
    const areas = new Set(SELLER_AREAS.map((a) => a.code));
    const kinds = new Map(CATEGORIES.map((c) => [c.code, c.kind]));
    expect(areas.size).toBe(23);
    for (const r of yearRows) {
      expect(cents(r.refunds)).toBeLessThanOrEqual(cents(r.gmv));
      expect(areas.has(r.seller_area)).toBe(true);
      expect(kinds.get(r.category)).toBe(r.goods_or_service);
      expect(TRADE_MODES).toContain(r.trade_mode);
      expect(CROSS_BORDER_MODES).toContain(r.cross_border);
      for (const flag of [r.is_live, r.is_social, r.is_custom, r.is_rural_seller, r.is_agricultural]) {
        expect(['0', '1']).toContain(flag);
      }
      if (r.seller_uscc !== '') expect(isValidUscc(r.seller_uscc)).toBe(true);
      if (r.trade_mode === 'C2C') expect(r.seller_uscc).toBe('');
      if (r.trade_mode === 'B2B') expect(r.seller_uscc).not.toBe('');
      if (r.cross_border === '9610' || r.cross_border === '1210') expect(r.trade_mode).toBe('B2C');
      if (r.cross_border === '9710' || r.cross_border === '9810') expect(r.trade_mode).toBe('B2B');
      expect(Number.isInteger(Number(r.orders))).toBe(true);
    }
  });

  it('makes store sizes heavy-tailed and core districts heavier than outer counties', () => {
    const gmv = yearRows.map((r) => cents(r.gmv)).sort((a, b) => b - a);
    const top1 = gmv.slice(0, gmv.length / 100).reduce((a, b) => a + b, 0);
    expect(top1 / simulatedAnnualTotals(2020).transactionVolume).toBeGreaterThan(0.2);
    const count = (code: string) => yearRows.filter((r) => r.seller_area === code).length;
    expect(count('510107')).toBeGreaterThan(count('510131')); // 武侯区 > 蒲江县
    expect(count('510173')).toBeGreaterThan(count('510129')); // 高新区 > 大邑县
  });
});

describe('determinism', () => {
  it('writes byte-identical files for the same seed and different ones for another seed', async () => {
    const a = join(dir, 'a.csv');
    const b = join(dir, 'b.csv');
    const c = join(dir, 'c.csv');
    await generateFeed({ period: '2021-06', rows: 2_000, out: a, seed: 42 });
    await generateFeed({ period: '2021-06', rows: 2_000, out: b, seed: 42 });
    await generateFeed({ period: '2021-06', rows: 2_000, out: c, seed: 43 });
    const [bytesA, bytesB, bytesC] = await Promise.all([readFile(a), readFile(b), readFile(c)]);
    expect(bytesA.equals(bytesB)).toBe(true);
    expect(bytesA.equals(bytesC)).toBe(false);
  });

  it('labels every file simulated in a sidecar meta.json', async () => {
    const meta = JSON.parse(await readFile(`${annual()}.meta.json`, 'utf8'));
    expect(meta).toMatchObject({
      simulated: true,
      generator: 'ecmon demo generate',
      seed: 20211221,
      period: '2020',
      platform: null,
      rows: 12_000,
      format: 'csv',
      amountUnit: '元',
      totals: {
        transactionVolume: '2263750000000.00',
        onlineRetail: '412950000000.00',
        crossBorder: '43582000000.00',
      },
    });
  });
});

describe('formats', () => {
  const options = { period: '2020-02', rows: 2_000, seed: 5 } as const;
  let reference: string[] = [];

  beforeAll(async () => {
    const out = join(dir, 'ref.csv');
    await generateFeed({ ...options, out });
    reference = (await readFile(out, 'utf8')).split('\n').slice(1, -1);
  });

  it('NDJSON carries the same rows, with amounts as JSON numbers', async () => {
    const out = join(dir, 'feed.ndjson');
    const result = await generateFeed({ ...options, out });
    expect(result.format).toBe('ndjson');
    const lines = (await readFile(out, 'utf8')).split('\n').slice(0, -1);
    const first = JSON.parse(lines[0] as string);
    expect(Object.keys(first)).toEqual([...FEED_COLUMNS]);
    expect(typeof first.gmv).toBe('number');
    expect(typeof first.is_live).toBe('number');
    expect(lines.map((l) => canonical(Object.values(JSON.parse(l))))).toEqual(reference);
  });

  it('Parquet carries the same rows (its column types: src/store/duckdb/columnar-files.test.ts)', async () => {
    const out = join(dir, 'feed.parquet');
    await generateFeed({ ...options, out });
    expect(await parquetColumnNames(out)).toEqual([...FEED_COLUMNS]);
    const back = join(dir, 'parquet-back.csv');
    await columnarToCsv(out, 'parquet', back, FEED_COLUMNS);
    const lines = (await readFile(back, 'utf8')).split('\n').slice(1, -1);
    expect(lines.map((l) => canonical(l.split(',')))).toEqual(reference);
  });

  it('XLSX carries the same rows, codes as text', async () => {
    const out = join(dir, 'feed.xlsx');
    await generateFeed({ ...options, out });
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(out);
    const sheet = workbook.getWorksheet('feed');
    const rows: string[] = [];
    sheet?.eachRow((row, n) => {
      const values = (row.values as unknown[]).slice(1);
      if (n === 1) expect(values).toEqual([...FEED_COLUMNS]);
      else rows.push(canonical(FEED_COLUMNS.map((_, i) => values[i])));
    });
    expect(rows).toEqual(reference);
  });

  it('GB18030 CSV decodes to exactly the UTF-8 CSV', async () => {
    const utf8 = join(dir, 'ref.csv');
    const gb = join(dir, 'feed-gb.csv');
    await generateFeed({ ...options, out: gb, encoding: 'gb18030' });
    const decoded = iconv.decode(await readFile(gb), 'gb18030');
    expect(decoded).toBe(await readFile(utf8, 'utf8'));
  });
});
