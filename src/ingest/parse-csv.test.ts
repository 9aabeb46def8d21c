import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { parseCsv } from './parse-csv.js';
import { decodeText } from './read-text-file.js';

describe('CSV parsing keeps line and column of every field', () => {
  it('reads quoted fields with commas, quotes and newlines', () => {
    const { records, problems } = parseCsv('a,b,c\n1,"x, ""y""",3\n"multi\nline",5,6\n');
    expect(problems).toEqual([]);
    expect(records.map((r) => r.map((f) => f.text))).toEqual([
      ['a', 'b', 'c'],
      ['1', 'x, "y"', '3'],
      ['multi\nline', '5', '6'],
    ]);
    expect(records[1]?.[2]).toEqual({ text: '3', line: 2, column: 14 });
    expect(records[2]?.[1]).toMatchObject({ text: '5', line: 4, column: 7 });
  });
  it('handles CRLF and skips blank lines', () => {
    const { records } = parseCsv('a,b\r\n\r\n1,2\r\n');
    expect(records.map((r) => r.map((f) => f.text))).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
    expect(records[1]?.[0]?.line).toBe(3);
  });
  it('reports an unclosed quote with its place', () => {
    expect(parseCsv('a\n"open').problems).toEqual([{ line: 2, column: 1, message: '引号未闭合' }]);
  });
});

describe('text decoding', () => {
  it('strips a UTF-8 BOM', () => {
    expect(decodeText(Buffer.from('\uFEFF成都,1', 'utf8')).text).toBe('成都,1');
  });
  it('detects GB18030 (what Excel in China writes)', () => {
    const out = decodeText(iconv.encode('网上零售额,成都市', 'gb18030'));
    expect(out).toEqual({ text: '网上零售额,成都市', encoding: 'gb18030' });
  });
});
