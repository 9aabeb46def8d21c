/**
 * The ClickHouse dialect stages a CSV the way the others do: ClickHouse reads the file, rows numbered by
 * record with their lines, the typed table gone when the work fails, a malformed record refused with its line.
 */
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UserError } from '../src/domain/user-error.js';
import { clickhouseDialect as d } from '../src/store/clickhouse/clickhouse-dialect.js';
import type { ClickHouseDriver } from '../src/store/clickhouse/clickhouse-driver.js';
import type { BulkFile, StageRequest } from '../src/store/dialect.js';
import { clickhouseSkip, freshClickHouse } from './support/clickhouse.js';
import { csvFile as fixtureCsv, stageRequest, stagingDir } from './support/stage-file-fixtures.js';

const dir = stagingDir('ch');

const csvFile = (name: string, text: string): BulkFile => fixtureCsv(dir, name, text);
const request = (source: BulkFile, table: string): StageRequest => stageRequest(d, source, table);

describe.skipIf(clickhouseSkip !== null)(
  `staging a file on ClickHouse${clickhouseSkip ? ` (skipped: ${clickhouseSkip})` : ''}`,
  () => {
    let ch: ClickHouseDriver;
    let drop: () => Promise<void>;
    beforeAll(async () => {
      ({ ch, drop } = await freshClickHouse());
    });
    afterAll(async () => {
      await drop?.();
      rmSync(dir, { recursive: true, force: true });
    });

    it('numbers rows by record, with their lines; the table is dropped when the work fails', async () => {
      const source = csvFile('ok.csv', 'a,b\nx,1\n"y,1",2\nz,n/a\n');
      await expect(
        d.stageFile(ch, request(source, 'staged_ch'), async (tx, staged) => {
          const rows = await tx.query(
            `SELECT a, b, ${staged.lineOf(`s.${staged.ref}`)} AS line FROM staged_ch s ORDER BY s.${staged.ref}`,
          );
          expect(staged.rows).toBe(3);
          expect(rows).toEqual([
            { a: 'x', b: '1', line: '2' },
            { a: 'y,1', b: '2', line: '3' },
            { a: 'z', b: null, line: '4' },
          ]);
          expect(await tx.query(`SELECT * FROM ${staged.rejects}`)).toEqual([]);
          throw new Error('roll back');
        }),
      ).rejects.toThrow('roll back');
      expect(await ch.query('SELECT name FROM system.tables WHERE database = currentDatabase()')).toEqual([]);
    });

    it('refuses a record with the wrong number of fields, naming its line', async () => {
      const source = csvFile('bad.csv', 'a,b\nx,1\nbroken\n');
      const staged = d.stageFile(ch, request(source, 'staged_bad'), async () => undefined);
      await expect(staged).rejects.toThrow(UserError);
      await expect(staged).rejects.toThrow(`${source.file}:3: ClickHouse 无法读取该文件`);
    });
  },
);
