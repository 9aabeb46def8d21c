/**
 * The error report of a feed: every bad row as `file:line: column=value — rule` (values cut at 80 characters,
 * cells that look like formulas neutralised), written to a CSV (streamed
 * from the database page by page, so a file with millions of bad rows does not fill memory), plus the first
 * lines and the count per rule for the summary on stderr.
 */

import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { shownValue } from '../../domain/user-error.js';
import type { Driver } from '../../store/driver.js';
import { csvField } from '../csv-field.js';

export interface FeedErrorSummary {
  /** Rows with at least one error (a row may break several rules). */
  badRows: number;
  /** Errors by rule id. */
  byRule: Record<string, number>;
  /** The first errors as text lines, in file order. */
  first: string[];
  errorsFile: string;
}

const PAGE = 10_000;
const FIRST = 20;

interface ErrorRow {
  line: string | number;
  column_name: string;
  value: string | null;
  rule: string;
  message: string;
  first_line: string | number | null;
  [k: string]: string | number | null;
}

/** `file:line: column=value — rule` */
export function formatFeedError(file: string, e: ErrorRow): string {
  const first = e.first_line === null ? '' : `（首次出现在第 ${e.first_line} 行）`;
  return `${file}:${e.line}: ${e.column_name}=${shownValue(e.value ?? '')} — ${e.message}${first}`;
}

/**
 * Writes every error to `errorsFile` and returns the summary. Reads `feed_error_lines`: the errors with
 * their lines, numbered in file order by `seq`.
 */
export async function writeFeedErrors(
  tx: Driver,
  file: string,
  errorsFile: string,
): Promise<FeedErrorSummary> {
  const out = createWriteStream(errorsFile);
  const write = async (s: string): Promise<void> => {
    if (!out.write(s)) await once(out, 'drain');
  };
  await write('file,line,column,value,rule,error\n');
  const first: string[] = [];
  let after = 0;
  for (;;) {
    const page = await tx.query<ErrorRow>(
      `SELECT line, column_name, value, rule, message, first_line, seq FROM feed_error_lines
       WHERE seq > $1 ORDER BY seq LIMIT ${PAGE}`,
      [after],
    );
    for (const e of page) {
      const text = formatFeedError(file, e);
      if (first.length < FIRST) first.push(text);
      await write(
        `${[file, e.line, e.column_name, shownValue(e.value ?? ''), e.rule, text].map((v) => csvField(v)).join(',')}\n`,
      );
    }
    if (page.length < PAGE) break;
    after = Number((page[page.length - 1] as ErrorRow).seq);
  }
  out.end();
  await once(out, 'finish');
  const counts = await tx.query<{ rule: string; n: string | number }>(
    'SELECT rule, count(*) AS n FROM feed_error_lines GROUP BY rule ORDER BY count(*) DESC, rule',
  );
  const bad = await tx.query<{ n: string | number }>(
    'SELECT count(DISTINCT coalesce(ref, -line)) AS n FROM feed_error_lines',
  );
  return {
    badRows: Number(bad[0]?.n ?? 0),
    byRule: Object.fromEntries(counts.map((c) => [c.rule, Number(c.n)])),
    first,
    errorsFile,
  };
}
