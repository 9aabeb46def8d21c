import type { Command } from 'commander';
import { breakdownKey } from '../../domain/breakdown.js';
import { UserError } from '../../domain/user-error.js';
import { isDimensionCode } from '../../plan/dimensions.js';
import { queryObservations } from '../../store/observation-repository.js';
import { activePlan } from '../../store/plan-repository.js';
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
  'breakdown',
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
    .option(
      '--breakdown <DIM=CODE,…>',
      '分组，按计划的维度，如 domain=retail_ec,platform=sim-mall（默认只列合计）',
    )
    .option('--domain <ID>', '同 --breakdown domain=ID')
    .option('--platform <ID>', '同 --breakdown platform=ID')
    .option('--all', '包括所有分组（计划 dimensions 的任意组合）')
    .option('--format <table|csv|json>', '输出格式', 'table')
    .option('--as <published|working|open>', VISIBILITY_HELP, 'published')
    .action(
      async (
        opts: {
          measure?: string;
          area?: string;
          period?: string;
          breakdown?: string;
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
          const breakdown = await breakdownOption(store.driver, opts);
          const found = await queryObservations(store.driver, {
            visibility,
            ...(opts.measure ? { measure: opts.measure } : {}),
            ...(opts.area ? { area: opts.area } : {}),
            ...(opts.period ? { period: opts.period } : {}),
            ...(breakdown ? { breakdown } : {}),
            ...(opts.all ? { totalsOnly: false } : {}),
          });
          const rows = found.map((r) => ({ ...r, breakdown: breakdownKey(r.breakdown) }));
          if (opts.format === 'csv') ioOf(cmd).out.write(toCsv(CSV_COLUMNS, rows));
          else if (opts.format === 'json') ioOf(cmd).out.write(`${JSON.stringify(found, null, 2)}\n`);
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
                  r.breakdown,
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

/**
 * The breakdown asked for (`--breakdown domain=x,platform=y`, `--domain`, `--platform`), each dimension and
 * code checked against the active plan; undefined when none is given.
 */
async function breakdownOption(
  driver: Parameters<typeof activePlan>[0],
  opts: { breakdown?: string; domain?: string; platform?: string },
): Promise<Record<string, string> | undefined> {
  const pairs: [string, string, string][] = [];
  for (const part of (opts.breakdown ?? '').split(',').filter((x) => x.trim() !== '')) {
    const [dim = '', code = ''] = part.split('=').map((x) => x.trim());
    pairs.push([dim, code, '--breakdown']);
  }
  if (opts.domain) pairs.push(['domain', opts.domain, '--domain']);
  if (opts.platform) pairs.push(['platform', opts.platform, '--platform']);
  if (pairs.length === 0) return undefined;
  const dims = (await activePlan(driver))?.plan.dimensions ?? [];
  const out: Record<string, string> = {};
  for (const [dim, code, place] of pairs) {
    const d = dims.find((x) => x.id === dim);
    if (!d)
      throw new UserError({
        place,
        value: dim,
        message: '计划中没有这个分组维度',
        hint: `可用维度：${dims.map((x) => x.id).join('、') || '（无）'}；写作 维度=编码，如 domain=retail_ec`,
      });
    if (!isDimensionCode(d, code))
      throw new UserError({
        place,
        value: `${dim}=${code}`,
        message: `维度 ${dim} 没有这个编码`,
        hint: `可用编码：${d.codes.map((c) => c.code).join('、')}`,
      });
    out[dim] = code;
  }
  return out;
}
