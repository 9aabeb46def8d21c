import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  csvFile as fixtureCsv,
  stageRequest,
  stagingDir,
} from '../../../test/support/stage-file-fixtures.js';
import { UserError } from '../../domain/user-error.js';
import type { BulkFile, StageRequest } from '../dialect.js';
import { postgresDialect as d } from './postgres-dialect.js';
import { PostgresDriver } from './postgres-driver.js';

const url = process.env.ECMON_TEST_PG_URL;
const dir = stagingDir('pg');

const csvFile = (name: string, text: string): BulkFile => fixtureCsv(dir, name, text);
const request = (source: BulkFile, table: string): StageRequest => stageRequest(d, source, table);

describe.skipIf(!url)('staging a file on PostgreSQL', () => {
  let db: PostgresDriver;
  beforeAll(async () => {
    db = await PostgresDriver.open(url as string);
  });
  afterAll(async () => {
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('numbers rows by record, with their lines, in a transaction that rolls back with the work', async () => {
    const source = csvFile('ok.csv', 'a,b\nx,1\n"y,1",2\n');
    await expect(
      d.stageFile(db, request(source, 'staged_pg'), async (tx, staged) => {
        const rows = await tx.query(
          `SELECT a, b, ${staged.lineOf(`s.${staged.ref}`)} AS line FROM staged_pg s ORDER BY s.${staged.ref}`,
        );
        expect(staged.rows).toBe(2);
        expect(rows.map((r) => [r.a, Number(r.b), Number(r.line)])).toEqual([
          ['x', 1, 2],
          ['y,1', 2, 3],
        ]);
        expect(await tx.query(`SELECT * FROM ${staged.rejects}`)).toEqual([]);
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect(await db.query("SELECT 1 FROM information_schema.tables WHERE table_name = 'staged_pg'")).toEqual(
      [],
    );
  });

  it('refuses a record with the wrong number of fields, naming its line', async () => {
    const source = csvFile('bad.csv', 'a,b\nx,1\nbroken\n');
    const staged = d.stageFile(db, request(source, 'staged_bad'), async () => undefined);
    await expect(staged).rejects.toThrow(UserError);
    await expect(d.stageFile(db, request(source, 'staged_bad'), async () => undefined)).rejects.toThrow(
      `${source.file}:3: PostgreSQL 无法读取该记录`,
    );
  });

  it('loads CSV only: other formats are converted first', () => {
    expect(d.bulkFormats).toEqual(['csv']);
  });
});
