import { statSync } from 'node:fs';
import type { Command } from 'commander';
import { UserError } from '../../domain/user-error.js';
import { importObservationsFile } from '../../ingest/import-observations.js';
import { STATUS_ZH } from '../../store/write/batch-states.js';
import { inputPath, ioOf } from '../cli-io.js';
import { planFor, withStore } from '../context.js';
import { actorOf } from './batches.js';

export function registerImport(program: Command): void {
  const imp = program.command('import').description('导入数据 / import data');
  imp
    .command('observations <file>')
    .description('导入长表格式的观测值（CSV：UTF-8/GB18030，或 XLSX）/ import long-format observations')
    .option('--dry-run', '只校验，不写入 / validate only')
    .option('--encoding <utf8|gb18030>', 'CSV 编码（默认自动识别）')
    .option('--plan <FILE>', '按此计划文件校验（默认使用数据库中的计划）')
    .option('--hold', '批次保持“已提交”，审核发布后才公开（ecmon batches approve/publish）')
    .action(
      async (
        given: string,
        opts: { dryRun?: boolean; encoding?: string; plan?: string; hold?: boolean },
        cmd: Command,
      ) => {
        const file = inputPath(cmd, given);
        const st = statSync(file, { throwIfNoEntry: false });
        if (!st) throw new UserError({ place: file, value: '', message: '文件不存在' });
        if (!st.isFile())
          throw new UserError({
            place: file,
            value: '',
            message: '不是普通文件',
            hint: '给出一个数据文件的路径',
          });
        if (opts.encoding && opts.encoding !== 'utf8' && opts.encoding !== 'gb18030')
          throw new UserError({
            place: '--encoding',
            value: opts.encoding,
            message: '不支持的编码',
            hint: '可用 utf8 或 gb18030',
          });
        await withStore(cmd, async (store) => {
          const { plan } = await planFor(store, opts.plan && inputPath(cmd, opts.plan));
          const result = await importObservationsFile(store, plan, file, {
            dryRun: !!opts.dryRun,
            hold: !!opts.hold,
            actor: actorOf({}),
            ...(opts.encoding ? { encoding: opts.encoding as 'utf8' | 'gb18030' } : {}),
          });
          ioOf(cmd).out.write(
            opts.dryRun
              ? `${file}: ${result.rows} 行校验通过（试运行，未写入）\n`
              : `${file}: 已导入 ${result.rows} 行（新增 ${result.inserted}，替换 ${result.replaced}），批次 ${result.batchId}（${STATUS_ZH[result.status]}）\n`,
          );
        });
      },
    );
}
