/**
 * One streamed pass over a feed's text (CSV, or NDJSON) before the engine reads it, so every engine gets the
 * same verdict on its shape: each record on one line, as many fields as the header, quotes only around whole
 * fields and in pairs, valid UTF-8 without NUL bytes, fields and lines within the limits. Any broken line
 * refuses the file, with the lines named: a reader that stopped or resynchronised early would otherwise lose
 * rows without a word. Returns the number of data lines, which the rows the engine loads must equal.
 * Lines are found and UTF-8 checked natively (indexOf, isUtf8); only fields are counted byte by byte.
 */
import { isUtf8 } from 'node:buffer';
import { createReadStream } from 'node:fs';
import { type Problem, UserError } from '../../domain/user-error.js';
import { FEED_LIMITS, overLimit } from './feed-limits.js';

const FIRST = 20;
const QUOTE = 0x22;
const COMMA = 0x2c;
const LF = 0x0a;
const CR = 0x0d;

const MESSAGES = {
  fields: (expected: number, actual: number) =>
    `字段数与表头不符（应为 ${expected} 列，实为 ${actual} 列）：含逗号的值须用双引号括起`,
  openQuote: '引号不成对，或字段内含换行（平台数据每条记录占一行）',
  bareQuote: '引号只能括住整个字段（字段内的引号写作两个双引号 ""，并把整个字段用双引号括起）',
  afterQuote: '右引号后应为逗号或行尾',
  cell: `字段超过 ${FEED_LIMITS.cellBytes.toLocaleString('en-US')} 字节的上限`,
  line: `一行超过 ${FEED_LIMITS.lineBytes.toLocaleString('en-US')} 字节的上限`,
  utf8: '不是有效的 UTF-8 文本（整个文件应使用同一编码：UTF-8 或 GB18030）',
  nul: '含 NUL 字符（0x00），不是文本',
} as const;

/** Fields of an unquoted line, or -1 when one is longer than the limit. */
function plainFields(buf: Buffer, start: number, end: number): number {
  let fields = 1;
  let from = start;
  for (let i = start; i < end; i++)
    if (buf[i] === COMMA) {
      if (i - from > FEED_LIMITS.cellBytes) return -1;
      fields++;
      from = i + 1;
    }
  return end - from > FEED_LIMITS.cellBytes ? -1 : fields;
}

/** Fields of a line with quotes, or the message of what is wrong with its quoting. */
function quotedFields(buf: Buffer, start: number, end: number): number | string {
  let fields = 1;
  let i = start;
  while (i <= end) {
    let bytes = 0;
    if (i < end && buf[i] === QUOTE) {
      i++;
      for (;;) {
        if (i >= end) return MESSAGES.openQuote;
        if (buf[i] === QUOTE) {
          if (buf[i + 1] === QUOTE && i + 1 < end) i += 2;
          else break;
        } else i++;
        bytes++;
      }
      i++;
      if (i < end && buf[i] !== COMMA) return MESSAGES.afterQuote;
    } else {
      while (i < end && buf[i] !== COMMA) {
        if (buf[i] === QUOTE) return MESSAGES.bareQuote;
        i++;
        bytes++;
      }
    }
    if (bytes > FEED_LIMITS.cellBytes) return MESSAGES.cell;
    if (i >= end) break;
    fields++;
    i++;
  }
  return fields;
}

/**
 * Scans `path` (UTF-8) and returns its data lines; throws a UserError listing the first broken lines
 * (`file:line`) and their count. `kind` csv: line 1 is the header; ndjson: blank lines are not records.
 */
export async function scanFeedText(path: string, file: string, kind: 'csv' | 'ndjson'): Promise<number> {
  const problems: Problem[] = [];
  let badLines = 0;
  let line = 0;
  let expected = -1;
  let dataLines = 0;
  const fail = (message: string): void => {
    badLines++;
    if (problems.length < FIRST) problems.push({ place: `${file}:${line}`, value: '', message });
  };

  /** Checks the line `buf[start, end)` (its line break excluded): what is wrong with it, or null. */
  const check = (buf: Buffer, start: number, end: number, quote: boolean, nul: boolean): string | null => {
    line++;
    let e = end;
    if (e > start && buf[e - 1] === CR) e--;
    if (nul) return MESSAGES.nul;
    if (kind === 'ndjson') {
      if (e - start > FEED_LIMITS.lineBytes) return MESSAGES.line;
      if (buf.subarray(start, e).toString('latin1').trim() !== '') dataLines++;
    } else {
      if (line > 1) dataLines++;
      const fields = quote ? quotedFields(buf, start, e) : plainFields(buf, start, e);
      if (typeof fields === 'string') return fields;
      if (fields < 0) return MESSAGES.cell;
      if (line === 1) {
        expected = fields;
        if (fields > FEED_LIMITS.columns) throw overLimit(`${file}:1`, 'columns', fields);
      } else if (fields !== expected) return MESSAGES.fields(expected, fields);
    }
    if (dataLines > FEED_LIMITS.rows) throw overLimit(`${file}:${line}`, 'rows', dataLines);
    return null;
  };

  let carry: Buffer | null = null;
  let first = true;
  const scan = (buf: Buffer, last: boolean): Buffer | null => {
    let start = 0;
    if (first) {
      first = false;
      if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) start = 3;
    }
    let nextQuote = -2;
    let nextNul = -2;
    let end = buf.lastIndexOf(LF);
    if (last && end < buf.length - 1) end = buf.length;
    if (end < 0) return buf;
    const utf8 = isUtf8(buf.subarray(start, end));
    while (start < end || (start === end && last && end === buf.length && start < buf.length)) {
      let lf = buf.indexOf(LF, start);
      if (lf < 0 || lf > end) lf = end;
      if (nextQuote !== -1 && nextQuote < start) nextQuote = buf.indexOf(QUOTE, start);
      if (nextNul !== -1 && nextNul < start) nextNul = buf.indexOf(0, start);
      const quote = nextQuote >= 0 && nextQuote < lf;
      if (!utf8 && !isUtf8(buf.subarray(start, lf))) {
        line++;
        fail(MESSAGES.utf8);
      } else {
        const wrong = check(buf, start, lf, quote, nextNul >= 0 && nextNul < lf);
        if (wrong) fail(wrong);
      }
      start = lf + 1;
    }
    return end >= buf.length ? null : buf.subarray(end + 1);
  };

  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
    carry = scan(carry && carry.length > 0 ? Buffer.concat([carry, chunk]) : chunk, false);
    if (carry && carry.length > FEED_LIMITS.lineBytes) {
      line++;
      throw overLimit(`${file}:${line}`, 'lineBytes', carry.length);
    }
  }
  if (carry && carry.length > 0) scan(carry, true);
  if (badLines > 0)
    throw new UserError([
      ...problems,
      {
        place: file,
        value: '',
        message: `${badLines} 行无法按平台数据格式读取${badLines > problems.length ? `（只列出前 ${problems.length} 行）` : ''}，未写入任何数据`,
        hint: '每条记录占一行、字段数与表头相同、含逗号或引号的值用双引号括起（见 docs/feeds.md）',
      },
    ]);
  return dataLines;
}
