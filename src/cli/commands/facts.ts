import type { Command } from 'commander';
import { checkPlanFacts } from '../../engine/check-plan-facts.js';
import { inputPath, ioOf } from '../cli-io.js';
import { planFor, withStore } from '../context.js';
import { toTable } from '../output.js';

export function registerFacts(program: Command): void {
  program
    .command('facts')
    .description(
      "核验规划所述的增速、倍数、占比与数据是否一致 / check the plan's stated rates, multiples and shares",
    )
    .option('--plan <FILE>', '计划文件（默认使用数据库中的计划）')
    .option('--format <table|json>', '输出格式', 'table')
    .action(async (opts: { plan?: string; format: string }, cmd: Command) => {
      await withStore(cmd, async (store) => {
        const { plan } = await planFor(store, opts.plan && inputPath(cmd, opts.plan));
        const checks = await checkPlanFacts(store.driver, plan);
        if (opts.format === 'json') {
          ioOf(cmd).out.write(`${JSON.stringify(checks, null, 2)}\n`);
          return;
        }
        const verdict = (a: boolean | null): string => (a === null ? '无法核验' : a ? '一致' : '不一致');
        ioOf(cmd).out.write(
          toTable(
            ['度量', '类型', '期间', '所述', '计算', '结论', '说明'],
            checks.map((c) => [
              c.measure,
              c.kind,
              c.compared_to ? `${c.compared_to}→${c.period}` : c.period,
              `${c.stated}${c.unit}`,
              c.computed === null ? '—' : c.computed.toFixed(2),
              verdict(c.agrees),
              c.note ?? c.formula,
            ]),
          ),
        );
      });
    });
}
