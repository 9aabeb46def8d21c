/**
 * Makes a feed file ready for the engine: checks it is a regular file within the size limit, decides its
 * format and encoding, converts what the engine cannot read itself into a temporary file (streamed), checks
 * its column names and the shape of every text line (scan-feed-text.ts). Returns the input, the number of
 * records the engine must load, and a cleanup that removes any temporary file.
 */
import { createReadStream, statSync, symlinkSync } from 'node:fs';
import { basename, extname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { type Problem, UserError } from '../../domain/user-error.js';
import { columnarToCsv, parquetColumnNames } from '../../store/columnar-files.js';
import type { Dialect } from '../../store/dialect.js';
import type { TextEncoding } from '../read-text-file.js';
import { sniffEncoding, transcodeToUtf8, xlsxToCsv } from './convert-feed-file.js';
import { FEED_COLUMNS } from './feed-columns.js';
import { headerProblems, readCsvHeader } from './feed-header.js';
import type { FeedFormat, FeedInput } from './feed-input.js';
import { FEED_LIMITS, overLimit } from './feed-limits.js';
import { makeFeedTemp, removeStaleFeedTemp } from './feed-temp.js';
import { scanFeedText } from './scan-feed-text.js';

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

/** A Parquet file the engine could not read (its message names no path: the user's name is the place). */
function unreadable(file: string, e: unknown): UserError {
  const why = (e as Error).message.split('\n')[0]?.replace(/'[^']*'/g, `'${basename(file)}'`) ?? '';
  return new UserError({
    place: file,
    value: '',
    message: `不是可读的 Parquet 文件：${why}`,
    hint: '检查文件是否完整，或用 --format 指定正确的格式',
  });
}

async function parquetColumns(file: string, path: string): Promise<string[]> {
  try {
    return await parquetColumnNames(path);
  } catch (e) {
    throw unreadable(file, e);
  }
}

export interface PreparedFeed {
  input: FeedInput;
  /** The records the engine must load (text formats: the data lines; Parquet: null, the engine counts). */
  records: number | null;
  cleanup(): void;
}

/** Characters an engine's file reader may take as a glob pattern (DuckDB: `feed[ab].csv` reads two files). */
const GLOB = /[*?[\]{}]/;

/** The problem with a path that is no regular file, or null. */
function notAFile(file: string): UserError | null {
  let st: ReturnType<typeof statSync>;
  try {
    st = statSync(file);
  } catch {
    return new UserError({ place: file, value: '', message: '文件不存在', hint: '检查路径' });
  }
  if (!st.isFile())
    return new UserError({
      place: file,
      value: '',
      message: st.isDirectory() ? '是文件夹，不是文件' : '不是普通文件（设备、管道或套接字）',
      hint: '给出一个数据文件的路径',
    });
  if (st.size > FEED_LIMITS.fileBytes) return overLimit(file, 'fileBytes', st.size);
  return null;
}

/** Explains why an NDJSON file could not be read: its first line that is not one JSON object. */
export async function ndjsonProblem(file: string): Promise<UserError> {
  let line = 0;
  for await (const text of createInterface({
    input: createReadStream(file),
    crlfDelay: Number.POSITIVE_INFINITY,
  })) {
    line++;
    if (text.trim() === '') continue;
    let ok = false;
    try {
      const v: unknown = JSON.parse(text);
      ok = v !== null && typeof v === 'object' && !Array.isArray(v);
    } catch {}
    if (!ok)
      return new UserError({
        place: `${file}:${line}`,
        value: text.length > 80 ? `${text.slice(0, 80)}…（共 ${text.length} 字符）` : text,
        message: '不是一个 JSON 对象（NDJSON 每行一个对象）',
        hint: '检查该行的括号、引号和逗号',
      });
  }
  return new UserError({
    place: file,
    value: '',
    message: '不是可读的 NDJSON 文件',
    hint: '每行一个 JSON 对象，键为平台数据的列名（见 docs/feeds.md）',
  });
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
  const problem = notAFile(file);
  if (problem) throw problem;
  const format = feedFormatOf(file, opts.format);
  removeStaleFeedTemp();
  let dir: ReturnType<typeof makeFeedTemp> | null = null;
  const temp = (name: string): string => {
    dir ??= makeFeedTemp();
    return join(dir.dir, name);
  };
  const cleanup = (): void => dir?.remove();
  try {
    // Engines read the path they are given literally only without glob characters: link to it by a plain name.
    let source = file;
    if (GLOB.test(resolve(file))) {
      source = temp(`feed${extname(file).replace(GLOB, '') || '.data'}`);
      symlinkSync(resolve(file), source);
    }
    let input: FeedInput;
    if (format === 'csv') {
      const encoding = opts.encoding ?? sniffEncoding(source);
      let path = source;
      if (encoding === 'gb18030') {
        path = temp('feed-utf8.csv');
        await transcodeToUtf8(source, path);
      }
      input = { file, format, encoding, path, readAs: 'csv', columns: readCsvHeader(path), firstLine: 2 };
    } else if (format === 'xlsx') {
      const path = temp('feed-xlsx.csv');
      const columns = await xlsxToCsv(source, path, opts.onRows);
      input = { file, format, encoding: null, path, readAs: 'csv', columns, firstLine: 2 };
    } else if (format === 'parquet') {
      input = {
        file,
        format,
        encoding: null,
        path: source,
        readAs: 'parquet',
        columns: await parquetColumns(file, source),
        firstLine: 1,
      };
    } else {
      input = {
        file,
        format,
        encoding: null,
        path: source,
        readAs: 'ndjson',
        columns: [...FEED_COLUMNS],
        firstLine: 1,
      };
    }
    const check = opts.header ?? headerProblems;
    const problems = check(input.columns, input.readAs === 'parquet' ? file : `${file}:1`);
    if (problems.length) throw new UserError(problems);
    const records = input.readAs === 'parquet' ? null : await scanFeedText(input.path, file, input.readAs);
    if (input.readAs !== 'csv' && !dialect.bulkFormats.includes(input.readAs)) {
      const path = temp('feed-converted.csv');
      try {
        await columnarToCsv(input.path, input.readAs, path, FEED_COLUMNS);
      } catch (e) {
        throw input.readAs === 'ndjson' ? await ndjsonProblem(input.path) : unreadable(file, e);
      }
      input = { ...input, path, readAs: 'csv', columns: [...FEED_COLUMNS] };
    }
    return { input, records, cleanup };
  } catch (e) {
    cleanup();
    throw e;
  }
}
