/**
 * The largest feed ecmon reads, checked before or while a file is read (docs/feeds.md, "Limits"): a file
 * over a limit is refused with the limit named, before it can exhaust memory or disk.
 */
import { UserError } from '../../domain/user-error.js';

export const FEED_LIMITS = {
  /** Bytes of the file as delivered. */
  fileBytes: 8 * 1024 ** 3,
  /** Data rows (lines below the header). */
  rows: 50_000_000,
  /** Fields of a record (the feed has 13 columns; a few unknown ones are reported by name). */
  columns: 64,
  /** Bytes of one field (UTF-8). */
  cellBytes: 4096,
  /** Bytes of one NDJSON line (as many as a CSV record of 64 full fields). */
  lineBytes: 64 * 4096,
  /** XLSX: sheet rows, as declared by `<dimension>` or numbered on a row (Excel's own maximum). */
  xlsxRows: 1_048_576,
  /** XLSX: bytes of all parts once decompressed. */
  xlsxUnzippedBytes: 512 * 1024 ** 2,
  /** XLSX: bytes of the shared-string table once decompressed (it is held in memory while reading). */
  xlsxSharedStringBytes: 64 * 1024 ** 2,
} as const;

export type FeedLimit = keyof typeof FEED_LIMITS;

const NAMES: Readonly<Record<FeedLimit, string>> = {
  fileBytes: '文件大小',
  rows: '数据行数',
  columns: '每行字段数',
  cellBytes: '单个字段的字节数',
  lineBytes: '每行的字节数',
  xlsxRows: 'XLSX 工作表行数',
  xlsxUnzippedBytes: 'XLSX 解压后的大小',
  xlsxSharedStringBytes: 'XLSX 共享字符串表解压后的大小',
};

const fmt = (n: number): string => n.toLocaleString('en-US');

/** The error for `actual` over limit `limit` at `place`. */
export function overLimit(place: string, limit: FeedLimit, actual: number | string): UserError {
  return new UserError({
    place,
    value: typeof actual === 'number' ? fmt(actual) : actual,
    message: `${NAMES[limit]}超过上限 ${fmt(FEED_LIMITS[limit])}`,
    hint: '拆分为多个文件后分别导入（平台数据可按月份拆分），大文件请用 CSV 或 Parquet',
  });
}
