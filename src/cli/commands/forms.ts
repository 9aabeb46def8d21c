import type { Command } from 'commander';
import { alertSettingsFromEnv } from '../../forms/alerts.js';
import { cliActor, type FormActor, parseApprovalLevel } from '../../forms/form-actor.js';
import { progressLabel } from '../../forms/progress.js';
import { type FormEntry, FormService, type Submission } from '../../forms/submissions.js';
import { isEnterpriseForm } from '../../plan/form-spec.js';
import type { Store } from '../../store/open-store.js';
import { STATUS_ZH } from '../../store/write/batch-states.js';
import { inputPath, ioOf } from '../cli-io.js';
import { planFor, withStore } from '../context.js';
import { parseFormat, toCsv, toTable } from '../output.js';
import { actorOf } from './batches.js';

async function service(store: Store): Promise<FormService> {
  const { plan } = await planFor(store);
  return new FormService(store, plan, { alerts: alertSettingsFromEnv() });
}

const actorFrom = (opts: { actor?: string; level?: string }): FormActor =>
  cliActor(actorOf(opts), parseApprovalLevel(opts.level ?? 'city'));

/** A submission's state as printed: `已提交·区县已审核（审核人）` once a district reviewer approved it. */
const stateOf = (s: Submission): string =>
  `${STATUS_ZH[s.status]}${s.approval_level === 'district' ? `·区县已审核（${s.district_approved_by}）` : ''}`;

function describeEntry(forms: FormService, e: FormEntry): string {
  const s = e.submission;
  const status = s ? `${stateOf(s)}（${s.batch_id}）` : '未填报';
  const lines = [
    `${e.form.name} · ${forms.names.area(e.area).zh} · ${e.period}：${status}`,
    ...e.form.measures.map(
      (m) =>
        `  ${forms.names.measure(m.measure).zh}（${m.unit}）：${e.values[m.measure] ?? '—'}${e.published[m.measure] ? `  已发布 ${e.published[m.measure]}` : ''}`,
    ),
    ...e.violations.map(
      (v) =>
        `  ${{ error: '错误', warning: '警告', outlier: '离群' }[v.importance]}：${v.label.zh}：${v.message.zh}（${v.hint.zh}）`,
    ),
  ];
  return `${lines.join('\n')}\n`;
}

export function registerForms(program: Command): void {
  const forms = program.command('forms').description('报表填报、审核与报送进度 / report forms');
  const withForms = (cmd: Command, fn: (f: FormService) => Promise<void>): Promise<void> =>
    withStore(cmd, async (store) => fn(await service(store)));

  forms
    .command('list')
    .description('计划中的报表 / the plan’s forms')
    .action(async (_opts: object, cmd: Command) =>
      withForms(cmd, async (f) => {
        ioOf(cmd).out.write(
          toTable(
            ['报表', '名称', '周期', '截止', '填报单位', '填报项'],
            f.forms.map((x) => [
              x.id,
              x.name,
              x.period,
              `期后第${x.deadline.months_after}月${x.deadline.day}日`,
              isEnterpriseForm(x)
                ? `企业：${[...(x.enterprise_kinds ?? []), ...(x.designations ?? [])].join(' ')}`
                : `${x.areas.length} 个区划`,
              x.measures.map((m) => m.measure).join(' '),
            ]),
          ),
        );
      }),
    );

  forms
    .command('template <form>')
    .description('生成某区划某期的 Excel 填报模板 / write the Excel template of a form')
    .requiredOption('--area <CODE>', '区划代码，如 510104；企业报表为统一社会信用代码')
    .requiredOption('--period <P>', '期间，如 2026-10')
    .requiredOption('--out <FILE>', '输出文件（.xlsx）')
    .action(async (form: string, opts: { area: string; period: string; out: string }, cmd: Command) =>
      withForms(cmd, async (f) => {
        await f.template(actorFrom({}), form, opts.area, opts.period, inputPath(cmd, opts.out));
        ioOf(cmd).out.write(`已生成 ${opts.out}\n`);
      }),
    );

  forms
    .command('upload <file>')
    .description('上传填好的模板（存为草稿；--submit 直接提交）/ upload a filled template')
    .option('--submit', '校验通过后提交')
    .option('--actor <NAME>', '操作人（默认当前系统用户）')
    .action(async (file: string, opts: { submit?: boolean; actor?: string }, cmd: Command) =>
      withForms(cmd, async (f) => {
        const e = await f.upload(actorFrom(opts), inputPath(cmd, file), {
          submit: !!opts.submit,
          label: file,
        });
        ioOf(cmd).out.write(describeEntry(f, e));
      }),
    );

  forms
    .command('show <form>')
    .description('查看某区划某期的报表、数值与校验结果 / show a form entry')
    .requiredOption('--area <CODE>', '区划代码；企业报表为统一社会信用代码')
    .requiredOption('--period <P>', '期间')
    .action(async (form: string, opts: { area: string; period: string }, cmd: Command) =>
      withForms(cmd, async (f) => {
        ioOf(cmd).out.write(describeEntry(f, await f.entry(actorFrom({}), form, opts.area, opts.period)));
      }),
    );

  const moves = [
    {
      name: 'approve',
      description: '审核通过（--level district 为区县审核）/ approve',
      leveled: true,
      run: (f: FormService, a: FormActor, id: string, r?: string) => f.approve(a, id, r),
    },
    {
      name: 'publish',
      description: '发布 / publish',
      leveled: false,
      run: (f: FormService, a: FormActor, id: string, r?: string) => f.publish(a, id, r),
    },
    {
      name: 'return',
      description: '退回（须 --reason；--level district 为区县审核员退回）/ send back',
      leveled: true,
      run: (f: FormService, a: FormActor, id: string, r?: string) => f.returnSubmission(a, id, r ?? ''),
    },
    {
      name: 'reopen',
      description: '重新打开已审核或已发布的报表（须 --reason）/ reopen',
      leveled: false,
      run: (f: FormService, a: FormActor, id: string, r?: string) => f.reopen(a, id, r ?? ''),
    },
  ];
  for (const move of moves) {
    const command = forms
      .command(`${move.name} <batch>`)
      .description(move.description)
      .option('--reason <TEXT>', '原因')
      .option('--actor <NAME>', '操作人（默认当前系统用户）');
    if (move.leveled)
      command.option(
        '--level <district|city>',
        '审核层级：city 市局审批（默认）；district 区县审核（报表须设 approval_levels: [district, city]）',
        'city',
      );
    command.action(
      async (id: string, opts: { reason?: string; actor?: string; level?: string }, cmd: Command) => {
        const actor = actorFrom(opts);
        await withForms(cmd, async (f) => {
          const s = await move.run(f, actor, id, opts.reason);
          ioOf(cmd).out.write(`报表 ${s.batch_id} 现为${stateOf(s)}\n`);
        });
      },
    );
  }

  forms
    .command('summary <form>')
    .description(
      '企业报表汇总：各区（市）县与全市的填报企业数、已提交、已审核及审核通过数值之和 / enterprise form totals',
    )
    .requiredOption('--period <P>', '期间，如 2025-Q4')
    .option('--format <table|csv|json>', '输出格式', 'table')
    .action(async (form: string, opts: { period: string; format: string }, cmd: Command) => {
      const format = parseFormat(opts.format);
      await withForms(cmd, async (f) => {
        const s = await f.summary(actorFrom({}), form, opts.period);
        const io = ioOf(cmd);
        const measures = s.measures.map((m) => m.measure);
        const all = [...s.rows, s.total];
        const flat: Record<string, string | number>[] = all.map((r, i) => ({
          area: i === s.rows.length ? 'total' : r.area,
          reporters: r.reporters,
          submitted: r.submitted,
          approved: r.approved,
          ...Object.fromEntries(measures.map((m) => [m, r.values[m] ?? ''])),
        }));
        if (format === 'json') io.out.write(`${JSON.stringify(s, null, 2)}\n`);
        else if (format === 'csv')
          io.out.write(toCsv(['area', 'reporters', 'submitted', 'approved', ...measures], flat));
        else
          io.out.write(
            toTable(
              [
                '区划',
                '填报企业',
                '已提交',
                '已审核',
                ...s.measures.map((m) => `${f.names.measure(m.measure).zh}（${m.unit}）`),
              ],
              all.map((r, i) => [
                i === s.rows.length
                  ? `合计（${f.names.area(r.area).zh}）`
                  : `${r.area} ${f.names.area(r.area).zh}`,
                String(r.reporters),
                String(r.submitted),
                String(r.approved),
                ...measures.map((m) => r.values[m] ?? '—'),
              ]),
              [false, true, true, true, ...measures.map(() => true)],
            ),
          );
      });
    });

  forms
    .command('progress')
    .description('报送进度：各报表 × 区划 × 期间的状态、截止日期、逾期天数 / reporting progress')
    .option('--form <ID>', '只看此报表')
    .option('--period <P>', '期间（默认当前应报期）')
    .option('--periods <N>', '最近 N 期', '1')
    .option('--check', '发出提醒：逾期未报、指标亮红灯（写入提醒并推送 webhook）')
    .option('--format <table|csv|json>', '输出格式', 'table')
    .action(
      async (
        opts: { form?: string; period?: string; periods: string; check?: boolean; format: string },
        cmd: Command,
      ) => {
        const format = parseFormat(opts.format);
        await withForms(cmd, async (f) => {
          const rows = await f.progress(actorFrom({}), {
            ...(opts.form ? { form: opts.form } : {}),
            ...(opts.period ? { period: opts.period } : {}),
            periods: Math.max(1, Number(opts.periods) || 1),
          });
          const io = ioOf(cmd);
          if (format === 'json') io.out.write(`${JSON.stringify(rows, null, 2)}\n`);
          else if (format === 'csv')
            io.out.write(
              toCsv(['form', 'area', 'period', 'state', 'deadline', 'days_overdue', 'batch_id'], rows),
            );
          else
            io.out.write(
              toTable(
                ['报表', '区划', '期间', '状态', '截止', '逾期天数'],
                rows.map((r) => [
                  r.form,
                  `${r.area} ${f.names.area(r.area).zh}`,
                  r.period,
                  progressLabel(r),
                  r.deadline,
                  String(r.days_overdue),
                ]),
                [false, false, false, false, false, true],
              ),
            );
          if (opts.check) {
            const late = await f.checkDeadlines();
            const red = await f.checkRedLights([...new Set(rows.map((r) => r.period))]);
            io.out.write(`新发提醒：逾期未报 ${late.length} 条，指标亮红灯 ${red.length} 条\n`);
          }
        });
      },
    );
}
