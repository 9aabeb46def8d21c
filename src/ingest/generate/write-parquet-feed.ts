/**
 * Parquet output: the rows go to a temporary CSV beside the target, DuckDB converts it with explicit
 * column types (no sniffing), and the temporary file is removed whatever happens. Paths are bound as
 * parameters, never spliced into SQL.
 */
import { rm } from 'node:fs/promises';
import { DuckDBInstance } from '@duckdb/node-api';
import type { FeedRow } from './feed-rows.js';
import { FEED_COLUMN_TYPES, FEED_COLUMNS } from './feed-schema.js';
import { CSV_HEADER, csvLine } from './row-format.js';
import { writeTextFeed } from './write-text-feed.js';

const COLUMNS_STRUCT = `{${FEED_COLUMNS.map((c) => `'${c}': '${FEED_COLUMN_TYPES[c]}'`).join(', ')}}`;

const COPY_SQL =
  `COPY (SELECT * FROM read_csv($1, header = true, delim = ',', auto_detect = false, columns = ${COLUMNS_STRUCT}))` +
  ' TO $2 (FORMAT parquet, COMPRESSION zstd)';

export async function writeParquetFeed(file: string, rows: Iterable<FeedRow>): Promise<void> {
  const temp = `${file}.tmp-${process.pid}.csv`;
  try {
    await writeTextFeed(temp, CSV_HEADER, rows, csvLine);
    const instance = await DuckDBInstance.create(':memory:', {
      autoinstall_known_extensions: 'false',
      autoload_known_extensions: 'false',
    });
    try {
      const connection = await instance.connect();
      try {
        await connection.run(COPY_SQL, [temp, file]);
      } finally {
        connection.closeSync();
      }
    } finally {
      instance.closeSync();
    }
  } finally {
    await rm(temp, { force: true });
  }
}
