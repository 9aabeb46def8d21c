/** The two-column CSV files and the stage request the per-engine `stageFile` tests share. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BulkFile, Dialect, StageRequest } from '../../src/store/dialect.js';

/** A folder for one test file's CSVs; remove it in afterAll. */
export const stagingDir = (engine: string): string => mkdtempSync(join(tmpdir(), `ecmon-stage-${engine}-`));

/** Writes `text` as a CSV with columns a, b (header on line 1). */
export function csvFile(dir: string, name: string, text: string): BulkFile {
  const path = join(dir, name);
  writeFileSync(path, text);
  return { file: path, format: 'csv', path, readAs: 'csv', columns: ['a', 'b'], firstLine: 2 };
}

/** Stages `source` into `table`: a kept as text, b try-cast to a count. */
export const stageRequest = (d: Dialect, source: BulkFile, table: string): StageRequest => ({
  source,
  table,
  typed: (from, keep) =>
    `SELECT ${[...keep, 'a', `${d.tryCast('b', 'count')} AS b`].join(', ')} FROM ${from} src`,
  onRows: () => {},
});
