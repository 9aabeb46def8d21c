/**
 * Generates a simulated platform feed: store × month × category rows for one month or a year, all
 * platforms or one, calibrated so the totals reproduce the plan's 2020 figures (and assumed growth
 * after), deterministic from the seed, written as CSV (UTF-8 or GB18030), NDJSON, Parquet or XLSX,
 * with a `<file>.meta.json` sidecar labelling it simulated. Prints nothing; returns what it wrote.
 */
import { rename, rm } from 'node:fs/promises';
import type { FeedFormat } from '../../feed-format/feed-schema.js';
import { selectCells } from './budget-cells.js';
import { feedMeta, writeFeedMeta } from './feed-meta.js';
import { emptyTotals, type FeedRow, type FeedTotals, feedRows } from './feed-rows.js';
import { type GenerateFeedOptions, resolveGenerateOptions } from './generate-options.js';
import { CSV_HEADER, csvLine, ndjsonLine } from './row-format.js';
import { writeParquetFeed } from './write-parquet-feed.js';
import { writeTextFeed } from './write-text-feed.js';
import { writeXlsxFeed } from './write-xlsx-feed.js';

export interface GenerateFeedResult {
  rows: number;
  file: string;
  metaFile: string;
  format: FeedFormat;
  /** Sums of the rows written, in 分 (orders: a count). */
  totals: FeedTotals;
}

/**
 * @example
 * const { rows, totals } = await generateFeed({ period: '2020', rows: 100_000, out: 'feed-2020.csv' });
 * totals.transactionVolume === 226_375_000_000_000 // 22637.5亿元 in 分
 */
export async function generateFeed(opts: GenerateFeedOptions): Promise<GenerateFeedResult> {
  const o = resolveGenerateOptions(opts);
  const totals = emptyTotals();
  const rows: Iterable<FeedRow> = {
    [Symbol.iterator]: () =>
      feedRows({ cells: selectCells(o.year, o.month, o.platform), rows: o.rows, seed: o.seed }, totals),
  };
  const partial = `${o.out}.partial-${process.pid}`;
  try {
    if (o.format === 'csv') await writeTextFeed(partial, CSV_HEADER, rows, csvLine, o.encoding);
    else if (o.format === 'ndjson') await writeTextFeed(partial, '', rows, ndjsonLine);
    else if (o.format === 'parquet') await writeParquetFeed(partial, rows);
    else await writeXlsxFeed(partial, rows);
    await rename(partial, o.out);
  } finally {
    await rm(partial, { force: true });
  }
  const meta = feedMeta(
    {
      seed: o.seed,
      period: o.period,
      platform: o.platform,
      rows: o.rows,
      format: o.format,
      encoding: o.encoding,
    },
    totals,
    new Date(),
  );
  const metaFile = await writeFeedMeta(o.out, meta);
  return { rows: totals.rows, file: o.out, metaFile, format: o.format, totals };
}
