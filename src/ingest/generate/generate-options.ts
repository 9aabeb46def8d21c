/**
 * Checks the options of a feed generation and resolves defaults. Every problem names the option
 * (as the CLI spells it), the value, the rule and what to do; all problems are reported at once.
 */
import { existsSync, statSync } from 'node:fs';
import { dirname, extname } from 'node:path';
import { tryParsePeriod } from '../../domain/period.js';
import { type Problem, UserError } from '../../domain/user-error.js';
import { FEED_FORMATS, type FeedFormat } from '../../feed-format/feed-schema.js';
import { selectCells } from './budget-cells.js';
import { isPlatformCode, PLATFORM_CODES, type PlatformCode } from './platforms.js';
import { BASE_YEAR, LAST_YEAR } from './simulated-totals.js';
import type { TextEncoding } from './write-text-feed.js';
import { xlsxRowLimitProblem } from './write-xlsx-feed.js';

export const DEFAULT_SEED = 20211221;
export const MAX_ROWS = 1_000_000_000;

export interface GenerateFeedOptions {
  /** `YYYY-MM` (one month) or `YYYY` (twelve months), 2020–2035. */
  period: string;
  rows: number;
  out: string;
  /** One platform's rows only (e.g. `sim-mall`); all platforms when absent. */
  platform?: string;
  seed?: number;
  /** Defaults from the file extension (.csv .parquet .ndjson/.jsonl .xlsx), else csv. */
  format?: FeedFormat;
  /** CSV only. */
  encoding?: TextEncoding;
}

export interface ResolvedGenerateOptions {
  period: string;
  year: number;
  month: number | null;
  rows: number;
  out: string;
  platform: PlatformCode | null;
  seed: number;
  format: FeedFormat;
  encoding: TextEncoding;
}

const EXTENSION_FORMATS: Readonly<Record<string, FeedFormat>> = {
  '.csv': 'csv',
  '.parquet': 'parquet',
  '.ndjson': 'ndjson',
  '.jsonl': 'ndjson',
  '.xlsx': 'xlsx',
};

export function formatFromExtension(file: string): FeedFormat {
  return EXTENSION_FORMATS[extname(file).toLowerCase()] ?? 'csv';
}

/** The problem with a --rows value that is not an integer in range. */
export function badRows(value: string): Problem {
  return {
    place: '--rows',
    value,
    message: `行数应为 1–${MAX_ROWS} 之间的整数（不带千分位或小数点）`,
    hint: '例如 --rows 100000',
  };
}

/** The problem with a --seed value that is not an integer in range. */
export function badSeed(value: string): Problem {
  return {
    place: '--seed',
    value,
    message: '随机种子应为 0–4294967295 之间的整数',
    hint: `省略则使用默认种子 ${DEFAULT_SEED}`,
  };
}

function resolvePeriod(period: string, problems: Problem[]): { year: number; month: number | null } | null {
  const parsed = tryParsePeriod(period);
  const rule = `期间应为某年（如 ${BASE_YEAR}）或某月（如 ${BASE_YEAR}-11），年份在 ${BASE_YEAR}–${LAST_YEAR} 之间`;
  if (!parsed || (parsed.kind !== 'year' && parsed.kind !== 'month')) {
    problems.push({ place: '--period', value: period, message: rule, hint: '请改为 YYYY 或 YYYY-MM' });
    return null;
  }
  if (parsed.year < BASE_YEAR || parsed.year > LAST_YEAR) {
    problems.push({
      place: '--period',
      value: period,
      message: `${rule}：模拟数据以 ${BASE_YEAR} 年规划基数校准，此后按假定增速外推至 ${LAST_YEAR} 年`,
      hint: `请选择 ${BASE_YEAR}–${LAST_YEAR} 年内的期间`,
    });
    return null;
  }
  return { year: parsed.year, month: parsed.kind === 'month' ? parsed.month : null };
}

/** Validates options; throws one {@link UserError} listing every problem. */
export function resolveGenerateOptions(opts: GenerateFeedOptions): ResolvedGenerateOptions {
  const problems: Problem[] = [];
  const when = resolvePeriod(opts.period, problems);

  let platform: PlatformCode | null = null;
  if (opts.platform !== undefined) {
    if (isPlatformCode(opts.platform)) platform = opts.platform;
    else {
      problems.push({
        place: '--platform',
        value: opts.platform,
        message: `未知的模拟平台，可选：${PLATFORM_CODES.join('、')}`,
        hint: '省略 --platform 则生成全部平台',
      });
    }
  }

  const seed = opts.seed ?? DEFAULT_SEED;
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
    problems.push(badSeed(String(opts.seed)));
  }

  const format = opts.format ?? formatFromExtension(opts.out);
  if (!FEED_FORMATS.includes(format)) {
    problems.push({
      place: '--format',
      value: String(opts.format),
      message: `不支持的格式，可选：${FEED_FORMATS.join('、')}`,
      hint: '省略则按输出文件扩展名判断，无法判断时为 csv',
    });
  }
  const encoding = opts.encoding ?? 'utf8';
  if (encoding !== 'utf8' && encoding !== 'gb18030') {
    problems.push({ place: '--encoding', value: String(encoding), message: '编码只能是 utf8 或 gb18030' });
  } else if (encoding === 'gb18030' && format !== 'csv') {
    problems.push({
      place: '--encoding',
      value: encoding,
      message: `只有 CSV 可选编码，${format} 格式固定为 UTF-8 或二进制`,
      hint: '去掉 --encoding，或改用 --format csv',
    });
  }

  if (!opts.out) {
    problems.push({
      place: '--out',
      value: '',
      message: '缺少输出文件路径',
      hint: '例如 --out feed-2020.csv',
    });
  } else {
    const dir = dirname(opts.out);
    if (!existsSync(dir) || !statSync(dir).isDirectory()) {
      problems.push({
        place: '--out',
        value: opts.out,
        message: `输出目录 ${dir} 不存在`,
        hint: '请先创建该目录',
      });
    }
  }

  const { rows } = opts;
  if (!Number.isInteger(rows) || rows < 1 || rows > MAX_ROWS) {
    problems.push(badRows(String(rows)));
  } else if (when && (platform !== null || opts.platform === undefined)) {
    const cells = selectCells(when.year, when.month, platform).length;
    if (rows < cells) {
      problems.push({
        place: '--rows',
        value: String(rows),
        message: `所选期间与平台共有 ${cells} 个预算单元（平台 × 月份 × 细分市场），每个单元至少一行，合计才能精确校准到分`,
        hint: `请把 --rows 设为不少于 ${cells}`,
      });
    }
  }
  const sheetProblem = format === 'xlsx' ? xlsxRowLimitProblem(rows) : null;
  if (sheetProblem) problems.push(sheetProblem);

  if (problems.length > 0 || !when) throw new UserError(problems);
  return { period: opts.period, ...when, rows, out: opts.out, platform, seed, format, encoding };
}
