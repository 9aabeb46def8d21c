/**
 * The sidecar `<file>.meta.json` that labels a generated feed as simulated. The ingester reads it and
 * marks the batch simulated; amounts are exact 元 strings.
 */
import { writeFile } from 'node:fs/promises';
import type { FeedTotals } from './feed-rows.js';
import { centsToYuan } from './simulated-totals.js';

export interface FeedMeta {
  simulated: true;
  generator: 'ecmon demo generate';
  seed: number;
  period: string;
  /** The platform generated, or null for all simulated platforms. */
  platform: string | null;
  rows: number;
  format: string;
  encoding: string;
  /** ISO 8601 time of generation. */
  created: string;
  amountUnit: '元';
  totals: {
    transactionVolume: string;
    refunds: string;
    onlineRetail: string;
    onlineRetailGoods: string;
    onlineRetailServices: string;
    crossBorder: string;
    liveStream: string;
    orders: number;
  };
}

export function metaFileOf(file: string): string {
  return `${file}.meta.json`;
}

export function feedMeta(
  fields: Pick<FeedMeta, 'seed' | 'period' | 'platform' | 'rows' | 'format' | 'encoding'>,
  totals: FeedTotals,
  created: Date,
): FeedMeta {
  return {
    simulated: true,
    generator: 'ecmon demo generate',
    ...fields,
    created: created.toISOString(),
    amountUnit: '元',
    totals: {
      transactionVolume: centsToYuan(totals.transactionVolume),
      refunds: centsToYuan(totals.refunds),
      onlineRetail: centsToYuan(totals.onlineRetail),
      onlineRetailGoods: centsToYuan(totals.onlineRetailGoods),
      onlineRetailServices: centsToYuan(totals.onlineRetailServices),
      crossBorder: centsToYuan(totals.crossBorder),
      liveStream: centsToYuan(totals.liveStream),
      orders: totals.orders,
    },
  };
}

export async function writeFeedMeta(file: string, meta: FeedMeta): Promise<string> {
  const path = metaFileOf(file);
  await writeFile(path, `${JSON.stringify(meta, null, 2)}\n`);
  return path;
}
