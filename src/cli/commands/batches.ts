import { userInfo } from 'node:os';
import type { Command } from 'commander';
import { UserError } from '../../domain/user-error.js';
import { alertSettingsFromEnv } from '../../forms/alerts.js';
import { redLightsAfterFeed } from '../../forms/feed-alerts.js';
import { FormService } from '../../forms/submissions.js';
import { listBatches } from '../../store/batch-list.js';
import type { SettingWriter } from '../../store/write/audit-log.js';
import { type BatchEvent, batchEvents } from '../../store/write/batch-events.js';
import {
  BATCH_STATUSES,
  type BatchStatus,
  isBatchStatus,
  STATUS_ZH,
} from '../../store/write/batch-states.js';
import { BatchWriter } from '../../store/write/batch-writer.js';
import { batchNotFound } from '../../store/write/transition.js';
import { ioOf } from '../cli-io.js';
import { planFor, withStore } from '../context.js';
import { parseFormat, toCsv, toTable } from '../output.js';

/** Who runs the command: `--actor`, else the operating-system user. */
/** The operator as the audit log records a setting change: `--actor` (or the system user), from the CLI. */
export const cliWriter = (o: { actor?: string; reason?: string }): SettingWriter => ({
  actor: actorOf(o),
  via: 'cli',
  reason: o.reason?.trim() || null,
});

export function actorOf(opts: { actor?: string }): string {
  if (opts.actor?.trim()) return opts.actor.trim();
  try {
    return userInfo().username || 'cli';
  } catch {
    return 'cli';
  }
}

const statusName = (s: string | null): string => (s && isBatchStatus(s) ? STATUS_ZH[s] : (s ?? '—'));

/** One line of a batch's history: when, who, from → to, why. */
export function describeEvent(e: BatchEvent): string {
  return `  ${e.at.slice(0, 19)}  ${e.actor}  ${statusName(e.from)} → ${statusName(e.to)}${e.reason ? `  ${e.reason}` : ''}`;
}

const MOVES: ReadonlyArray<{ name: string; to: BatchStatus; description: string }> = [
  { name: 'approve', to: 'approved', description: '审核通过已提交的批次 / approve a submitted batch' },
  { name: 'publish', to: 'published', description: '发布已审核的批次 / publish an approved batch' },
  { name: 'return', to: 'returned', description: '退回批次（须 --reason）/ send a batch back' },
  { name: 'submit', to: 'submitted', description: '重新提交退回的批次 / resubmit a returned batch' },
  { name: 'rollback', to: 'rolled_back', description: '回滚或作废批次（须 --reason）/ roll back a batch' },
];

export function registerBatches(program: Command): void {
  const batches = program.command('batches').description('数据批次及其状态 / batches and their states');
  batches
    .command('list')
    .description('列出批次 / list batches')
    .option('--status <S>', `只看此状态：${BATCH_STATUSES.join('|')}`)
    .option('--kind <K>', '只看此类：feed|import|plan')
    .option('--format <table|csv|json>', '输出格式', 'table')
    .action(async (opts: { status?: string; kind?: string; format: string }, cmd: Command) => {
      const format = parseFormat(opts.format);
      if (opts.status && !isBatchStatus(opts.status))
        throw new UserError({
          place: '--status',
          value: opts.status,
          message: '没有这个批次状态',
          hint: `可用：${BATCH_STATUSES.join('、')}`,
        });
      await withStore(cmd, async (store) => {
        const rows = await listBatches(store, {
          ...(opts.status ? { status: opts.status } : {}),
          ...(opts.kind ? { kind: opts.kind } : {}),
        });
        const io = ioOf(cmd);
        if (format === 'json') io.out.write(`${JSON.stringify(rows, null, 2)}\n`);
        else if (format === 'csv')
          io.out.write(
            toCsv(
              [
                'id',
                'kind',
                'platform',
                'period',
                'status',
                'rows',
                'rejected',
                'observations',
                'file',
                'loaded_at',
              ],
              rows,
            ),
          );
        else
          io.out.write(
            toTable(
              ['批次', '类别', '平台', '期间', '状态', '行数', '隔离', '观测值', '导入时间'],
              rows.map((b) => [
                b.id,
                b.kind,
                b.platform ?? '',
                b.period ?? '',
                statusName(b.status),
                String(b.rows),
                String(b.rejected),
                String(b.observations),
                b.loaded_at.slice(0, 19),
              ]),
              [false, false, false, false, false, true, true, true],
            ),
          );
      });
    });
  batches
    .command('show <id>')
    .description('查看批次及其记录（谁、何时、状态变化、原因）/ show a batch and its history')
    .option('--format <table|json>', '输出格式', 'table')
    .action(async (id: string, opts: { format: string }, cmd: Command) => {
      await withStore(cmd, async (store) => {
        const [b] = (await listBatches(store)).filter((x) => x.id === id);
        if (!b) throw batchNotFound(id);
        const events = await batchEvents(store, id);
        const io = ioOf(cmd);
        if (opts.format === 'json') {
          io.out.write(`${JSON.stringify({ ...b, events }, null, 2)}\n`);
          return;
        }
        const lines = [
          `批次 ${b.id}（${b.kind}，${statusName(b.status)}）`,
          `${b.platform ? `平台 ${b.platform}  ` : ''}${b.period ? `期间 ${b.period}  ` : ''}文件 ${b.file ?? '—'}  导入 ${b.loaded_at.slice(0, 19)}`,
          `行数 ${b.rows}  隔离 ${b.rejected}  观测值 ${b.observations}${b.replaces ? `  取代 ${b.replaces}` : ''}`,
          '记录：',
          ...events.map(describeEvent),
        ];
        io.out.write(`${lines.join('\n')}\n`);
      });
    });
  for (const move of MOVES)
    batches
      .command(`${move.name} <id>`)
      .description(move.description)
      .option('--reason <TEXT>', '原因')
      .option('--actor <NAME>', '操作人（默认当前系统用户）')
      .action(async (id: string, opts: { reason?: string; actor?: string }, cmd: Command) => {
        await withStore(cmd, async (store) => {
          const { plan } = await planFor(store);
          const [kind] = await store.driver.query<{ kind: string }>(
            'SELECT kind FROM batches WHERE id = $1',
            [id],
          );
          // A report form's review has its own steps (district approval, locks, superseding, audit of values);
          // only a rollback is the same for every batch.
          if (kind?.kind === 'form' && move.to !== 'rolled_back')
            throw new UserError({
              place: id,
              value: move.name,
              message: '这是报表批次，审核、退回、提交与发布须按报表流程办理',
              hint: `用 ecmon forms ${move.name === 'submit' ? 'upload --submit' : move.name} ${id}${move.name === 'publish' ? '（企业报表不发布）' : ''}`,
            });
          await store.driver.transaction(async (tx) => {
            const writer = new BatchWriter(tx, store.dialect, plan);
            await writer.move(id, move.to, { actor: actorOf(opts), via: 'cli', reason: opts.reason ?? null });
            await writer.finish(id);
          });
          const io = ioOf(cmd);
          io.out.write(`批次 ${id} 已改为${STATUS_ZH[move.to]}\n`);
          const [b] = await store.driver.query<{ kind: string; period: string | null }>(
            'SELECT kind, period FROM batches WHERE id = $1',
            [id],
          );
          if (b?.kind !== 'feed') return;
          // A feed batch that changed what counts: the analytical rows follow, and a publication may turn lights red.
          await store.analytics?.reconcile(store.driver);
          if (move.to === 'published' && b.period) {
            const alerts = new FormService(store, plan, { alerts: alertSettingsFromEnv() });
            const touched = { batches: [{ period: b.period, status: move.to }] };
            for (const a of await redLightsAfterFeed(alerts, touched))
              io.err.write(`告警：${a.message_zh}\n`);
          }
        });
      });
}
