import type { Command } from 'commander';
import { UserError } from '../../domain/user-error.js';
import { loadPlan, planSummary } from '../../plan/load-plan.js';
import { ioOf } from '../cli-io.js';

export function registerPlan(program: Command): void {
  const plan = program.command('plan').description('检查或显示计划文件 / check or show a plan file');
  plan
    .command('check <file>')
    .description('校验计划文件，列出全部问题 / validate a plan file and list every problem')
    .action((file: string, _opts: unknown, cmd: Command) => {
      const p = loadPlan(file);
      ioOf(cmd).out.write(`${file}: 校验通过 / valid\n${planSummary(p)}\n`);
    });
  plan
    .command('show <file>')
    .description('显示规范化后的计划 / print the normalised plan')
    .option('--format <json|text>', '输出格式', 'text')
    .action((file: string, opts: { format: string }, cmd: Command) => {
      if (opts.format !== 'json' && opts.format !== 'text')
        throw new UserError({
          place: '--format',
          value: opts.format,
          message: '不支持的格式',
          hint: '可用 json 或 text',
        });
      const p = loadPlan(file);
      if (opts.format === 'json') ioOf(cmd).out.write(`${JSON.stringify(p, null, 2)}\n`);
      else ioOf(cmd).out.write(`${planSummary(p)}\n`);
    });
}
