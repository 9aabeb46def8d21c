/**
 * Makes a feed file ready for the engine: decides its format and encoding, converts what the engine cannot
 * read itself into a temporary file (streamed), and checks its column names. Returns the input and a
 * cleanup that removes any temporary file.
 */
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import { type Problem, UserError } from '../../domain/user-error.js';
import { columnarToCsv, parquetColumnNames } from '../../store/columnar-files.js';
import type { Dialect } from '../../store/dialect.js';
import type { TextEncoding } from '../read-text-file.js';
import { sniffEncoding, transcodeToUtf8, xlsxToCsv } from './convert-feed-file.js';
import { FEED_COLUMNS } from './feed-columns.js';
import { headerProblems, readCsvHeader } from './feed-header.js';
import type { FeedFormat, FeedInput } from './feed-input.js';

const EXTENSIONS: Readonly<Record<string, FeedFormat>> = {
  '.csv': 'csv',
  '.txt': 'csv',
  '.parquet': 'parquet',
  '.ndjson': 'ndjson',
  '.jsonl': 'ndjson',
  '.json': 'ndjson',
  '.xlsx': 'xlsx',
};

export function feedFormatOf(file: string, declared?: FeedFormat): FeedFormat {
  if (declared) return declared;
  const f = EXTENSIONS[extname(file).toLowerCase()];
  if (!f)
    throw new UserError({
      place: file,
      value: extname(file),
      message: '无法从扩展名判断文件格式',
      hint: '用 --format csv|parquet|ndjson|xlsx 指定',
    });
  return f;
}

async function parquetColumns(path: string): Promise<string[]> {
  try {
    return await parquetColumnNames(path);
  } catch (e) {
    throw new UserError({
      place: path,
      value: '',
      message: `不是可读的 Parquet 文件：${(e as Error).message.split('\n')[0]}`,
      hint: '检查文件是否完整，或用 --format 指定正确的格式',
    });
  }
}

export interface PreparedFeed {
  input: FeedInput;
  cleanup(): void;
}

export async function prepareFeedInput(
  file: string,
  dialect: Dialect,
  opts: {
    format?: FeedFormat;
    encoding?: TextEncoding;
    onRows?: (n: number) => void;
    /** Checks the column names (default: the feed format's); any problem refuses the file. */
    header?: (names: readonly string[], place: string) => Problem[];
  },
): Promise<PreparedFeed> {
  if (!existsSync(file) || !statSync(file).isFile())
    throw new UserError({ place: file, value: '', message: '文件不存在', hint: '检查路径' });
  const format = feedFormatOf(file, opts.format);
  let dir: string | null = null;
  const temp = (name: string): string => {
    dir ??= mkdtempSync(join(tmpdir(), 'ecmon-feed-'));
    return join(dir, name);
  };
  const cleanup = (): void => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  };
  try {
    let input: FeedInput;
    if (format === 'csv') {
      const encoding = opts.encoding ?? sniffEncoding(file);
      let path = file;
      if (encoding === 'gb18030') {
        path = temp('feed-utf8.csv');
        await transcodeToUtf8(file, path);
      }
      input = { file, format, encoding, path, readAs: 'csv', columns: readCsvHeader(path), firstLine: 2 };
    } else if (format === 'xlsx') {
      const path = temp('feed-xlsx.csv');
      const columns = await xlsxToCsv(file, path, opts.onRows);
      input = { file, format, encoding: null, path, readAs: 'csv', columns, firstLine: 2 };
    } else if (format === 'parquet') {
      input = {
        file,
        format,
        encoding: null,
        path: file,
        readAs: 'parquet',
        columns: await parquetColumns(file),
        firstLine: 1,
      };
    } else {
      input = {
        file,
        format,
        encoding: null,
        path: file,
        readAs: 'ndjson',
        columns: [...FEED_COLUMNS],
        firstLine: 1,
      };
    }
    const check = opts.header ?? headerProblems;
    const problems = check(input.columns, input.readAs === 'parquet' ? file : `${file}:1`);
    if (problems.length) throw new UserError(problems);
    if (input.readAs !== 'csv' && !dialect.bulkFormats.includes(input.readAs)) {
      const path = temp('feed-converted.csv');
      await columnarToCsv(input.path, input.readAs, path, FEED_COLUMNS);
      input = { ...input, path, readAs: 'csv', columns: [...FEED_COLUMNS] };
    }
    return { input, cleanup };
  } catch (e) {
    cleanup();
    throw e;
  }
}
