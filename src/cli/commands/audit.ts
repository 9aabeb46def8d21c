import type { Command } from 'commander';
import { UserError } from '../../domain/user-error.js';
import { type AuditWhat, queryAudit } from '../../store/write/audit-log.js';
import { ioOf } from '../cli-io.js';
import { withStore } from '../context.js';
import { parseFormat, toCsv, toTable } from '../output.js';

const WHAT_ZH: Record<string, string> = {
  value: '数值',
  state: '状态',
  designation: '认定',
  setting: '设置',
};
const VIA_ZH: Record<string, string> = { account: '账号', token: '令牌', cli: '命令行', system: '系统' };

export function registerAudit(program: Command): void {
  program
    .command('audit')
    .description('审计记录：谁在何时从何处改了哪个数、旧值新值与原因 / who changed this figure')
    .option('--area <CODE>', '区划代码')
    .option('--measure <ID>', '计量项')
    .option('--period <P>', '期间')
    .option('--form <ID>', '报表')
    .option('--batch <ID>', '批次')
    .option(
      '--what <KIND>',
      '类别：value（数值）、state（状态）、designation（认定）、setting（设置：账号、密钥、计划目标）',
    )
    .option(
      '--subject <S>',
      '对象，如 account:jinjiang-tj、api_key:key-…、plan:chengdu-ec-2021-2025:target:…',
    )
    .option('--format <table|csv|json>', '输出格式', 'table')
    .action(
      async (
        opts: {
          area?: string;
          measure?: string;
          period?: string;
          form?: string;
          batch?: string;
          what?: string;
          subject?: string;
          format: string;
        },
        cmd: Command,
      ) => {
        const format = parseFormat(opts.format);
        if (opts.what && !(opts.what in WHAT_ZH))
          throw new UserError({
            place: '--what',
            value: opts.what,
            message: '没有这个审计类别',
            hint: `可用：${Object.entries(WHAT_ZH)
              .map(([k, v]) => `${k}（${v}）`)
              .join('、')}`,
          });
        await withStore(cmd, async (store) => {
          const rows = await queryAudit(store.driver, store.dialect, {
            ...(opts.area ? { area: opts.area } : {}),
            ...(opts.measure ? { measure: opts.measure } : {}),
            ...(opts.period ? { period: opts.period } : {}),
            ...(opts.form ? { form: opts.form } : {}),
            ...(opts.batch || opts.subject ? { subject: opts.batch ?? opts.subject } : {}),
            ...(opts.what ? { what: opts.what as AuditWhat } : {}),
          });
          const io = ioOf(cmd);
          if (format === 'json') io.out.write(`${JSON.stringify(rows, null, 2)}\n`);
          else if (format === 'csv')
            io.out.write(
              toCsv(
                [
                  'seq',
                  'at',
                  'actor',
                  'via',
                  'what',
                  'subject',
                  'area',
                  'period',
                  'measure',
                  'old_value',
                  'new_value',
                  'reason',
                ],
                rows,
              ),
            );
          else
            io.out.write(
              toTable(
                ['时间', '操作人', '来源', '类别', '批次', '区划', '期间', '计量项', '原值', '新值', '原因'],
                rows.map((r) => [
                  r.at,
                  r.actor,
                  VIA_ZH[r.via] ?? r.via,
                  WHAT_ZH[r.what] ?? r.what,
                  r.subject ?? '',
                  r.area ?? '',
                  r.period ?? '',
                  r.measure ?? '',
                  r.old_value ?? '',
                  r.new_value ?? '',
                  r.reason ?? '',
                ]),
              ),
            );
        });
      },
    );
}
