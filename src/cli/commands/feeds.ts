import type { Command } from 'commander';
import { listFeedBatches, rollbackFeedBatch, showFeedBatch } from '../../ingest/feed/feed-batches.js';
import { STATUS_ZH } from '../../store/write/batch-states.js';
import { ioOf } from '../cli-io.js';
import { planFor, withStore } from '../context.js';
import { parseFormat, toCsv, toTable } from '../output.js';
import { actorOf, describeEvent } from './batches.js';

const STATUS: Readonly<Record<string, string>> = STATUS_ZH;

export function registerFeeds(program: Command): void {
  const feeds = program.command('feeds').description('平台数据批次 / platform feed batches');
  feeds
    .command('list')
    .description('列出批次 / list batches')
    .option('--platform <P>', '只看此平台')
    .option('--period <YYYY-MM>', '只看此月份')
    .option('--format <table|csv|json>', '输出格式', 'table')
    .action(async (opts: { platform?: string; period?: string; format: string }, cmd: Command) => {
      const format = parseFormat(opts.format);
      await withStore(cmd, async (store) => {
        const rows = await listFeedBatches(store, {
          ...(opts.platform ? { platform: opts.platform } : {}),
          ...(opts.period ? { period: opts.period } : {}),
        });
        if (format === 'json') ioOf(cmd).out.write(`${JSON.stringify(rows, null, 2)}\n`);
        else if (format === 'csv')
          ioOf(cmd).out.write(
            toCsv(
              [
                'id',
                'platform',
                'period',
                'status',
                'rows',
                'rejected',
                'observations',
                'simulated',
                'file',
                'loaded_at',
                'replaces',
              ],
              rows,
            ),
          );
        else
          ioOf(cmd).out.write(
            toTable(
              ['批次', '平台', '月份', '状态', '行数', '隔离', '观测值', '模拟', '文件', '导入时间'],
              rows.map((b) => [
                b.id,
                b.platform,
                b.period,
                STATUS[b.status] ?? b.status,
                String(b.rows),
                String(b.rejected),
                String(b.observations),
                b.simulated ? '是' : '',
                b.file,
                b.loaded_at.slice(0, 19),
              ]),
              [false, false, false, false, true, true, true],
            ),
          );
      });
    });
  feeds
    .command('show <id>')
    .description('查看批次 / show a batch')
    .option('--format <table|json>', '输出格式', 'table')
    .action(async (id: string, opts: { format: string }, cmd: Command) => {
      await withStore(cmd, async (store) => {
        const { plan } = await planFor(store);
        const b = await showFeedBatch(store, plan, id);
        if (opts.format === 'json') {
          ioOf(cmd).out.write(`${JSON.stringify(b, null, 2)}\n`);
          return;
        }
        const lines = [
          `批次 ${b.id}（${STATUS[b.status] ?? b.status}${b.simulated ? '，模拟数据' : ''}）`,
          `平台 ${b.platform}  月份 ${b.period}  文件 ${b.file}  导入 ${b.loaded_at.slice(0, 19)}`,
          `行数 ${b.rows}  隔离 ${b.rejected}  观测值 ${b.observations}  原始行表 ${b.rows_table ?? '—'}`,
          b.replaces ? `替换了 ${b.replaces}` : '',
          b.replaced_by ? `被 ${b.replaced_by} 替换` : '',
          '全域合计（元）：',
          ...b.totals.map((t) => `  ${t.measure}  ${t.value}`),
          '记录：',
          ...b.events.map(describeEvent),
        ];
        ioOf(cmd).out.write(`${lines.filter((l) => l !== '').join('\n')}\n`);
      });
    });
  feeds
    .command('rollback <id>')
    .description('回滚当前生效的批次，恢复它替换的批次 / roll back a batch')
    .option('--reason <TEXT>', '回滚原因', '撤回平台数据批次')
    .option('--actor <NAME>', '操作人（默认当前系统用户）')
    .action(async (id: string, opts: { reason: string; actor?: string }, cmd: Command) => {
      await withStore(cmd, async (store) => {
        const { plan } = await planFor(store);
        const restored = await rollbackFeedBatch(store, plan, id, {
          actor: actorOf(opts),
          reason: opts.reason,
        });
        ioOf(cmd).out.write(
          restored
            ? `已回滚 ${id}，恢复批次 ${restored}\n`
            : `已回滚 ${id}；该平台本月已无生效批次，其观测值已移入历史\n`,
        );
      });
    });
}
