import type { FeedFormat } from '../../feed-format/feed-schema.js';
import type { BulkFile } from '../../store/dialect.js';
import type { TextEncoding } from '../read-text-file.js';

export { FEED_FORMATS, type FeedFormat } from '../../feed-format/feed-schema.js';

/** A feed file made ready for the engine (converted to a temporary file when the engine cannot read it). */
export interface FeedInput extends BulkFile {
  format: FeedFormat;
  /** CSV only: the encoding declared or detected. */
  encoding: TextEncoding | null;
  /** Column names in file order (CSV and XLSX header, Parquet schema); all feed columns for NDJSON. */
  columns: string[];
}
