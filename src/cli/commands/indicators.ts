import type { Command } from 'commander';
import { formatPeriod, PeriodError, parsePeriod } from '../../domain/period.js';
import { UserError } from '../../domain/user-error.js';
import { IndicatorEngine } from '../../engine/indicator-engine.js';
import type { IndicatorResult } from '../../engine/indicator-result.js';
import type { Plan } from '../../plan/plan-types.js';
import { inputPath, ioOf } from '../cli-io.js';
import { planFor, withStore } from '../context.js';
import { formatGrowth, formatRatio, formatValue, PROGRESS_ZH, SCHEDULE_ZH } from '../format-zh.js';
import { toCsv, toTable } from '../output.js';
import { parseVisibility, VISIBILITY_HELP } from '../visibility-option.js';

interface Options {
  plan?: string;
  period: string;
  area?: string;
  indicator?: string;
  format: string;
  as: string;
}

export function registerIndicators(program: Command): void {
  program
    .command('indicators')
    .description(
      '计算规划指标：水平、同比、年均增速、完成率、序时进度、所需增速、预测、进度评价 / evaluate plan indicators',
    )
    .requiredOption('--period <P>', '期间，如 2020、2023、2023-Q2、2023-06、2023-01/2023-06')
    .option('--plan <FILE>', '计划文件（默认使用数据库中的计划）')
    .option('--area <CODE|ZONE>', '区划代码或片区代码（默认：各指标的目标地区）')
    .option('--indicator <ID>', '只计算一个指标')
    .option('--format <table|json|csv>', '输出格式', 'table')
    .option('--as <published|working|open>', VISIBILITY_HELP, 'published')
    .action(async (opts: Options, cmd: Command) => {
      const visibility = parseVisibility(opts.as);
      if (!['table', 'csv', 'json'].includes(opts.format))
        throw new UserError({
          place: '--format',
          value: opts.format,
          message: '不支持的格式',
          hint: '可用 table、json、csv',
        });
      let period: ReturnType<typeof parsePeriod>;
      try {
        period = parsePeriod(opts.period);
      } catch (e) {
        throw new UserError({
          place: '--period',
          value: opts.period,
          message: e instanceof PeriodError ? e.message : '期间无效',
        });
      }
      await withStore(cmd, async (store) => {
        const { plan } = await planFor(store, opts.plan && inputPath(cmd, opts.plan));
        checkOptions(plan, opts);
        const engine = new IndicatorEngine(store.driver, plan);
        const results = await engine.evaluate({
          periods: [period],
          ...(opts.area ? { areas: [opts.area] } : {}),
          ...(opts.indicator ? { indicators: [opts.indicator] } : {}),
          explain: opts.format === 'json',
          visibility,
        });
        if (opts.format === 'json') ioOf(cmd).out.write(`${JSON.stringify(results, null, 2)}\n`);
        else if (opts.format === 'csv') ioOf(cmd).out.write(toCsv(CSV_COLUMNS, results.map(flatten)));
        else ioOf(cmd).out.write(table(plan, results, formatPeriod(period)));
      });
    });
}

function checkOptions(plan: Plan, opts: Options): void {
  if (
    opts.area &&
    !plan.areas.some((a) => a.code === opts.area) &&
    !plan.zones.some((z) => z.id === opts.area)
  )
    throw new UserError({
      place: '--area',
      value: opts.area,
      message: '未知的区划代码或片区',
      hint: `区划如 ${plan.root_area}；片区可用 ${plan.zones.map((z) => z.id).join('、')}`,
    });
  if (opts.indicator && !plan.indicators.some((i) => i.id === opts.indicator))
    throw new UserError({
      place: '--indicator',
      value: opts.indicator,
      message: '未知的指标',
      hint: `可用：${plan.indicators
        .slice(0, 6)
        .map((i) => i.id)
        .join('、')} 等（ecmon plan show 可列出全部）`,
    });
}

const CSV_COLUMNS = [
  'indicator',
  'area',
  'period',
  'value',
  'unit',
  'yoy',
  'yoy_naive',
  'yoy_basis',
  'baseline_year',
  'baseline_value',
  'target_year',
  'target_value',
  'target_comparator',
  'avg_growth_since_baseline',
  'completion',
  'schedule_expected',
  'schedule_gap',
  'schedule_status',
  'required_growth',
  'projection_value',
  'projection_meets_target',
  'progress_method',
  'progress_p',
  'progress_score',
  'progress_status',
  'simulated',
] as const;

function flatten(r: IndicatorResult): Record<(typeof CSV_COLUMNS)[number], unknown> {
  return {
    indicator: r.indicator,
    area: r.area,
    period: r.period,
    value: r.value,
    unit: r.unit,
    yoy: r.yoy?.value ?? null,
    yoy_naive: r.yoy?.naive ?? null,
    yoy_basis: r.yoy?.basis ?? null,
    baseline_year: r.baseline?.year ?? null,
    baseline_value: r.baseline?.value ?? null,
    target_year: r.target?.year ?? null,
    target_value: r.target?.value ?? null,
    target_comparator: r.target?.comparator ?? null,
    avg_growth_since_baseline: r.avg_growth_since_baseline,
    completion: r.completion,
    schedule_expected: r.schedule?.expected ?? null,
    schedule_gap: r.schedule?.gap ?? null,
    schedule_status: r.schedule?.status ?? null,
    required_growth: r.required_growth,
    projection_value: r.projection?.value ?? null,
    projection_meets_target: r.projection?.meets_target ?? null,
    progress_method: r.progress?.method ?? null,
    progress_p: r.progress?.p ?? null,
    progress_score: r.progress?.score ?? null,
    progress_status: r.progress?.status ?? null,
    simulated: r.simulated,
  };
}

function table(plan: Plan, results: IndicatorResult[], period: string): string {
  const areaName = new Map<string, string>([
    ...plan.areas.map((a) => [a.code, a.name] as [string, string]),
    ...plan.zones.map((z) => [z.id, z.name] as [string, string]),
  ]);
  const cmp: Record<string, string> = { '>=': '≥', '>': '>', '=': '', '<=': '≤', '<': '<' };
  const rows = results.map((r) => [
    r.name,
    areaName.get(r.area) ?? r.area,
    r.value === null ? '暂无数据' : `${formatValue(r.value, r.unit)} ${r.unit}`,
    r.yoy?.value == null
      ? '—'
      : `${formatGrowth(r.yoy.value)}${r.yoy.basis === 'published_comparable' ? '（可比）' : ''}`,
    r.baseline ? `${formatValue(r.baseline.value, r.unit)}（${r.baseline.year}）` : '—',
    r.target
      ? `${cmp[r.target.comparator] ?? ''}${formatValue(r.target.value, r.unit)}（${r.target.year}）`
      : '—',
    formatRatio(r.completion),
    r.verdict
      ? `${r.verdict.achieved ? '已完成' : '未完成'}（${formatRatio(r.verdict.completion)}）`
      : r.schedule?.status
        ? `${SCHEDULE_ZH[r.schedule.status]} ${formatGrowth(r.schedule.gap)}`
        : '—',
    formatGrowth(r.required_growth),
    r.projection?.value == null
      ? '—'
      : `${formatValue(r.projection.value, r.unit)}${r.projection.meets_target ? ' 可达标' : ' 难达标'}`,
    r.progress ? PROGRESS_ZH[r.progress.status] : '—',
    r.simulated ? '模拟' : '',
  ]);
  const simulated = results.some((r) => r.simulated) ? '\n注：含模拟数据（simulated data）。' : '';
  return (
    `${plan.metadata.title} 指标评价 · 期间 ${period}\n` +
    toTable(
      [
        '指标',
        '地区',
        '数值',
        '同比',
        '基期',
        '目标',
        '完成率',
        '序时进度',
        '所需年均增速',
        '目标年预测',
        '进度评价',
        '数据',
      ],
      rows,
      [false, false, true, true, true, true, true, false, true, true, false, false],
    ) +
    `共 ${results.length} 项${simulated}\n`
  );
}
