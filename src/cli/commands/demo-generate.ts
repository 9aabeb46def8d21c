/**
 * `ecmon demo generate`: writes a simulated platform feed (docs/generator.md) and its meta.json.
 * Options arrive as text; each bad one becomes a Chinese problem naming the option, the value,
 * the rule and what to do, thrown as a UserError for the CLI to print.
 */
import type { Command } from 'commander';
import { type Problem, UserError } from '../../domain/user-error.js';
import { FEED_FORMATS, type FeedFormat } from '../../feed-format/feed-schema.js';
import { generateFeed } from '../../ingest/generate/generate-feed.js';
import {
  badRows,
  badSeed,
  DEFAULT_SEED,
  type GenerateFeedOptions,
} from '../../ingest/generate/generate-options.js';
import { PLATFORM_CODES } from '../../ingest/generate/platforms.js';
import type { TextEncoding } from '../../ingest/generate/write-text-feed.js';

interface RawOptions {
  period?: string;
  rows?: string;
  out?: string;
  platform?: string;
  seed?: string;
  format?: string;
  encoding?: string;
}

const INTEGER = /^\d+$/;

function required(
  raw: RawOptions,
  key: 'period' | 'rows' | 'out',
  example: string,
  problems: Problem[],
): string {
  const value = raw[key];
  if (value === undefined || value.trim() === '') {
    problems.push({
      place: `--${key}`,
      value: '',
      message: '缺少必填选项',
      hint: `例如 --${key} ${example}`,
    });
    return '';
  }
  return value.trim();
}

/** Turns the option strings into typed values; the generator checks the values themselves. */
function parseOptions(raw: RawOptions): GenerateFeedOptions {
  const problems: Problem[] = [];
  const period = required(raw, 'period', '2020 或 2020-11', problems);
  const rows = required(raw, 'rows', '100000', problems);
  const out = required(raw, 'out', 'feed-2020.csv', problems);
  if (rows !== '' && !INTEGER.test(rows)) problems.push(badRows(rows));
  if (raw.seed !== undefined && !INTEGER.test(raw.seed)) problems.push(badSeed(raw.seed));
  if (problems.length > 0) throw new UserError(problems);
  return {
    period,
    rows: Number(rows),
    out,
    platform: raw.platform,
    seed: raw.seed === undefined ? undefined : Number(raw.seed),
    format: raw.format as FeedFormat | undefined,
    encoding: raw.encoding as TextEncoding | undefined,
  };
}

export function registerDemoGenerate(demo: Command): void {
  demo
    .command('generate')
    .description('生成模拟平台数据（simulated platform feed），合计按规划2020年数据校准')
    .option('--period <P>', '期间（必填）：年 YYYY 或月 YYYY-MM，2020–2035')
    .option('--rows <N>', '行数（必填）：不小于 1 的整数')
    .option('--out <FILE>', '输出文件（必填），旁边另写 <FILE>.meta.json')
    .option('--platform <P>', `只生成一个平台：${PLATFORM_CODES.join('、')}；省略则全部平台`)
    .option('--seed <S>', '随机种子', String(DEFAULT_SEED))
    .option('--format <F>', `文件格式：${FEED_FORMATS.join('、')}；默认按扩展名，否则 csv`)
    .option('--encoding <E>', 'CSV 编码：utf8（默认）或 gb18030')
    .action(async (raw: RawOptions) => {
      const options = parseOptions(raw);
      const started = performance.now();
      const result = await generateFeed(options);
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      console.log(`已生成模拟数据（simulated）${result.rows} 行 → ${result.file}，用时 ${seconds} 秒`);
    });
}
