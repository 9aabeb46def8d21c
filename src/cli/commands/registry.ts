import { userInfo } from 'node:os';
import type { Command } from 'commander';
import { UserError } from '../../domain/user-error.js';
import type { Plan } from '../../plan/plan-types.js';
import { neutralised } from '../../registry/cell-text.js';
import { type ImportOutcome, importRegistryFile } from '../../registry/import-registry.js';
import { materialiseCounts } from '../../registry/materialise-counts.js';
import { entityHistory, readRegistry } from '../../registry/registry-repository.js';
import { registrySheets, templateSheets } from '../../registry/registry-sheets.js';
import { writeRegistryWorkbook } from '../../registry/registry-workbook.js';
import { searchEntities } from '../../registry/search-registry.js';
import { inputPath, ioOf } from '../cli-io.js';
import { planFor, withStore } from '../context.js';
import { toCsv, toTable } from '../output.js';

const formats = ['table', 'csv', 'json'];

function checkFormat(format: string): void {
  if (!formats.includes(format))
    throw new UserError({
      place: '--format',
      value: format,
      message: '不支持的格式',
      hint: '可用 table、csv、json',
    });
}

function kindNames(plan: Plan): string {
  return ['enterprise（企业）', ...plan.registry.kinds.map((k) => `${k.id}（${k.name}）`)].join('、');
}

function designationName(plan: Plan, id: string): string {
  return plan.registry.designations.find((d) => d.id === id)?.name ?? id;
}

function describeImport(out: ImportOutcome, dryRun: boolean): string {
  const c = out.changes;
  const n = (list: { id: string }[], fixed: string[]): string =>
    `${list.length - fixed.length} 新增、${fixed.length} 更正`;
  const lines = [
    `企业/载体/项目：${n(c.entities, out.corrected.entities)}`,
    `认定：${n(c.designations, out.corrected.designations)}`,
    `信用记录：${n(c.credit, out.corrected.credit)}`,
  ];
  if (dryRun) {
    for (const e of c.entities)
      lines.push(`  ${out.corrected.entities.includes(e.id) ? '更正' : '新增'} ${e.kind} ${e.id} ${e.name}`);
    for (const d of c.designations)
      lines.push(
        `  ${out.corrected.designations.includes(d.id) ? '更正' : '新增'} 认定 ${d.entity_id} ${d.designation} ${d.valid_from}–${d.valid_to ?? ''}`,
      );
    for (const r of c.credit)
      lines.push(
        `  ${out.corrected.credit.includes(r.id) ? '更正' : '新增'} 信用 ${r.entity_id} ${r.credit_type} ${r.record_date}`,
      );
    lines.push('试运行：未写入任何数据。');
  } else if (out.version === null) lines.push('与库中内容相同，未写入。');
  else
    lines.push(
      `已写入重点企业项目库第 ${out.version} 版；计数已更新为批次 ${out.batchId}（${out.observations} 个观测值）。`,
    );
  return `${lines.join('\n')}\n`;
}

export function registerRegistry(program: Command): void {
  const reg = program
    .command('registry')
    .description('重点企业项目库（企业、载体、项目、认定、信用）/ key enterprise and project registry');

  reg
    .command('template <kind>')
    .description('生成某类对象的导入模板（XLSX，中文表头，下拉列表）/ write an import template')
    .requiredOption('--out <FILE>', '输出文件（.xlsx）')
    .option('--plan <FILE>', '计划文件（默认使用数据库中的计划）')
    .action(async (kind: string, opts: { out: string; plan?: string }, cmd: Command) => {
      await withStore(cmd, async (store) => {
        const { plan } = await planFor(store, opts.plan && inputPath(cmd, opts.plan));
        const sheets = templateSheets(plan, kind);
        if (!sheets)
          throw new UserError({
            place: 'KIND',
            value: kind,
            message: '不是本计划的对象类别',
            hint: `可用：${kindNames(plan)}`,
          });
        const out = inputPath(cmd, opts.out);
        await writeRegistryWorkbook(out, plan, sheets, null);
        ioOf(cmd).out.write(`${opts.out}: 已生成模板（工作表：${sheets.map((s) => s.name).join('、')}）\n`);
      });
    });

  reg
    .command('import <file>')
    .description('导入企业、载体、认定和信用记录（XLSX 或 CSV；全部通过才写入）/ import registry records')
    .option('--dry-run', '只校验并列出将要发生的变化，不写入')
    .option('--by <NAME>', '操作人（默认当前系统用户）')
    .option('--reason <TEXT>', '变更原因（更正时请写明）')
    .option('--plan <FILE>', '计划文件（默认使用数据库中的计划）')
    .action(
      async (
        given: string,
        opts: { dryRun?: boolean; by?: string; reason?: string; plan?: string },
        cmd: Command,
      ) => {
        await withStore(cmd, async (store) => {
          const { plan } = await planFor(store, opts.plan && inputPath(cmd, opts.plan));
          const out = await importRegistryFile(store, plan, inputPath(cmd, given), {
            label: given,
            dryRun: !!opts.dryRun,
            by: opts.by ?? userInfo().username,
            reason: opts.reason ?? null,
          });
          ioOf(cmd).out.write(describeImport(out, !!opts.dryRun));
        });
      },
    );

  reg
    .command('export')
    .description('按模板格式导出当前库中全部记录（XLSX）/ export the registry')
    .requiredOption('--out <FILE>', '输出文件（.xlsx）')
    .action(async (opts: { out: string }, cmd: Command) => {
      await withStore(cmd, async (store) => {
        const { plan } = await planFor(store);
        const content = await readRegistry(store.driver);
        await writeRegistryWorkbook(inputPath(cmd, opts.out), plan, registrySheets(plan), content);
        ioOf(cmd).out.write(
          `${opts.out}: 已导出 ${content.entities.length} 个对象、${content.designations.length} 条认定、${content.credit.length} 条信用记录\n`,
        );
      });
    });

  reg
    .command('list')
    .description('列出库中对象 / list entities')
    .option('--q <TEXT>', '名称关键字或代码前缀')
    .option('--kind <ID>', '类别')
    .option('--area <CODE>', '区划代码')
    .option('--designation <ID>', '认定类型')
    .option('--at <DATE>', '只看该日有效的认定（YYYY-MM-DD）')
    .option('--format <table|csv|json>', '输出格式', 'table')
    .action(
      async (
        opts: { q?: string; kind?: string; area?: string; designation?: string; at?: string; format: string },
        cmd: Command,
      ) => {
        checkFormat(opts.format);
        await withStore(cmd, async (store) => {
          const { plan } = await planFor(store);
          const hits = searchEntities(await readRegistry(store.driver), {
            ...(opts.q ? { q: opts.q } : {}),
            ...(opts.kind ? { kind: opts.kind } : {}),
            ...(opts.area ? { areas: [opts.area] } : {}),
            ...(opts.designation ? { designation: opts.designation } : {}),
            ...(opts.at ? { at: opts.at } : {}),
          });
          const io = ioOf(cmd);
          if (opts.format === 'json') {
            io.out.write(`${JSON.stringify(hits, null, 2)}\n`);
            return;
          }
          const rows = hits.map((h) => ({
            id: h.entity.id,
            kind: h.entity.kind,
            name: h.entity.name,
            area: h.entity.area,
            designations: [...new Set(h.designations.map((d) => designationName(plan, d.designation)))].join(
              '；',
            ),
          }));
          if (opts.format === 'csv') {
            const safe = rows.map(
              (r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, neutralised(v)])) as typeof r,
            );
            io.out.write(toCsv(['id', 'kind', 'name', 'area', 'designations'], safe));
            return;
          }
          io.out.write(
            `${toTable(
              ['编号', '类别', '名称', '区划', '认定'],
              rows.map((r) => [r.id, r.kind, r.name, r.area, r.designations]),
            )}\n共 ${rows.length} 个\n`,
          );
        });
      },
    );

  reg
    .command('show <id>')
    .description('显示一个对象：认定时间线、信用记录和全部版本 / show one entity')
    .option('--format <table|json>', '输出格式', 'table')
    .action(async (id: string, opts: { format: string }, cmd: Command) => {
      checkFormat(opts.format);
      await withStore(cmd, async (store) => {
        const { plan } = await planFor(store);
        const content = await readRegistry(store.driver);
        const entity = content.entities.find((e) => e.id === id);
        if (!entity)
          throw new UserError({
            place: 'ID',
            value: id,
            message: '库中没有此对象',
            hint: '用 ecmon registry list --q 关键字 查找编号',
          });
        const designations = content.designations.filter((d) => d.entity_id === id);
        const credit = content.credit.filter((c) => c.entity_id === id);
        const history = await entityHistory(store.driver, id);
        const io = ioOf(cmd);
        if (opts.format === 'json') {
          io.out.write(`${JSON.stringify({ entity, designations, credit, history }, null, 2)}\n`);
          return;
        }
        io.out.write(`${entity.name}（${entity.id}，${entity.kind}，${entity.area}）\n\n认定：\n`);
        io.out.write(
          `${toTable(
            ['认定', '生效', '失效', '机构', '文号'],
            designations.map((d) => [
              designationName(plan, d.designation),
              d.valid_from,
              d.valid_to ?? '',
              d.body ?? '',
              d.document ?? '',
            ]),
          )}\n\n信用记录：\n`,
        );
        io.out.write(
          `${toTable(
            ['类型', '日期', '文书', '公示'],
            credit.map((c) => [c.credit_type, c.record_date, c.document ?? '', c.public ? '是' : '否']),
          )}\n\n版本：\n`,
        );
        io.out.write(
          `${toTable(
            ['版本', '记录', '内容', '操作人', '时间', '原因'],
            history.map((h) => [
              String(h.version),
              String(h.record),
              String(h.what),
              String(h.recorded_by),
              String(h.recorded_at),
              String(h.reason ?? ''),
            ]),
          )}\n`,
        );
      });
    });

  reg
    .command('recount')
    .description('按计划的计数规则重新计数（计划的计数规则改变后使用）/ recount the plan’s count measures')
    .option('--through <YYYY-MM>', '计数截至的月份（默认：最新数据月份或本月）')
    .action(async (opts: { through?: string }, cmd: Command) => {
      if (opts.through && !/^\d{4}-(0[1-9]|1[0-2])$/.test(opts.through))
        throw new UserError({
          place: '--through',
          value: opts.through,
          message: '应为 YYYY-MM',
          hint: '例如 2025-12',
        });
      await withStore(cmd, async (store) => {
        const { plan } = await planFor(store);
        const r = await store.driver.transaction((tx) =>
          materialiseCounts(
            { driver: tx, dialect: store.dialect },
            plan,
            opts.through ? { through: opts.through } : {},
          ),
        );
        ioOf(cmd).out.write(
          `已按 ${r.measures} 条计数规则计数至 ${r.through}：批次 ${r.batchId}，${r.observations} 个观测值\n`,
        );
      });
    });
}
