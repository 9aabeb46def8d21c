/**
 * Loads a CSV file into a typed PostgreSQL table: `COPY … FROM STDIN (FORMAT csv, HEADER true)` into a
 * temporary text table whose identity column numbers the records in file order, then one
 * CREATE TABLE … AS SELECT that types every column (a bad value becomes an error line, as on DuckDB).
 * COPY itself refuses a record with the wrong number of fields; that is reported as one error for the file.
 */
import { createReadStream, statSync } from 'node:fs';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { from as copyFrom } from 'pg-copy-streams';
import { UserError } from '../../domain/user-error.js';
import { quoteIdent, type StagedFile, type StageRequest } from '../dialect.js';
import type { PostgresDriver } from './postgres-driver.js';

/** Creates `req.table` (typed, with `ref` = 1-based record number) from the CSV at `req.source.path`. */
export async function stageFilePostgres(tx: PostgresDriver, req: StageRequest): Promise<StagedFile> {
  const { source, table, onRows } = req;
  const columns = source.columns.map(quoteIdent).join(', ');
  await tx.exec('DROP TABLE IF EXISTS feed_raw');
  await tx.exec(
    `CREATE TEMPORARY TABLE feed_raw (ref BIGINT GENERATED ALWAYS AS IDENTITY, ${source.columns
      .map((c) => `${quoteIdent(c)} TEXT`)
      .join(', ')})`,
  );
  const client = await tx.connect();
  const size = statSync(source.path).size;
  let bytes = 0;
  let lastReport = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _enc, done) {
      bytes += chunk.length;
      const now = Date.now();
      if (now - lastReport > 200) {
        lastReport = now;
        onRows(bytes, size, 'bytes');
      }
      done(null, chunk);
    },
  });
  try {
    await pipeline(
      createReadStream(source.path),
      counter,
      client.query(copyFrom(`COPY feed_raw (${columns}) FROM STDIN (FORMAT csv, HEADER true)`)),
    );
  } catch (e) {
    const where = (e as { where?: string }).where ?? '';
    const line = /line (\d+)/.exec(where)?.[1];
    throw new UserError({
      place: line ? `${source.file}:${line}` : source.file,
      value: '',
      message: `PostgreSQL 无法读取该记录：${(e as Error).message}`,
      hint: '检查该行的字段数是否与表头一致、引号是否成对',
    });
  }
  await tx.exec(`CREATE TABLE ${quoteIdent(table)} AS ${req.typed('feed_raw', ['ref'])}`);
  await tx.exec('DROP TABLE feed_raw');
  await tx.exec(
    'CREATE TEMPORARY TABLE IF NOT EXISTS staged_rejects (line BIGINT, raw TEXT, fields BIGINT); DELETE FROM staged_rejects',
  );
  const n = await tx.query<{ n: string }>(`SELECT count(*) AS n FROM ${quoteIdent(table)}`);
  const firstLine = source.firstLine;
  return {
    rows: Number(n[0]?.n ?? 0),
    ref: 'ref',
    lineOf: (ref) => `(${ref} - 1 + ${firstLine})`,
    rejects: 'staged_rejects',
  };
}
