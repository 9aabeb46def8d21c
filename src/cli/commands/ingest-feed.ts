import type { Command } from 'commander';
import { type Problem, UserError } from '../../domain/user-error.js';
import { alertSettingsFromEnv } from '../../forms/alerts.js';
import { feedRejected, redLightsAfterFeed } from '../../forms/feed-alerts.js';
import { FormService } from '../../forms/submissions.js';
import type { FeedErrorSummary } from '../../ingest/feed/feed-error-report.js';
import { FEED_FORMATS, type FeedFormat } from '../../ingest/feed/feed-input.js';
import {
  type ErrorPolicy,
  FeedRejectedError,
  type IngestFeedResult,
  ingestFeed,
} from '../../ingest/feed/ingest-feed.js';
import { plainProgress, terminalProgress } from '../../ingest/feed/ingest-progress.js';
import { RULES } from '../../ingest/feed/validate-feed.js';
import type { TextEncoding } from '../../ingest/read-text-file.js';
import { STATUS_ZH } from '../../store/write/batch-states.js';
import { type CliIo, inputPath, ioOf } from '../cli-io.js';
import { planFor, withStore } from '../context.js';
import { actorOf } from './batches.js';

interface IngestFeedFlags {
  platform: string;
  period?: string;
  format?: string;
  encoding?: string;
  onError: string;
  maxErrorRate?: string;
  errors?: string;
  simulated?: boolean;
  plan?: string;
  hold?: boolean;
}

function choice<T extends string>(
  place: string,
  value: string,
  allowed: readonly T[],
  problems: Problem[],
): T {
  if (!(allowed as readonly string[]).includes(value))
    problems.push({ place, value, message: '不支持的取值', hint: `可用：${allowed.join('、')}` });
  return value as T;
}

/** The summary printed on stderr: the first error lines and the count per rule. */
function printErrors(e: FeedErrorSummary, io: CliIo): void {
  const out = io.err;
  for (const line of e.first) out.write(`${line}\n`);
  const total = Object.values(e.byRule).reduce((a, b) => a + b, 0);
  if (total > e.first.length) out.write(`……（其余 ${total - e.first.length} 条见错误文件）\n`);
  out.write(`错误 ${total} 条，涉及 ${e.badRows} 行：\n`);
  for (const [rule, n] of Object.entries(e.byRule))
    out.write(`  ${RULES[rule as keyof typeof RULES] ?? rule}（${rule}）：${n}\n`);
  out.write(`错误明细：${e.errorsFile}\n`);
}

function printResult(r: IngestFeedResult, io: CliIo): void {
  const out = io.out;
  out.write(
    `${r.file}: 读取 ${r.rows} 行，入库 ${r.accepted} 行${r.errors ? `，隔离 ${r.errors.badRows} 行` : ''}${r.simulated ? '（模拟数据）' : ''}\n`,
  );
  for (const b of r.batches)
    out.write(
      `  批次 ${b.id}  ${b.period}  ${b.rows} 行  ${STATUS_ZH[b.status]}${b.partial ? '（部分入库）' : ''}  观测值 ${b.observations}${b.replaces ? `  替换 ${b.replaces}` : ''}\n`,
    );
}

export function registerIngestFeed(program: Command): void {
  const ingest =
    program.commands.find((c) => c.name() === 'ingest') ??
    program.command('ingest').description('导入平台数据 / ingest platform feeds');
  ingest
    .command('feed <file>')
    .description('导入平台店铺数据（CSV/Parquet/NDJSON/XLSX），按平台 × 月份成批 / ingest a platform feed')
    .requiredOption('--platform <P>', '平台代码，如 sim-mall')
    .option('--period <YYYY-MM>', '只导入该月；其他月份的行视为错误')
    .option('--format <csv|parquet|ndjson|xlsx>', '文件格式（默认按扩展名）')
    .option('--encoding <utf8|gb18030>', 'CSV 编码（默认自动识别）')
    .option(
      '--on-error <reject|quarantine>',
      '有错误行时：reject 全部不写入；quarantine 隔离错误行',
      'reject',
    )
    .option('--max-error-rate <R>', 'quarantine 时允许的最大错误行比例（0–1，默认 0.05）')
    .option('--errors <FILE>', '错误明细 CSV（默认 <file>.errors.csv）')
    .option('--simulated', '标记为模拟数据（有 <file>.meta.json 且 simulated: true 时自动标记）')
    .option('--plan <FILE>', '使用此计划文件的映射规则（默认使用数据库中的计划）')
    .option('--hold', '批次保持“已提交”，审核发布后才公开（ecmon batches approve/publish）')
    .action(async (file: string, flags: IngestFeedFlags, cmd: Command) => {
      const problems: Problem[] = [];
      const format = flags.format
        ? choice<FeedFormat>('--format', flags.format, FEED_FORMATS, problems)
        : undefined;
      const encoding = flags.encoding
        ? choice<TextEncoding>('--encoding', flags.encoding, ['utf8', 'gb18030'], problems)
        : undefined;
      const onError = choice<ErrorPolicy>('--on-error', flags.onError, ['reject', 'quarantine'], problems);
      const rate = flags.maxErrorRate === undefined ? undefined : Number(flags.maxErrorRate);
      if (rate !== undefined && !(rate >= 0 && rate <= 1))
        problems.push({
          place: '--max-error-rate',
          value: String(flags.maxErrorRate),
          message: '应为 0–1 之间的比例',
          hint: '例如 0.01',
        });
      if (problems.length) throw new UserError(problems);
      const io = ioOf(cmd);
      const live = io.tty ? terminalProgress(process.stderr) : null;
      await withStore(cmd, async (store) => {
        const { plan } = await planFor(store, flags.plan && inputPath(cmd, flags.plan));
        const alerts = new FormService(store, plan, { alerts: alertSettingsFromEnv() });
        try {
          const result = await ingestFeed(store, plan, inputPath(cmd, file), {
            platform: flags.platform,
            onError,
            ...(flags.period ? { period: flags.period } : {}),
            ...(format ? { format } : {}),
            ...(encoding ? { encoding } : {}),
            ...(rate !== undefined ? { maxErrorRate: rate } : {}),
            ...(flags.errors ? { errorsFile: inputPath(cmd, flags.errors) } : {}),
            ...(flags.simulated ? { simulated: true } : {}),
            hold: !!flags.hold,
            actor: actorOf({}),
            progress: live ?? plainProgress(io.err),
          });
          live?.end();
          if (result.errors) printErrors(result.errors, io);
          printResult(result, io);
          // 指标亮红灯 for the months (and years) the feed changed, as an approval checks them.
          for (const a of await redLightsAfterFeed(alerts, result)) io.err.write(`告警：${a.message_zh}\n`);
        } catch (e) {
          live?.end();
          if (e instanceof FeedRejectedError) {
            printErrors(e.errors, io);
            await feedRejected(alerts, flags.platform, file, e);
          }
          throw e;
        }
      });
    });
}
