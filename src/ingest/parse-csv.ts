/**
 * A small RFC 4180 CSV parser that remembers where every field came from (line and column), so a bad value
 * can be reported as `file:line:column`. Quoted fields may contain commas, quotes ("") and newlines.
 */
export interface CsvField {
  text: string;
  line: number;
  column: number;
}

export interface CsvProblem {
  line: number;
  column: number;
  message: string;
}

export function parseCsv(text: string): { records: CsvField[][]; problems: CsvProblem[] } {
  const records: CsvField[][] = [];
  const problems: CsvProblem[] = [];
  let record: CsvField[] = [];
  let line = 1;
  let col = 1;
  let i = 0;
  const n = text.length;
  let fieldStartLine = 1;
  let fieldStartCol = 1;
  let atRecordStart = true;
  while (i <= n) {
    fieldStartLine = line;
    fieldStartCol = col;
    let value = '';
    if (text[i] === '"') {
      i++;
      col++;
      let closed = false;
      while (i < n) {
        const ch = text[i] as string;
        if (ch === '"') {
          if (text[i + 1] === '"') {
            value += '"';
            i += 2;
            col += 2;
            continue;
          }
          i++;
          col++;
          closed = true;
          break;
        }
        if (ch === '\n') {
          line++;
          col = 1;
        } else col++;
        value += ch;
        i++;
      }
      if (!closed) problems.push({ line: fieldStartLine, column: fieldStartCol, message: '引号未闭合' });
      while (i < n && text[i] !== ',' && text[i] !== '\n' && text[i] !== '\r') {
        i++;
        col++;
      }
    } else {
      const start = i;
      while (i < n && text[i] !== ',' && text[i] !== '\n' && text[i] !== '\r') i++;
      value = text.slice(start, i);
      col += i - start;
    }
    record.push({ text: value, line: fieldStartLine, column: fieldStartCol });
    atRecordStart = false;
    if (i < n && text[i] === ',') {
      i++;
      col++;
      continue;
    }
    // end of record
    if (text[i] === '\r') i++;
    if (text[i] === '\n') i++;
    const blank = record.length === 1 && record[0]?.text === '';
    if (!blank) records.push(record);
    record = [];
    line++;
    col = 1;
    atRecordStart = true;
    if (i >= n) break;
  }
  if (!atRecordStart && record.length) records.push(record);
  return { records, problems };
}
