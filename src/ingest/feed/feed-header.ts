/**
 * Checks the column names a feed file declares (CSV header, Parquet schema, XLSX first row) against the
 * feed format: every column present once, nothing unknown. Column order is free.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import type { Problem } from '../../domain/user-error.js';
import { FEED_COLUMNS } from './feed-columns.js';

/** The problems with a list of column names; `place` is where the names are (e.g. `feed.csv:1`). */
export function headerProblems(names: readonly string[], place: string): Problem[] {
  const problems: Problem[] = [];
  const seen = new Set<string>();
  const known = new Set<string>(FEED_COLUMNS);
  for (const n of names) {
    if (!known.has(n))
      problems.push({
        place,
        value: n,
        message: '不是平台数据的列名',
        hint: `列名应为：${FEED_COLUMNS.join(',')}（见 docs/feeds.md）`,
      });
    else if (seen.has(n)) problems.push({ place, value: n, message: '列名重复', hint: '每列只能出现一次' });
    seen.add(n);
  }
  const missing = FEED_COLUMNS.filter((c) => !seen.has(c));
  if (missing.length)
    problems.push({
      place,
      value: missing.join(','),
      message: '缺少必需的列',
      hint: '卖家无统一社会信用代码时该列留空，但列本身不能省略',
    });
  return problems;
}

/** The first line of a UTF-8 text file (BOM removed), split on commas, quotes removed. */
export function readCsvHeader(path: string): string[] {
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.alloc(64 * 1024);
    const n = readSync(fd, buf, 0, buf.length, 0);
    let text = buf.subarray(0, n).toString('utf8');
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    const end = text.search(/\r?\n/);
    const line = end < 0 ? text : text.slice(0, end);
    return line.split(',').map((s) => s.trim().replace(/^"(.*)"$/, '$1'));
  } finally {
    closeSync(fd);
  }
}
