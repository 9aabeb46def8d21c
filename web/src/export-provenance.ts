/**
 * The provenance every export carries (chart images and XLSX files alike): title, period, unit, area,
 * sources, data version and whether any figure is simulated, worded once for both.
 */
import type { ChartProvenance } from './chart-export.js';

export interface ExportContext {
  title: string;
  /** The period as the page words it (2025年1–6月). */
  period: string;
  /** The unit as the page words it, or '' for mixed units (each row then names its own). */
  unit: string;
  area: { name: string; code: string } | null;
  sources: string[];
  dataVersion: number | null;
  simulated: boolean;
  plan: string;
}

type Translate = (key: string, values?: Record<string, unknown>) => string;

/**
 * The sources of a figure's explanation inputs: a batch (`batch:<id>`, or the API's shortened list
 * `平台数据 [5 batches: …]`) reads as the platform feeds; plan sections and documents as given.
 */
export function sourcesOf(
  inputs: readonly { source: string | null; simulated?: boolean }[],
  t: Translate,
): string[] {
  const out = new Set<string>();
  for (const i of inputs) {
    if (!i.source) continue;
    const batches = i.source.startsWith('batch:') || /\[\d+ batch(es)?:/.test(i.source);
    const label = batches ? t('export.feedSource') : i.source;
    out.add(i.simulated ? `${label}（${t('app.simulatedTag')}）` : label);
  }
  return [...out].sort();
}

const areaText = (a: ExportContext['area']) => (a ? `${a.name}（${a.code}）` : '');

/** The header, footer and watermark of an exported chart. */
export function chartProvenance(c: ExportContext, t: Translate): ChartProvenance {
  const sep = ' · ';
  return {
    title: c.title,
    subtitle: [
      t('export.periodIs', { value: c.period }),
      c.unit ? t('export.unitIs', { value: c.unit }) : '',
      c.area ? t('export.areaIs', { value: areaText(c.area) }) : '',
    ]
      .filter(Boolean)
      .join(sep),
    footer: [
      t('export.sourceIs', {
        value: (c.sources.length ? c.sources : [t('export.defaultSource')]).join('；'),
      }),
      c.dataVersion !== null ? t('export.dataVersionIs', { value: c.dataVersion }) : '',
      c.plan,
    ]
      .filter(Boolean)
      .join(sep),
    watermark: c.simulated ? t('export.watermark') : null,
  };
}

/** The rows of an XLSX file's 来源/说明 sheet. */
export function provenanceRows(
  c: ExportContext,
  t: Translate,
  notes: readonly string[] = [],
): [string, string][] {
  return [
    [t('export.titleLabel'), c.title],
    [t('export.planLabel'), c.plan],
    [t('app.period'), c.period],
    [t('app.area'), areaText(c.area) || t('export.perRow')],
    [t('export.unitLabel'), c.unit || t('export.perRow')],
    [t('export.sourceLabel'), (c.sources.length ? c.sources : [t('export.defaultSource')]).join('；')],
    [t('export.dataVersionLabel'), c.dataVersion === null ? '—' : String(c.dataVersion)],
    [t('export.simulatedLabel'), c.simulated ? t('export.simulatedYes') : t('export.simulatedNo')],
    ...notes.map((n): [string, string] => [t('export.noteLabel'), n]),
  ];
}
