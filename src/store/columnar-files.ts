/**
 * Parquet and NDJSON file tools for any store: they run on an embedded in-memory engine, so callers need
 * not know which engine holds the data.
 */
export { columnarToCsv, csvToParquet, parquetColumnNames } from './duckdb/columnar-files.js';
