/**
 * ClickHouse reads a CSV file itself: the file's bytes are streamed as the body of
 * `INSERT INTO raw FORMAT CSVWithNames` (GB18030 transcoded to UTF-8 on the way, as a byte stream: no row is
 * parsed in Node) into a text table in file order, then one CREATE TABLE … AS SELECT types every column.
 * ClickHouse refuses a file with a malformed record as a whole; its message names the line.
 */
import { createReadStream, statSync } from 'node:fs';
import { PassThrough, type Readable, Transform } from 'node:stream';
import iconv from 'iconv-lite';
import { UserError } from '../../domain/user-error.js';
import {
  type BulkFile,
  quoteIdent,
  type RowsCallback,
  type StagedFile,
  type StageRequest,
} from '../dialect.js';
import { type ClickHouseDriver, ClickHouseError } from './clickhouse-driver.js';

/** The bytes of `path` as UTF-8, reporting progress in bytes read. */
export function utf8Body(path: string, encoding: string | null, onRows: RowsCallback): Readable {
  const size = statSync(path).size;
  let bytes = 0;
  let last = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _enc, done) {
      bytes += chunk.length;
      if (Date.now() - last > 200) {
        last = Date.now();
        onRows(bytes, size, 'bytes');
      }
      done(null, chunk);
    },
  });
  const file = createReadStream(path).pipe(counter);
  return encoding === 'gb18030'
    ? file.pipe(iconv.decodeStream('gb18030')).pipe(iconv.encodeStream('utf8')).pipe(new PassThrough())
    : file;
}

/**
 * Streams a CSV with a header line into `table` (String columns named as the header); file order kept.
 * `source` names the file and the line of its first data row in errors.
 */
export async function insertCsv(
  ch: ClickHouseDriver,
  table: string,
  source: Pick<BulkFile, 'file' | 'firstLine'>,
  body: Readable,
): Promise<void> {
  const { file } = source;
  try {
    await ch.insert(`INSERT INTO ${quoteIdent(table)} FORMAT CSVWithNames`, body, {
      input_format_skip_unknown_fields: '0',
    });
  } catch (e) {
    if (!(e instanceof ClickHouseError)) throw e;
    // ClickHouse counts data rows from 1.
    const row = /at row (\d+)/i.exec(e.message)?.[1];
    const line = row === undefined ? undefined : Number(row) - 1 + source.firstLine;
    throw new UserError({
      place: line ? `${file}:${line}` : file,
      value: '',
      message: `ClickHouse 无法读取该文件：${e.message.split('\n')[0]}`,
      hint: '检查该行的字段数是否与表头一致、引号是否成对',
    });
  }
}

/** Creates `req.table` (typed, `ref` = 1-based record number) from the CSV at `req.source.path`. */
export async function stageFileClickHouse(ch: ClickHouseDriver, req: StageRequest): Promise<StagedFile> {
  const { source, table } = req;
  const raw = `${table}_raw`;
  const rejects = `${table}_rejects`;
  await ch.exec(`DROP TABLE IF EXISTS ${quoteIdent(raw)}`);
  // A Log table keeps the insert order, which a single-threaded read numbers.
  await ch.exec(
    `CREATE TABLE ${quoteIdent(raw)} (${source.columns.map((c) => `${quoteIdent(c)} String`).join(', ')}) ENGINE = Log`,
  );
  try {
    await insertCsv(ch, raw, source, utf8Body(source.path, null, req.onRows));
    const numbered = `(SELECT rowNumberInAllBlocks() + 1 AS ref, * FROM ${quoteIdent(raw)})`;
    await ch.exec(
      `CREATE TABLE ${quoteIdent(table)} ENGINE = MergeTree ORDER BY ref AS ${req.typed(numbered, ['ref'])}`,
    );
  } finally {
    await ch.exec(`DROP TABLE IF EXISTS ${quoteIdent(raw)}`);
  }
  await ch.exec(`DROP TABLE IF EXISTS ${quoteIdent(rejects)}`);
  await ch.exec(
    `CREATE TABLE ${quoteIdent(rejects)} (line Int64, raw String, fields Nullable(Int64)) ENGINE = Memory`,
  );
  const n = await ch.query<{ n: string }>(`SELECT count() AS n FROM ${quoteIdent(table)}`);
  const firstLine = source.firstLine;
  return {
    rows: Number(n[0]?.n ?? 0),
    ref: 'ref',
    lineOf: (ref) => `(${ref} - 1 + ${firstLine})`,
    rejects,
  };
}
