import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { columnarToCsv, csvToParquet, parquetColumnNames } from './columnar-files.js';
import { DuckDbDriver } from './duckdb-driver.js';

const dir = mkdtempSync(join(tmpdir(), 'ecmon-columnar-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('Parquet and NDJSON files through an in-memory DuckDB', () => {
  const csv = join(dir, 'in.csv');
  const parquet = join(dir, 'out.parquet');
  writeFileSync(csv, 'code,amount,n,flag\n510104,1234.50,7,1\n0099,-0.01,-2,0\n');
  const kinds = [
    ['code', 'text'],
    ['amount', 'amount'],
    ['n', 'count'],
    ['flag', 'flag'],
  ] as const;

  it('writes Parquet with the column kinds as types (codes stay text, flags 0/1)', async () => {
    await csvToParquet(csv, parquet, kinds);
    expect(await parquetColumnNames(parquet)).toEqual(['code', 'amount', 'n', 'flag']);
    const db = await DuckDbDriver.open(':memory:');
    try {
      const types = await db.query<{ column_name: string; column_type: string }>(
        `SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM read_parquet('${parquet}'))`,
      );
      expect(types.map((t) => [t.column_name, t.column_type])).toEqual([
        ['code', 'VARCHAR'],
        ['amount', 'DECIMAL(18,2)'],
        ['n', 'BIGINT'],
        ['flag', 'TINYINT'],
      ]);
    } finally {
      await db.close();
    }
  });

  it('converts Parquet and NDJSON back to CSV with the columns asked for, as text', async () => {
    const back = join(dir, 'back.csv');
    await columnarToCsv(parquet, 'parquet', back, ['flag', 'code', 'amount']);
    expect(readFileSync(back, 'utf8')).toBe('flag,code,amount\n1,510104,1234.50\n0,0099,-0.01\n');
    const ndjson = join(dir, 'in.ndjson');
    writeFileSync(ndjson, '{"code":"0099","amount":12.5,"n":3}\n{"code":"510104","n":4}\n');
    await columnarToCsv(ndjson, 'ndjson', back, ['code', 'amount', 'n']);
    expect(readFileSync(back, 'utf8')).toBe('code,amount,n\n0099,12.5,3\n510104,,4\n');
  });

  it('refuses a file that is not Parquet', async () => {
    await expect(parquetColumnNames(csv)).rejects.toThrow();
  });
});
