/**
 * Checks an XLSX file (a zip) against the feed limits before any of it is unpacked: the decompressed sizes
 * its central directory declares, and the `<dimension>` its worksheets declare (read from the first few
 * kilobytes of each sheet). A 15 KB file can declare a row numbered 20,000,000 or expand to gigabytes; both
 * are refused here in milliseconds. Rows numbered beyond the limit without a declaration are refused while
 * streaming (convert-feed-file.ts).
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { constants, inflateRawSync } from 'node:zlib';
import { UserError } from '../../domain/user-error.js';
import { FEED_LIMITS, overLimit } from './feed-limits.js';

interface ZipEntry {
  name: string;
  method: number;
  compressed: number;
  size: number;
  offset: number;
}

function notXlsx(file: string): UserError {
  return new UserError({
    place: file,
    value: '',
    message: '不是可读的 XLSX 文件（zip 目录缺失或损坏）',
    hint: '用 Excel/WPS 另存为 .xlsx 后重试，或导出为 CSV',
  });
}

function read(fd: number, position: number, length: number): Buffer {
  const buf = Buffer.alloc(length);
  const n = readSync(fd, buf, 0, length, position);
  return buf.subarray(0, n);
}

function entries(fd: number, file: string): ZipEntry[] {
  const size = fstatSync(fd).size;
  const tailLength = Math.min(size, 0xffff + 22);
  const tail = read(fd, size - tailLength, tailLength);
  const eocd = tail.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (eocd < 0 || eocd + 22 > tail.length) throw notXlsx(file);
  const count = tail.readUInt16LE(eocd + 10);
  const dirSize = tail.readUInt32LE(eocd + 12);
  const dirOffset = tail.readUInt32LE(eocd + 16);
  const dir = read(fd, dirOffset, dirSize);
  const out: ZipEntry[] = [];
  let p = 0;
  for (let i = 0; i < count; i++) {
    if (p + 46 > dir.length || dir.readUInt32LE(p) !== 0x02014b50) throw notXlsx(file);
    const nameLength = dir.readUInt16LE(p + 28);
    out.push({
      method: dir.readUInt16LE(p + 10),
      compressed: dir.readUInt32LE(p + 20),
      size: dir.readUInt32LE(p + 24),
      offset: dir.readUInt32LE(p + 42),
      name: dir.toString('utf8', p + 46, p + 46 + nameLength),
    });
    p += 46 + nameLength + dir.readUInt16LE(p + 30) + dir.readUInt16LE(p + 32);
  }
  return out;
}

/** The first kilobytes of an entry, decompressed (enough for a sheet's `<dimension>`). */
function head(fd: number, e: ZipEntry): string {
  const local = read(fd, e.offset, 30);
  if (local.length < 30 || local.readUInt32LE(0) !== 0x04034b50) return '';
  const start = e.offset + 30 + local.readUInt16LE(26) + local.readUInt16LE(28);
  const data = read(fd, start, Math.min(e.compressed || 65536, 65536));
  if (e.method === 0) return data.toString('utf8', 0, 16384);
  try {
    return inflateRawSync(data, { finishFlush: constants.Z_SYNC_FLUSH, maxOutputLength: 16384 }).toString(
      'utf8',
    );
  } catch {
    // maxOutputLength reached or a truncated stream: what was inflated is not returned, read less.
    try {
      return inflateRawSync(data.subarray(0, 2048), { finishFlush: constants.Z_SYNC_FLUSH }).toString('utf8');
    } catch {
      return '';
    }
  }
}

/** Column letters (A, Z, AA, …) as a 1-based number. */
function columnNumber(letters: string): number {
  let n = 0;
  for (const ch of letters) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n;
}

/** Throws a UserError naming the limit when `file` would exceed one; a file that is no zip is refused too. */
export function checkXlsxSize(file: string): void {
  const fd = openSync(file, 'r');
  try {
    const all = entries(fd, file);
    let total = 0;
    for (const e of all) {
      // 0xFFFFFFFF: a ZIP64 size, over 4 GB: over every limit.
      total += e.size === 0xffffffff ? Number.MAX_SAFE_INTEGER : e.size;
      if (/sharedStrings\.xml$/i.test(e.name) && e.size > FEED_LIMITS.xlsxSharedStringBytes)
        throw overLimit(`${file}:${e.name}`, 'xlsxSharedStringBytes', e.size);
    }
    if (total > FEED_LIMITS.xlsxUnzippedBytes) throw overLimit(file, 'xlsxUnzippedBytes', total);
    for (const e of all.filter((x) => /^xl\/worksheets\/[^/]+\.xml$/i.test(x.name))) {
      const m = /<(?:\w+:)?dimension\s+ref="[A-Z]*\d*:?([A-Z]+)?(\d+)?"/.exec(head(fd, e));
      if (!m) continue;
      const rows = Number(m[2] ?? 0);
      const columns = m[1] ? columnNumber(m[1]) : 0;
      if (rows > FEED_LIMITS.xlsxRows) throw overLimit(`${file}:${e.name}`, 'xlsxRows', rows);
      if (columns > FEED_LIMITS.columns) throw overLimit(`${file}:${e.name}`, 'columns', columns);
    }
  } finally {
    closeSync(fd);
  }
}
