import type { ReportTable } from './bulletin-tables.js';
import type { EvaluationModel, EvaluationRow } from './evaluation-model.js';
import { renderSvg } from './report-charts.js';
import type { ReportBlock, ReportDocument } from './report-document.js';
import { fixed, level, PROGRESS_ZH, ROUNDING_NOTE } from './wording-zh.js';

const CMP: Record<string, string> = { '>=': '≥', '>': '>', '=': '', '<=': '≤', '<': '<' };
const LIGHT = { green: '达到序时进度', yellow: '略低于序时进度', red: '明显滞后于序时进度' } as const;

/** A placeholder the analyst replaces in Word (highlighted in the document). */
const todo = (text: string): ReportBlock => ({
  kind: 'paragraph',
  text: `【待分析人员补充：${text}】`,
  placeholder: true,
});

/** What the engine says about one target as of the evaluated year, in one sentence. */
export function judgementZh(row: EvaluationRow, year: number): string {
  const r = row.result;
  const t = r.target;
  const latest = row.latest;
  if (!t) return '';
  const head =
    latest?.value != null ? `${latest.period}年为${level(latest.value, r.unit)}${r.unit}` : '暂无数据';
  const target = `${t.year}年目标${CMP[t.comparator] ?? ''}${level(t.value, r.unit)}${r.unit}`;
  if (r.verdict) {
    if (r.verdict.achieved === null) return `${head}；${target}，${year}年数据暂缺，尚不能判定。`;
    return `${head}；${target}，${r.verdict.achieved ? '已完成' : '未完成'}，完成率${fixed((r.verdict.completion ?? 0) * 100)}%。`;
  }
  const parts = [head, target];
  if (r.completion !== null) parts.push(`完成目标的${fixed(r.completion * 100)}%`);
  if (r.schedule?.status) parts.push(LIGHT[r.schedule.status]);
  if (r.required_growth !== null) parts.push(`此后年均需增长${fixed(r.required_growth * 100)}%方能达标`);
  if (r.projection?.meets_target != null)
    parts.push(`按基期以来年均增速推算${r.projection.meets_target ? '可以' : '难以'}如期达标`);
  return `${parts.join('，')}。`;
}

function targetsTable(m: EvaluationModel): ReportTable {
  const names = new Map(m.plan.areas.map((a) => [a.code, a.name]));
  return {
    title: `表1　规划目标进展（截至${m.year}年）`,
    head: [
      '指标',
      '区域',
      '单位',
      '基期值',
      '最新值',
      '目标',
      '完成率(%)',
      m.kind === 'final' ? '结论' : '所需年均增速(%)',
      '序时进度',
      'Open SDG 进展',
    ],
    rows: m.rows.map(({ indicator, area, result: r, latest }) => [
      indicator.name,
      names.get(area) ?? area,
      r.unit,
      r.baseline ? `${level(r.baseline.value, r.unit)}（${r.baseline.year}）` : '—',
      latest?.value != null ? `${level(latest.value, r.unit)}（${latest.period}）` : '—',
      r.target
        ? `${CMP[r.target.comparator] ?? ''}${level(r.target.value, r.unit)}（${r.target.year}）`
        : '—',
      r.verdict?.completion != null
        ? fixed(r.verdict.completion * 100)
        : r.completion !== null
          ? fixed(r.completion * 100)
          : '—',
      r.verdict
        ? r.verdict.achieved === null
          ? '数据暂缺'
          : r.verdict.achieved
            ? '已完成'
            : '未完成'
        : r.required_growth !== null
          ? fixed(r.required_growth * 100)
          : '—',
      r.schedule?.status ? LIGHT[r.schedule.status] : '—',
      r.progress ? PROGRESS_ZH[r.progress.status] : '—',
    ]),
    note: '最新值为截至评估年份有数据的最近一年；所需年均增速为自最新值至目标年每年需达到的增速；Open SDG 进展按联合国可持续发展目标进度评价方法（有目标时为方法2）。',
  };
}

function trendChart(m: EvaluationModel, row: EvaluationRow): ReportBlock | null {
  if (row.series.length < 2) return null;
  const r = row.result;
  const years = [...new Set([...row.series, ...row.path].map((p) => p.year))].sort((a, b) => a - b);
  const at = (pts: { year: number; value: number }[], y: number): number | null => {
    const v = pts.find((p) => p.year === y)?.value;
    return v === undefined ? null : Math.round(v * 10) / 10;
  };
  const title = `${row.indicator.name}：实际值与目标路径`;
  return {
    kind: 'chart',
    chart: {
      title,
      width: 720,
      height: 320,
      svg: renderSvg(
        {
          title: {
            text: title,
            subtext: `单位：${r.unit} · 数据版本 ${m.dataVersion}${m.simulated ? ' · 含模拟数据' : ''}`,
            left: 'center',
            textStyle: { fontSize: 15 },
            subtextStyle: { fontSize: 10 },
          },
          legend: { top: 54 },
          grid: { top: 92, left: 64, right: 24, bottom: 36 },
          xAxis: { type: 'category', data: years.map(String) },
          yAxis: { type: 'value', name: r.unit },
          series: [
            { type: 'line', name: '实际值', data: years.map((y) => at(row.series, y)), symbolSize: 8 },
            {
              type: 'line',
              name: '目标路径（等速增长）',
              data: years.map((y) => at(row.path, y)),
              lineStyle: { type: 'dashed' },
            },
          ],
          ...(m.simulated
            ? {
                graphic: [
                  {
                    type: 'text',
                    right: 12,
                    bottom: 6,
                    style: { text: '模拟数据', fill: 'rgba(200,0,0,0.55)', fontSize: 14 },
                  },
                ],
              }
            : {}),
        },
        720,
        320,
      ),
    },
  };
}

/**
 * The evaluation (中期评估 / 总结评估): per target the baseline, latest, target, completion, the growth still
 * required or the verdict, the trend against the path and the Open SDG status, from the engine; the
 * narrative is a skeleton of highlighted placeholders the analyst completes in Word.
 */
export function evaluationDocument(m: EvaluationModel): ReportDocument {
  const name = m.kind === 'final' ? '总结评估' : '中期评估';
  const judged = m.rows.filter((r) =>
    r.result.verdict ? r.result.verdict.achieved !== null : r.result.schedule?.status != null,
  );
  const achieved = m.rows.filter((r) => r.result.verdict?.achieved === true).length;
  const green = m.rows.filter((r) => r.result.schedule?.status === 'green').length;
  const summary =
    m.kind === 'final'
      ? `规划共设${m.rows.length}项目标，截至${m.year}年有数据可判定的${judged.length}项中，已完成${achieved}项，未完成${judged.length - achieved}项。`
      : `规划共设${m.rows.length}项目标，截至${m.year}年有数据可判定的${judged.length}项中，${green}项达到序时进度。`;
  const names = new Map(m.plan.areas.map((a) => [a.code, a.name]));
  const blocks: ReportBlock[] = [
    { kind: 'heading', text: '一、评估说明' },
    {
      kind: 'paragraph',
      text: `本报告对照《${m.plan.metadata.title.replace(/[《》]/g, '')}》（${m.plan.metadata.document_number ?? ''}）确定的目标，评估截至${m.year}年的实施进展。各项数据由监测平台按统计口径计算：完成率为实际值与目标值之比，序时进度为基期至目标年等速增长路径上的当年值，所需年均增速按水平法计算，目标年度结束后直接判定是否完成，不再预测。`,
    },
    { kind: 'heading', text: '二、总体进展' },
    { kind: 'paragraph', text: summary },
    todo('总体评价（规划实施的主要成效与总体判断）'),
    { kind: 'table', table: targetsTable(m) },
    { kind: 'heading', text: '三、主要目标进展' },
  ];
  for (const row of m.rows.filter((r) => r.indicator.headline)) {
    blocks.push({ kind: 'heading', text: `${row.indicator.name}（${names.get(row.area) ?? row.area}）` });
    blocks.push({ kind: 'paragraph', text: judgementZh(row, m.year) });
    const chart = trendChart(m, row);
    if (chart) blocks.push(chart);
    blocks.push(todo(`${row.indicator.name}进展的原因分析`));
  }
  blocks.push(
    { kind: 'heading', text: '四、存在的问题' },
    todo('实施中存在的主要问题'),
    { kind: 'heading', text: m.kind === 'final' ? '五、经验与下一步工作建议' : '五、下一阶段工作建议' },
    todo(m.kind === 'final' ? '主要经验与“十五五”工作建议' : '后续年度的重点任务与保障措施'),
  );
  return {
    title: `${m.plan.metadata.title.replace(/[《》]/g, '')}${name}报告`,
    subtitle: `截至${m.year}年 · ${m.plan.metadata.issuer}（初稿，供分析人员完善）`,
    simulated: m.simulated,
    blocks,
    notes: [
      ROUNDING_NOTE,
      `数据：截至生成时已入库的数据（最新月份 ${m.latestMonth ?? '—'}，数据版本 ${m.dataVersion}）。生成时间 ${m.generatedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC，生成人 ${m.generatedBy}。`,
      ...(m.simulated
        ? ['模拟数据：本报告含演示用模拟数据（每页标注“模拟数据”），不得作为正式评估结论引用。']
        : []),
    ],
    footer: `${m.plan.metadata.title} · ${name} ${m.year} · 数据版本 ${m.dataVersion}${m.simulated ? ' · 含模拟数据' : ''}`,
  };
}
