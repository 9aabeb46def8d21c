import { writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import type { Command } from 'commander';
import { type Period, PeriodError, parsePeriod } from '../../domain/period.js';
import { UserError } from '../../domain/user-error.js';
import { bulletinDocument } from '../../report/bulletin-document.js';
import { bulletinModel } from '../../report/bulletin-model.js';
import { reportFormat, writeBulletin } from '../../report/write-report.js';
import { inputPath, ioOf } from '../cli-io.js';
import { planFor, withStore } from '../context.js';

interface BulletinOptions {
  period: string;
  format: string;
  out?: string;
  plan?: string;
  by?: string;
}

export function registerReport(program: Command): void {
  const report = program.command('report').description('报告：月度监测简报、中期/总结评估 / reports');
  report
    .command('bulletin')
    .description('月度监测简报（DOCX、PDF，XLSX 附表）/ monthly monitoring bulletin')
    .requiredOption('--period <YYYY-MM>', '月份，如 2025-06')
    .option('--format <docx|pdf|xlsx>', '格式', 'docx')
    .option('--out <FILE>', '输出文件（默认 bulletin-<月份>.<格式>）')
    .option('--plan <FILE>', '计划文件（默认使用数据库中的计划）')
    .option('--by <NAME>', '生成人（默认当前系统用户）')
    .action(async (opts: BulletinOptions, cmd: Command) => {
      const format = reportFormat(opts.format);
      const period = periodOption(opts.period);
      const out = inputPath(cmd, opts.out ?? `bulletin-${opts.period}.${format}`);
      await withStore(cmd, async (store) => {
        const { plan } = await planFor(store, opts.plan && inputPath(cmd, opts.plan));
        const model = await bulletinModel(store.driver, plan, period, opts.by ?? userInfo().username);
        const bytes = await writeBulletin(model, () => bulletinDocument(model), format);
        writeFileSync(out, bytes);
        ioOf(cmd).out.write(
          `已生成月度监测简报 ${out}（${format.toUpperCase()}，${bytes.length} 字节，数据版本 ${model.dataVersion}${model.simulated ? '，含模拟数据' : ''}）\n`,
        );
      });
    });
}

function periodOption(value: string): Period {
  try {
    return parsePeriod(value);
  } catch (e) {
    throw new UserError({
      place: '--period',
      value,
      message: e instanceof PeriodError ? e.message : '期间无效',
    });
  }
}
