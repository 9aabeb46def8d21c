import type { BulletinModel } from './bulletin-model.js';
import { fixed, level, spanZh } from './wording-zh.js';

/** A table as the documents lay it out (text cells, already rounded by the one rule). */
export interface ReportTable {
  title: string;
  head: string[];
  rows: string[][];
  note?: string;
}

const LIGHT_ZH = { green: '绿（正常）', yellow: '黄（预警）', red: '红（滞后）' } as const;
const CMP: Record<string, string> = { '>=': '≥', '>': '>', '=': '', '<=': '≤', '<': '<' };

const pct = (f: number | null | undefined): string => (f == null ? '—' : fixed(f * 100));
const num = (x: number | null | undefined): string => (x == null ? '—' : fixed(x));

/** The bulletin's tables: targets and lights, districts ranked with 贡献率/拉动, domains. */
export function bulletinTables(m: BulletinModel): ReportTable[] {
  const span = spanZh(m.months);
  const tables: ReportTable[] = [
    {
      title: `表1　主要目标完成情况（${m.year}年${span}）`,
      head: [
        '指标',
        '单位',
        `${span}累计/月末数`,
        '同比增速(%)',
        '全年目标',
        '完成全年目标(%)',
        '序时进度(%)',
        '季节进度(%)',
        '判定',
        '规划目标',
      ],
      rows: m.rows.map(({ indicator, result: r }) => [
        indicator.name,
        r.unit,
        level(r.value, r.unit),
        pct(r.yoy?.value),
        r.ytd ? level(r.ytd.year_target.value, r.unit) : '—',
        r.verdict ? pct(r.verdict.completion) : pct(r.ytd?.completion),
        pct(r.ytd?.time_share),
        pct(r.ytd?.seasonal_share),
        r.verdict
          ? r.verdict.achieved
            ? '已完成'
            : '未完成'
          : r.schedule?.status
            ? LIGHT_ZH[r.schedule.status]
            : '—',
        r.target
          ? `${CMP[r.target.comparator] ?? ''}${level(r.target.value, r.unit)}（${r.target.year}年）`
          : '—',
      ]),
      note: '判定：月度、季度与累计均以1—N月累计对照全年目标；灯依据季节进度（往年同期累计占全年比重），无往年月度数据时依据序时进度（N/12）。',
    },
  ];
  const names = new Map(m.plan.areas.map((a) => [a.code, a.name]));
  m.districts.forEach(({ row, breakdown }, i) => {
    const ranked = [...breakdown.areas].sort((a, b) => (a.rank ?? 999) - (b.rank ?? 999));
    tables.push({
      title: `表${i + 2}　各区（市）县${row.indicator.name}（${span}，${row.result.unit}）`,
      head: [
        '位次',
        '区（市）县',
        `${span}累计`,
        '同比增速(%)',
        '占全市比重(%)',
        '贡献率(%)',
        '拉动(百分点)',
      ],
      rows: ranked.map((a) => [
        a.rank === null ? '—' : String(a.rank),
        names.get(a.area) ?? a.area,
        level(a.value, row.result.unit),
        pct(a.yoy),
        num(a.share),
        num(a.contribution),
        num(a.pull),
      ]),
      note: '贡献率为该区增量占全市增量的比重；拉动为该区增量占全市上年同期值的百分点数。',
    });
  });
  const d = m.domains;
  if (d.parts.length) {
    const dn = new Map(m.plan.domains.map((x) => [x.id, x.name]));
    const ind = m.plan.indicators.find((x) => x.id === d.indicator);
    tables.push({
      title: `表${tables.length + 1}　重点领域${ind?.name ?? ''}（${span}，${d.unit}）`,
      head: ['领域', `${span}累计`, '同比增速(%)', '比重(%)', '比重变化(百分点)'],
      rows: d.parts.map((p) => [
        dn.get(p.domain) ?? p.domain,
        level(p.value, d.unit),
        pct(p.yoy),
        num(p.share),
        num(p.share_change_pp),
      ]),
      note: '领域之间有交叉（一笔交易可属多个领域），比重之和可超过100%。',
    });
  }
  return tables;
}
