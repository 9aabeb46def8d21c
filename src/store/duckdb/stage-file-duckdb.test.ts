import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  csvFile as fixtureCsv,
  stageRequest,
  stagingDir,
} from '../../../test/support/stage-file-fixtures.js';
import type { BulkFile, StageRequest } from '../dialect.js';
import { duckdbDialect as d } from './duckdb-dialect.js';
import { DuckDbDriver } from './duckdb-driver.js';

const dir = stagingDir('duckdb');
let db: DuckDbDriver;
beforeAll(async () => {
  db = await DuckDbDriver.open(':memory:');
});
afterAll(async () => {
  await db.close();
  rmSync(dir, { recursive: true, force: true });
});

const csvFile = (name: string, text: string): BulkFile => fixtureCsv(dir, name, text);
const request = (source: BulkFile, table: string): StageRequest => stageRequest(d, source, table);

describe('staging a file on DuckDB', () => {
  it('keeps rows in file order with their lines, past a record the reader rejected', async () => {
    const source = csvFile('rejects.csv', 'a,b\nx,1\nbroken\ny,2\nz,3,extra\nw,4\n');
    const out = await d.stageFile(db, request(source, 'staged_one'), async (tx, staged) => ({
      staged: staged.rows,
      rows: await tx.query(
        `SELECT a, b, ${staged.lineOf(`s.${staged.ref}`)} AS line FROM staged_one s ORDER BY s.${staged.ref}`,
      ),
      rejects: await tx.query(`SELECT line, raw, fields FROM ${staged.rejects} ORDER BY line`),
    }));
    expect(out.staged).toBe(3);
    expect(out.rows.map((r) => [r.a, Number(r.b), Number(r.line)])).toEqual([
      ['x', 1, 2],
      ['y', 2, 4],
      ['w', 4, 6],
    ]);
    expect(out.rejects.map((r) => [Number(r.line), r.raw, Number(r.fields)])).toEqual([
      [3, 'broken', 1],
      [5, 'z,3,extra', 3],
    ]);
  });

  it('keeps the table when the work commits and drops it when the work fails', async () => {
    const source = csvFile('ok.csv', 'a,b\nx,1\n');
    await d.stageFile(db, request(source, 'staged_kept'), async () => undefined);
    expect(await db.query('SELECT a FROM staged_kept')).toEqual([{ a: 'x' }]);
    await expect(
      d.stageFile(db, request(source, 'staged_dropped'), async () => {
        throw new Error('work failed');
      }),
    ).rejects.toThrow('work failed');
    expect(
      await db.query("SELECT table_name FROM information_schema.tables WHERE table_name = 'staged_dropped'"),
    ).toEqual([]);
  });

  it('loads Parquet and NDJSON itself', () => {
    expect(d.bulkFormats).toEqual(['csv', 'parquet', 'ndjson']);
  });
});
