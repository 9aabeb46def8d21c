/**
 * Parquet output: the rows go to a temporary CSV beside the target, which is converted with the feed
 * format's column kinds (no sniffing); the temporary file is removed whatever happens.
 */
import { rm } from 'node:fs/promises';
import { COLUMN_KINDS, FEED_COLUMNS } from '../../feed-format/feed-schema.js';
import { csvToParquet } from '../../store/columnar-files.js';
import type { FeedRow } from './feed-rows.js';
import { CSV_HEADER, csvLine } from './row-format.js';
import { writeTextFeed } from './write-text-feed.js';

export async function writeParquetFeed(file: string, rows: Iterable<FeedRow>): Promise<void> {
  const temp = `${file}.tmp-${process.pid}.csv`;
  try {
    await writeTextFeed(temp, CSV_HEADER, rows, csvLine);
    await csvToParquet(
      temp,
      file,
      FEED_COLUMNS.map((c) => [c, COLUMN_KINDS[c]] as const),
    );
  } finally {
    await rm(temp, { force: true });
  }
}
