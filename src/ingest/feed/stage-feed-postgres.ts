/**
 * Loads a feed into a typed PostgreSQL table: `COPY … FROM STDIN (FORMAT csv, HEADER true)` into a
 * temporary text table whose identity column numbers the records in file order, then one
 * INSERT … SELECT that types every column (a bad value becomes an error line, as on DuckDB).
 * COPY itself refuses a record with the wrong number of fields; that is reported as one error for the file.
 */
import { createReadStream, statSync } from 'node:fs';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { from as copyFrom } from 'pg-copy-streams';
import { UserError } from '../../domain/user-error.js';
import type { PostgresDriver } from '../../store/postgres-driver.js';
import { typedSelect } from './feed-columns.js';
import type { FeedInput, RowsCallback } from './feed-input.js';

const quote = (name: string): string => `"${name.replace(/"/g, '""')}"`;

/** Creates `table` (typed, with `ref` = 1-based record number) from the CSV at `input.path`. */
export async function stageFeedPostgres(
  tx: PostgresDriver,
  input: FeedInput,
  table: string,
  onRows: RowsCallback,
): Promise<number> {
  await tx.exec('DROP TABLE IF EXISTS feed_raw');
  await tx.exec(
    `CREATE TEMPORARY TABLE feed_raw (ref BIGINT GENERATED ALWAYS AS IDENTITY, ${input.columns
      .map((c) => `${quote(c)} TEXT`)
      .join(', ')})`,
  );
  const client = await tx.connect();
  const size = statSync(input.path).size;
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
      createReadStream(input.path),
      counter,
      client.query(
        copyFrom(
          `COPY feed_raw (${input.columns.map(quote).join(', ')}) FROM STDIN (FORMAT csv, HEADER true)`,
        ),
      ),
    );
  } catch (e) {
    const where = (e as { where?: string }).where ?? '';
    const line = /line (\d+)/.exec(where)?.[1];
    throw new UserError({
      place: line ? `${input.file}:${line}` : input.file,
      value: '',
      message: `PostgreSQL 无法读取该记录：${(e as Error).message}`,
      hint: '检查该行的字段数是否与表头一致、引号是否成对',
    });
  }
  await tx.exec(`CREATE TABLE ${quote(table)} AS ${typedSelect('postgres', 'feed_raw', ['ref'])}`);
  await tx.exec('DROP TABLE feed_raw');
  await tx.exec(
    'CREATE TEMPORARY TABLE IF NOT EXISTS feed_reject_lines (line BIGINT, shifted BIGINT); DELETE FROM feed_reject_lines',
  );
  const n = await tx.query<{ n: string }>(`SELECT count(*) AS n FROM ${quote(table)}`);
  return Number(n[0]?.n ?? 0);
}

/** The file line of the record with 1-based number `ref`. */
export function postgresLineOf(ref: string, firstLine: number): string {
  return `(${ref} - 1 + ${firstLine})`;
}
