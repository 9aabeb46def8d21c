import { csvField } from '../ingest/csv-field.js';
import type { Row } from '../store/driver.js';

export type Format = 'table' | 'csv' | 'json';

export function toCsv<T extends object>(columns: readonly (keyof T & string)[], rows: readonly T[]): string {
  const lines = [columns.join(',')];
  for (const r of rows) lines.push(columns.map((c) => csvField(r[c])).join(','));
  return `${lines.join('\n')}\n`;
}

/** Display width of a string in a terminal: CJK characters take two columns. */
export function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s)
    w += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(
      ch,
    )
      ? 2
      : 1;
  return w;
}

/** A plain aligned text table; numbers (right-aligned) are detected by `numeric`. */
export function toTable(
  headers: readonly string[],
  rows: readonly (readonly string[])[],
  numeric: readonly boolean[] = [],
): string {
  const widths = headers.map((h, i) =>
    Math.max(displayWidth(h), ...rows.map((r) => displayWidth(r[i] ?? ''))),
  );
  const pad = (s: string, i: number): string => {
    const gap = ' '.repeat((widths[i] ?? 0) - displayWidth(s));
    return numeric[i] ? gap + s : s + gap;
  };
  const line = (cells: readonly string[]): string =>
    cells
      .map((c, i) => pad(c, i))
      .join('  ')
      .trimEnd();
  return `${[line(headers), line(widths.map((w) => '─'.repeat(w))), ...rows.map(line)].join('\n')}\n`;
}

export function parseFormat(v: string, allowed: readonly Format[] = ['table', 'csv', 'json']): Format {
  if ((allowed as readonly string[]).includes(v)) return v as Format;
  throw new Error(`format ${v}`);
}

export type { Row };
