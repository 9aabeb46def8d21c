import ExcelJS from 'exceljs';
import type { BulletinModel } from './bulletin-model.js';
import { bulletinNotes, bulletinSentences, bulletinTitle } from './bulletin-text.js';
import { WATERMARK } from './report-document.js';
import { ROUNDING_NOTE } from './wording-zh.js';

/**
 * The bulletin's annex as XLSX: numbers as numbers (full precision, display format one decimal), units in
 * the headers, indicator and area codes beside names, targets as comparator + value columns, and a 来源/说明
 * sheet. Every sheet says 模拟数据 in its first row and print header when any figure is simulated.
 */
export async function writeBulletinXlsx(m: BulletinModel): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'ecmon';
  wb.created = m.generatedAt;
  const { title } = bulletinTitle(m);
  const sheet = (name: string, columns: { header: string; key: string; width?: number; fmt?: string }[]) => {
    const ws = wb.addWorksheet(name);
    if (m.simulated) {
      ws.addRow([`${WATERMARK}：本表含模拟数据，不得作为正式统计数据引用`]).font = {
        bold: true,
        color: { argb: 'FFC00000' },
      };
      ws.headerFooter.oddHeader = `&C&"-,Bold"&KC00000${WATERMARK}`;
    }
    const header = ws.addRow(columns.map((c) => c.header));
    header.font = { bold: true };
    columns.forEach((c, i) => {
      const col = ws.getColumn(i + 1);
      col.width = c.width ?? 14;
      if (c.fmt) col.numFmt = c.fmt;
    });
    return ws;
  };
  const ONE = '#,##0.0';
  const PCT = '0.0%';

  const targets = sheet('主要目标', [
    { header: '指标代码', key: 'id', width: 28 },
    { header: '指标', key: 'name', width: 22 },
    { header: '区划代码', key: 'area' },
    { header: '期间', key: 'period', width: 18 },
    { header: '单位', key: 'unit', width: 8 },
    { header: '数值', key: 'value', fmt: ONE },
    { header: '同比增速', key: 'yoy', fmt: PCT },
    { header: '全年目标', key: 'yt', fmt: ONE },
    { header: '全年目标来源', key: 'ytb' },
    { header: '完成全年目标', key: 'c', fmt: PCT },
    { header: '序时进度(时间)', key: 'ts', fmt: PCT },
    { header: '季节进度', key: 'ss', fmt: PCT },
    { header: '灯', key: 'light' },
    { header: '判定方法', key: 'method', width: 22 },
    { header: '结论', key: 'verdict' },
    { header: '目标年', key: 'ty' },
    { header: '目标比较符', key: 'tc' },
    { header: '目标值', key: 'tv', fmt: ONE },
    { header: '模拟数据', key: 'sim' },
  ]);
  for (const { indicator, result: r } of m.rows)
    targets.addRow([
      indicator.id,
      indicator.name,
      r.area,
      r.period,
      r.unit,
      r.value,
      r.yoy?.value ?? null,
      r.ytd?.year_target.value ?? null,
      r.ytd?.year_target.basis ?? null,
      r.verdict?.completion ?? r.ytd?.completion ?? null,
      r.ytd?.time_share ?? null,
      r.ytd?.seasonal_share ?? null,
      r.schedule?.status ?? null,
      r.ytd?.light_on ?? null,
      r.verdict ? (r.verdict.achieved ? '已完成' : '未完成') : null,
      r.target?.year ?? null,
      r.target?.comparator ?? null,
      r.target?.value ?? null,
      r.simulated ? '是' : '否',
    ]);

  const names = new Map(m.plan.areas.map((a) => [a.code, a.name]));
  for (const { row, breakdown } of m.districts) {
    const ws = sheet(`区县-${row.indicator.name}`.slice(0, 31), [
      { header: '区划代码', key: 'code' },
      { header: '区（市）县', key: 'name', width: 16 },
      { header: `1—${m.months}月累计(${row.result.unit})`, key: 'v', fmt: ONE },
      { header: '同比增速', key: 'yoy', fmt: PCT },
      { header: '占全市比重(%)', key: 's', fmt: '0.0' },
      { header: '贡献率(%)', key: 'c', fmt: '0.0' },
      { header: '拉动(百分点)', key: 'p', fmt: '0.00' },
      { header: '位次', key: 'rank', fmt: '0' },
    ]);
    for (const a of breakdown.areas)
      ws.addRow([
        a.area,
        names.get(a.area) ?? a.area,
        a.value,
        a.yoy,
        a.share,
        a.contribution,
        a.pull,
        a.rank,
      ]);
  }
  if (m.domains.parts.length) {
    const dn = new Map(m.plan.domains.map((d) => [d.id, d.name]));
    const ws = sheet('重点领域', [
      { header: '领域代码', key: 'id', width: 20 },
      { header: '领域', key: 'name', width: 18 },
      { header: `1—${m.months}月累计(${m.domains.unit})`, key: 'v', fmt: ONE },
      { header: '同比增速', key: 'yoy', fmt: PCT },
      { header: '比重(%)', key: 's', fmt: '0.0' },
      { header: '比重变化(百分点)', key: 'pp', fmt: '0.0' },
    ]);
    for (const p of m.domains.parts)
      ws.addRow([p.domain, dn.get(p.domain) ?? p.domain, p.value, p.yoy, p.share, p.share_change_pp]);
  }
  const about = sheet('来源说明', [{ header: '说明', key: 'text', width: 120 }]);
  for (const line of [title, ...bulletinSentences(m), ...bulletinNotes(m, ROUNDING_NOTE)])
    about.addRow([line]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
