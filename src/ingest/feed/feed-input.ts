import type { FeedFormat } from '../generate/generate-options.js';
import type { TextEncoding } from '../read-text-file.js';

export { FEED_FORMATS, type FeedFormat } from '../generate/generate-options.js';

/** A feed file made ready for the engine (converted to a temporary file when the engine cannot read it). */
export interface FeedInput {
  /** The file as the user named it: the place in every error line. */
  file: string;
  format: FeedFormat;
  /** CSV only: the encoding declared or detected. */
  encoding: TextEncoding | null;
  /** What the engine reads: `file` itself or a converted temporary file. */
  path: string;
  readAs: 'csv' | 'parquet' | 'ndjson';
  /** Column names in file order (CSV and XLSX header, Parquet schema); all feed columns for NDJSON. */
  columns: string[];
  /** The line (Parquet: row) number of the first data row: 2 below a header line, else 1. */
  firstLine: number;
}

/** Reports how far the engine got loading a file: rows, or bytes sent (PostgreSQL's COPY); `total` when known. */
export type RowsCallback = (done: number, total: number | null, unit?: 'rows' | 'bytes') => void;
