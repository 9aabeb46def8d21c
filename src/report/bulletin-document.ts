import type { BulletinModel } from './bulletin-model.js';
import { bulletinTables } from './bulletin-tables.js';
import { bulletinNotes, bulletinSentences, bulletinTitle } from './bulletin-text.js';
import { bulletinCharts } from './report-charts.js';
import type { ReportBlock, ReportDocument } from './report-document.js';
import { ROUNDING_NOTE } from './wording-zh.js';

/** The monthly bulletin's content: text from the engine's figures, tables, charts and the data notes. */
export function bulletinDocument(m: BulletinModel): ReportDocument {
  const { title, subtitle } = bulletinTitle(m);
  const [targets, ...rest] = bulletinTables(m);
  const charts = bulletinCharts(m);
  const blocks: ReportBlock[] = [
    { kind: 'heading', text: '一、总体情况' },
    ...bulletinSentences(m).map((text): ReportBlock => ({ kind: 'paragraph', text })),
    ...charts.slice(0, 2).map((chart): ReportBlock => ({ kind: 'chart', chart })),
    ...(targets ? [{ kind: 'table', table: targets } as ReportBlock] : []),
    { kind: 'heading', text: '二、分区域与重点领域' },
    ...charts.slice(2).map((chart): ReportBlock => ({ kind: 'chart', chart })),
    ...rest.map((table): ReportBlock => ({ kind: 'table', table })),
  ];
  return {
    title,
    subtitle,
    simulated: m.simulated,
    blocks,
    notes: bulletinNotes(m, ROUNDING_NOTE),
    footer: `${m.plan.metadata.title} · ${m.period} · 数据版本 ${m.dataVersion}${m.simulated ? ' · 含模拟数据' : ''}`,
  };
}
