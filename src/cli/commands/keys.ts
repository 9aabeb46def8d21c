import type { Command } from 'commander';
import { UserError } from '../../domain/user-error.js';
import { DEFAULT_LIMITS, limitsFromEnv } from '../../opendata/open-access.js';
import { addApiKey, disableApiKey, listApiKeys } from '../../store/api-keys.js';
import { ioOf } from '../cli-io.js';
import { withStore } from '../context.js';
import { parseFormat, toCsv, toTable } from '../output.js';
import { cliWriter } from './batches.js';

/** `ecmon keys add|list|disable`: API keys for open data (higher limits, bulk downloads). */
export function registerKeys(program: Command): void {
  const keys = program.command('keys').description('开放数据 API 密钥 / open-data API keys');
  keys
    .command('add <NAME>')
    .description('创建 API 密钥（只显示一次）/ create an API key (shown once)')
    .option(
      '--per-minute <N>',
      `每分钟请求上限（默认 ${DEFAULT_LIMITS.keyPerMinute}，或 ECMON_OPEN_RATE_KEY）`,
    )
    .option('--reason <TEXT>', '原因（记入审计日志）')
    .option('--actor <NAME>', '操作人（默认当前系统用户）')
    .action(
      async (name: string, opts: { perMinute?: string; reason?: string; actor?: string }, cmd: Command) => {
        const perMinute =
          opts.perMinute === undefined ? limitsFromEnv().keyPerMinute : Number(opts.perMinute);
        if (!Number.isInteger(perMinute) || perMinute < 1 || perMinute > 1_000_000)
          throw new UserError({
            place: '--per-minute',
            value: opts.perMinute ?? '',
            message: '应为 1–1000000 的整数',
          });
        if (!name.trim())
          throw new UserError({
            place: 'NAME',
            value: name,
            message: '密钥名称不能为空',
            hint: '写明使用单位或用途',
          });
        await withStore(cmd, async (store) => {
          const k = await addApiKey(store.driver, { name: name.trim(), perMinute, by: cliWriter(opts) });
          ioOf(cmd).out.write(
            `已创建 API 密钥 ${k.id}（${name.trim()}，每分钟 ${perMinute} 次）：\n${k.key}\n` +
              '该密钥只显示这一次，请妥善保存；请求时放在请求头 X-API-Key 中。\n',
          );
        });
      },
    );
  keys
    .command('list')
    .description('列出 API 密钥及其用量 / list keys and their usage')
    .option('--format <table|csv|json>', '输出格式', 'table')
    .action(async (opts: { format: string }, cmd: Command) => {
      const format = parseFormat(opts.format);
      await withStore(cmd, async (store) => {
        const rows = await listApiKeys(store.driver);
        const io = ioOf(cmd);
        if (format === 'json') io.out.write(`${JSON.stringify(rows, null, 2)}\n`);
        else if (format === 'csv')
          io.out.write(
            toCsv(['id', 'name', 'per_minute', 'requests', 'disabled', 'created_at', 'created_by'], rows),
          );
        else
          io.out.write(
            toTable(
              ['密钥', '名称', '每分钟上限', '累计请求', '状态', '创建时间', '创建人'],
              rows.map((k) => [
                k.id,
                k.name,
                String(k.per_minute),
                String(k.requests),
                k.disabled ? '已停用' : '有效',
                k.created_at,
                k.created_by,
              ]),
              [false, false, true, true],
            ),
          );
      });
    });
  keys
    .command('disable <ID>')
    .description('停用（吊销）API 密钥 / disable (revoke) a key')
    .option('--reason <TEXT>', '原因（记入审计日志）')
    .option('--actor <NAME>', '操作人（默认当前系统用户）')
    .action(async (id: string, opts: { reason?: string; actor?: string }, cmd: Command) => {
      await withStore(cmd, async (store) => {
        if (!(await disableApiKey(store.driver, id, cliWriter(opts))))
          throw new UserError({
            place: 'ID',
            value: id,
            message: '没有这个 API 密钥',
            hint: '用 ecmon keys list 查看',
          });
        ioOf(cmd).out.write(`已停用 API 密钥 ${id}。\n`);
      });
    });
}
