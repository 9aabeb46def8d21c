import { writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import type { Command } from 'commander';
import { type Period, PeriodError, parsePeriod } from '../../domain/period.js';
import { UserError } from '../../domain/user-error.js';
import { evaluationDocument } from '../../report/evaluation-document.js';
import { evaluationModel } from '../../report/evaluation-model.js';
import { generateBulletin } from '../../report/generate-bulletin.js';
import { reportFormat, writeDocument } from '../../report/write-report.js';
import { archiveReport, listReports, reportBytes } from '../../store/report-archive.js';
import { inputPath, ioOf } from '../cli-io.js';
import { planFor, withStore } from '../context.js';
import { toTable } from '../output.js';

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
        const { id, bytes, model } = await generateBulletin(store.driver, plan, period, format, {
          generatedBy: opts.by ?? userInfo().username,
        });
        writeFileSync(out, bytes);
        ioOf(cmd).out.write(
          `已生成月度监测简报 ${out}（${format.toUpperCase()}，${bytes.length} 字节，数据版本 ${model.dataVersion}${model.simulated ? '，含模拟数据' : ''}；存档 ${id}）\n`,
        );
      });
    });
  registerEvaluation(report);
  registerArchive(report);
}

function registerArchive(report: Command): void {
  report
    .command('list')
    .description('已生成报告的存档（每个版本及其数据版本、生成人）/ archived reports')
    .action(async (_opts: unknown, cmd: Command) => {
      await withStore(cmd, async (store) => {
        const rows = await listReports(store.driver);
        ioOf(cmd).out.write(
          rows.length === 0
            ? '尚无存档报告（ecmon report bulletin / evaluation 生成后自动存档）\n'
            : toTable(
                ['存档编号', '类型', '期间', '格式', '数据版本', '模拟', '生成人', '生成时间(UTC)', '字节'],
                rows.map((r) => [
                  r.id,
                  r.kind === 'bulletin' ? '月度简报' : '评估报告',
                  r.period,
                  r.format,
                  String(r.dataVersion),
                  r.simulated ? '是' : '',
                  r.generatedBy,
                  r.generatedAt,
                  String(r.sizeBytes),
                ]),
              ),
        );
      });
    });
  report
    .command('get')
    .description('取出一个存档版本 / write an archived report to a file')
    .argument('<ID>', '存档编号（ecmon report list）')
    .requiredOption('--out <FILE>', '输出文件')
    .action(async (id: string, opts: { out: string }, cmd: Command) => {
      await withStore(cmd, async (store) => {
        const bytes = await reportBytes(store.driver, id);
        if (!bytes)
          throw new UserError({
            place: 'ID',
            value: id,
            message: '没有这个存档编号',
            hint: 'ecmon report list 列出全部存档',
          });
        const out = inputPath(cmd, opts.out);
        writeFileSync(out, bytes);
        ioOf(cmd).out.write(`已写出存档 ${id} → ${out}（${bytes.length} 字节）\n`);
      });
    });
}

interface EvaluationOptions {
  year: string;
  format: string;
  out?: string;
  plan?: string;
  by?: string;
}

function registerEvaluation(report: Command): void {
  report
    .command('evaluation')
    .description('中期评估 / 总结评估报告初稿（DOCX、PDF）/ mid-term or final evaluation')
    .requiredOption('--year <YYYY>', '评估截至的年份：规划末年之前为中期评估，末年及以后为总结评估')
    .option('--format <docx|pdf>', '格式', 'docx')
    .option('--out <FILE>', '输出文件（默认 evaluation-<年份>.<格式>）')
    .option('--plan <FILE>', '计划文件（默认使用数据库中的计划）')
    .option('--by <NAME>', '生成人（默认当前系统用户）')
    .action(async (opts: EvaluationOptions, cmd: Command) => {
      const format = reportFormat(opts.format, ['docx', 'pdf']) as 'docx' | 'pdf';
      await withStore(cmd, async (store) => {
        const { plan } = await planFor(store, opts.plan && inputPath(cmd, opts.plan));
        const year = yearOption(opts.year, plan.metadata.period.base_year);
        const out = inputPath(cmd, opts.out ?? `evaluation-${year}.${format}`);
        const model = await evaluationModel(store.driver, plan, year, opts.by ?? userInfo().username);
        const bytes = await writeDocument(evaluationDocument(model), format);
        writeFileSync(out, bytes);
        const id = await archiveReport(store.driver, {
          kind: 'evaluation',
          period: String(year),
          format,
          dataVersion: model.dataVersion,
          simulated: model.simulated,
          generatedBy: model.generatedBy,
          generatedAt: model.generatedAt,
          bytes,
        });
        ioOf(cmd).out.write(
          `已生成${model.kind === 'final' ? '总结' : '中期'}评估报告 ${out}（${format.toUpperCase()}，${model.rows.length} 项目标，数据版本 ${model.dataVersion}${model.simulated ? '，含模拟数据' : ''}；存档 ${id}）\n`,
        );
      });
    });
}

function yearOption(value: string, baseYear: number): number {
  const year = Number(value);
  if (!/^\d{4}$/.test(value) || year <= baseYear || year > 2100)
    throw new UserError({
      place: '--year',
      value,
      message: `评估年份应为基期（${baseYear}年）之后的四位年份`,
      hint: `如 ${baseYear + 3}（中期评估）`,
    });
  return year;
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
