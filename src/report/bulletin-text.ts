import { periodLabelZh } from '../domain/period.js';
import { YTD_METHOD_TEXT } from '../engine/maths/index.js';
import type { BulletinModel, BulletinRow } from './bulletin-model.js';
import { chineseCount, fixed, gapZh, growthZh, level, pointsChangeZh, spanZh } from './wording-zh.js';

/** The headline sentence of one indicator, NBS style, from the engine's figures (null without a value). */
export function rowSentence(row: BulletinRow, months: number, area: string): string | null {
  const { result: r, indicator } = row;
  if (r.value === null) return null;
  const parts: string[] = [];
  if (row.flow) {
    let s = `${spanZh(months)}，${area}实现${indicator.name}${level(r.value, r.unit)}${r.unit}`;
    if (r.yoy?.value != null) {
      s += `，${growthZh(r.yoy.value)}`;
      const before = row.before?.yoy?.value;
      if (before != null) s += `，增速比${spanZh(months - 1)}${pointsChangeZh((r.yoy.value - before) * 100)}`;
    }
    parts.push(s);
    if (r.verdict) parts.push(verdictZh(r.verdict));
    else if (r.ytd?.completion != null && r.ytd.time_gap_points != null) {
      let t = `完成全年目标的${fixed(r.ytd.completion * 100)}%，${gapZh(r.ytd.time_gap_points, '序时进度')}`;
      if (r.ytd.light_on !== 'time_proportional' && r.ytd.seasonal_gap_points != null)
        t += `，按${seasonalBasisZh(r.ytd.seasonal_years)}测算${gapZh(r.ytd.seasonal_gap_points, '季节进度')}`;
      parts.push(t);
    }
  } else {
    let s = `截至${months}月末，${area}${indicator.name}${level(r.value, r.unit)}${r.unit}`;
    if (r.verdict) s += `，${verdictZh(r.verdict)}`;
    else if (r.target && r.completion !== null)
      s += `，为${r.target.year}年目标的${fixed(r.completion * 100)}%`;
    parts.push(s);
  }
  return `${parts.join('；')}。`;
}

function verdictZh(v: NonNullable<BulletinRow['result']['verdict']>): string {
  const c = v.completion === null ? '' : `，完成率${fixed(v.completion * 100)}%`;
  return `${v.year}年目标${v.achieved ? '已完成' : '未完成'}${c}`;
}

/** "近三年同期" or "上年同期". */
export function seasonalBasisZh(years: readonly number[]): string {
  return years.length === 1
    ? `上年（${years[0]}年）同期进度`
    : `近${chineseCount(years.length)}年同期平均进度`;
}

/** The bulletin's paragraphs: one per headline indicator with a value, main indicator first. */
export function bulletinSentences(m: BulletinModel): string[] {
  const rows = m.main ? [m.main, ...m.rows.filter((r) => r !== m.main)] : m.rows;
  return rows.map((r) => rowSentence(r, m.months, '全市')).filter((s): s is string => s !== null);
}

/** The bulletin's title and subtitle. */
export function bulletinTitle(m: BulletinModel): { title: string; subtitle: string } {
  return {
    title: `${m.plan.metadata.title.replace(/[《》]/g, '')}监测简报`,
    subtitle: `${periodLabelZh({ kind: 'month', year: m.year, month: m.months })} · ${m.plan.metadata.issuer}`,
  };
}

/** The data notes: 口径, method, rounding, sources, publication state, simulated data. */
export function bulletinNotes(m: BulletinModel, rounding: string): string[] {
  const methods = new Set(
    m.rows.flatMap((r) => (r.result.ytd ? [YTD_METHOD_TEXT[r.result.ytd.light_on].zh] : [])),
  );
  return [
    `口径：${spanZh(m.months)}累计值为当年1月至${m.months}月之和；同比增速优先采用来源公布的可比口径增速，无公布值时按水平值计算。存量指标为${m.months}月末数。`,
    `进度：年内各月均以${spanZh(m.months)}累计值对照全年目标（规划未给出年度目标时，取基期至目标年的等速增长路径上的当年值）。“序时进度”为时间进度 ${m.months}/12；“季节进度”为往年同期累计占全年比重。红黄绿灯依据：${[...methods].join('；') || '—'}。`,
    rounding,
    `来源：${m.sources.join('；') || '—'}。`,
    `发布状态：初步数据，依据截至生成时已入库的数据（最新月份 ${m.latestMonth ?? '—'}，数据版本 ${m.dataVersion}），以统计部门正式发布为准。生成时间 ${m.generatedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC，生成人 ${m.generatedBy}。`,
    ...(m.simulated
      ? ['模拟数据：本简报含由演示用生成器产生的模拟数据（每页标注“模拟数据”），不得作为正式统计数据引用。']
      : []),
  ];
}
