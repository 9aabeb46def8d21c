import type { Command } from 'commander';
import { UserError } from '../../domain/user-error.js';
import { queryObservations } from '../../store/observation-repository.js';
import { ioOf } from '../cli-io.js';
import { withStore } from '../context.js';
import { toCsv, toTable } from '../output.js';
import { parseVisibility, VISIBILITY_HELP } from '../visibility-option.js';

const CSV_COLUMNS = [
  'measure',
  'area',
  'period',
  'value',
  'unit',
  'domain',
  'platform',
  'category',
  'published_yoy',
  'source',
  'batch_id',
  'simulated',
] as const;

export function registerObservations(program: Command): void {
  program
    .command('observations')
    .description('列出观测值 / list observations')
    .option('--measure <ID>', '度量代码')
    .option('--area <CODE>', '区划代码')
    .option('--period <P>', '期间，如 2021、2021-Q1、2021-03、2021-01/2021-03')
    .option('--domain <ID>', '领域（默认只列合计）')
    .option('--platform <ID>', '平台（默认只列合计）')
    .option('--all', '包括所有分组（领域、平台、品类）')
    .option('--format <table|csv|json>', '输出格式', 'table')
    .option('--as <published|working|open>', VISIBILITY_HELP, 'published')
    .action(
      async (
        opts: {
          measure?: string;
          area?: string;
          period?: string;
          domain?: string;
          platform?: string;
          all?: boolean;
          format: string;
          as: string;
        },
        cmd: Command,
      ) => {
        if (!['table', 'csv', 'json'].includes(opts.format))
          throw new UserError({
            place: '--format',
            value: opts.format,
            message: '不支持的格式',
            hint: '可用 table、csv、json',
          });
        const visibility = parseVisibility(opts.as);
        await withStore(cmd, async (store) => {
          const rows = await queryObservations(store.driver, {
            visibility,
            ...(opts.measure ? { measure: opts.measure } : {}),
            ...(opts.area ? { area: opts.area } : {}),
            ...(opts.period ? { period: opts.period } : {}),
            ...(opts.domain ? { domain: opts.domain } : {}),
            ...(opts.platform ? { platform: opts.platform } : {}),
            ...(opts.all ? { totalsOnly: false } : {}),
          });
          if (opts.format === 'csv') ioOf(cmd).out.write(toCsv(CSV_COLUMNS, rows));
          else if (opts.format === 'json') ioOf(cmd).out.write(`${JSON.stringify(rows, null, 2)}\n`);
          else
            ioOf(cmd).out.write(
              `${toTable(
                ['度量', '地区', '期间', '数值', '单位', '分组', '来源', '模拟'],
                rows.map((r) => [
                  r.measure,
                  r.area,
                  r.period,
                  r.value,
                  r.unit,
                  [r.domain, r.platform, r.category].filter(Boolean).join('/'),
                  r.source ?? '',
                  r.simulated ? '是' : '',
                ]),
                [false, false, false, true],
              )}共 ${rows.length} 条\n`,
            );
        });
      },
    );
}
