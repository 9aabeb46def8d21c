/** Small valid feed files for tests: one sim-mall row per store, Chengdu 锦江区, 2021-03 unless told. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { usccCheckChar } from '../../src/domain/uscc.js';
import { FEED_COLUMNS } from '../../src/ingest/feed/feed-columns.js';

export type Cells = Partial<Record<(typeof FEED_COLUMNS)[number], string>>;
/** The first 17 characters of the sellers' 统一社会信用代码, and the code with its GB 32100 check character. */
export const USCC_FIRST17 = '91510104MA6C1234X';
export const USCC = USCC_FIRST17 + (usccCheckChar(USCC_FIRST17) as string);

export function feedRow(store: string, cells: Cells = {}): string {
  const base: Record<string, string> = {
    period: '2021-03',
    platform: 'sim-mall',
    store_id: store,
    seller_area: '510104',
    seller_uscc: USCC,
    category: 'food',
    goods_or_service: 'goods',
    trade_mode: 'B2C',
    is_live: '0',
    is_social: '0',
    is_custom: '0',
    is_rural_seller: '0',
    is_agricultural: '0',
    cross_border: 'none',
    gmv: '100.00',
    orders: '2',
    refunds: '10.00',
    ...cells,
  };
  return FEED_COLUMNS.map((c) => base[c]).join(',');
}

const dir = mkdtempSync(join(tmpdir(), 'ecmon-feed-rows-'));
let seq = 0;

/** Writes a feed CSV of `lines` and returns its path. */
export function feedCsv(lines: readonly string[]): string {
  const p = join(dir, `feed-${++seq}.csv`);
  writeFileSync(p, `${FEED_COLUMNS.join(',')}\n${lines.join('\n')}\n`);
  return p;
}
