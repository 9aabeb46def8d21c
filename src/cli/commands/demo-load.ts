import type { Command } from 'commander';
import { UserError } from '../../domain/user-error.js';
import { hasDemoData, hasRegistry, loadDemoData, loadDemoRegistry } from '../../ingest/load-demo-data.js';
import { ioOf } from '../cli-io.js';
import { planFor, withStore } from '../context.js';

export function registerDemoLoad(demo: Command): void {
  demo
    .command('load')
    .description(
      '生成并导入演示用模拟数据（各模拟平台逐月批次，标注为模拟）/ load the simulated demonstration dataset',
    )
    .option('--from <YEAR>', '起始年份', '2020')
    .option('--to <YEAR>', '结束年份', '2025')
    .option('--rows <N>', '每个平台每年的行数', '6000')
    .option('--force', '已有模拟数据时也重新导入（同一平台×月份的批次被替换）')
    .action(async (opts: { from: string; to: string; rows: string; force?: boolean }, cmd: Command) => {
      const from = Number(opts.from);
      const to = Number(opts.to);
      const rows = Number(opts.rows);
      if (!Number.isInteger(from) || !Number.isInteger(to) || from < 2020 || to > 2035 || from > to)
        throw new UserError({
          place: '--from/--to',
          value: `${opts.from}–${opts.to}`,
          message: '年份范围应在 2020–2035 之间且起始不晚于结束',
        });
      if (!Number.isInteger(rows) || rows < 1)
        throw new UserError({
          place: '--rows',
          value: opts.rows,
          message: '应为正整数',
          hint: '例如 --rows 6000',
        });
      await withStore(cmd, async (store) => {
        const { plan } = await planFor(store);
        if (!opts.force && (await hasDemoData(store))) {
          if (!(await hasRegistry(store))) {
            const n = await loadDemoRegistry(store, plan, { through: `${to}-12` });
            ioOf(cmd).out.write(`已导入模拟重点企业项目库（simulated）：${n} 个对象，计数指标已更新。\n`);
          }
          ioOf(cmd).out.write('数据库中已有模拟数据，跳过（--force 可重新导入）。\n');
          return;
        }
        const t0 = Date.now();
        const r = await loadDemoData(store, plan, {
          from,
          to,
          rows,
          onProgress: (line) => ioOf(cmd).out.write(`${line}\n`),
        });
        const entities = await loadDemoRegistry(store, plan, { through: `${to}-12` });
        ioOf(cmd).out.write(`模拟重点企业项目库（simulated）：${entities} 个对象，计数指标已更新\n`);
        ioOf(cmd).out.write(
          `已导入模拟数据（simulated）：${r.rows} 行，${r.batches} 个批次，用时 ${((Date.now() - t0) / 1000).toFixed(1)} 秒\n`,
        );
      });
    });
}
