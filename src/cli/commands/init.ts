import type { Command } from 'commander';
import { loadPlan } from '../../plan/load-plan.js';
import { savePlan } from '../../store/plan-repository.js';
import { inputPath, ioOf } from '../cli-io.js';
import { DEFAULT_PLAN, withStore } from '../context.js';
import { cliWriter } from './batches.js';

export function registerInit(program: Command): void {
  program
    .command('init')
    .description(
      '创建数据库（如需要），加载计划及其公布的基期数据 / create the database, load the plan and its published baselines',
    )
    .option('--plan <FILE>', '计划文件', DEFAULT_PLAN)
    .option('--reason <TEXT>', '原因（目标或发布策略有变化时记入审计日志）')
    .option('--actor <NAME>', '操作人（默认当前系统用户）')
    .action(async (opts: { plan: string; reason?: string; actor?: string }, cmd: Command) => {
      const plan = loadPlan(inputPath(cmd, opts.plan));
      await withStore(cmd, async (store) => {
        const { observations } = await savePlan(
          store.driver,
          store.dialect,
          plan,
          opts.plan,
          cliWriter(opts),
        );
        ioOf(cmd).out.write(
          `已加载计划「${plan.metadata.title}」（${plan.id}）：${plan.indicators.length} 个指标，${plan.areas.length} 个地区，` +
            `${plan.zones.length} 个片区，${observations} 条公布数据 → ${store.driver.location}\n`,
        );
      });
    });
}
