/**
 * The engine words its methods and sources in English with a Chinese gloss (`year-on-year growth from levels
 * (同比，按总量直接计算)`); the dashboard shows them in the reader's language through i18n keys. A text not
 * known here is shown as the engine wrote it.
 */

export interface TextKey {
  key: string;
  params?: Record<string, string>;
}

const METHODS: [RegExp, string, ...string[]][] = [
  [/^sum of (\d+) monthly observations/, 'monthSum', 'n'],
  [/^observation for the period$/, 'observation'],
  [/^no observation$/, 'noObservation'],
  [/^no definition$/, 'noDefinition'],
  [/^expression (.+)$/, 'expression', 'expression'],
  [/^year-on-year growth, published comparable basis/, 'yoyPublished'],
  [/^year-on-year growth from levels/, 'yoyNaive'],
  [/^period-on-period growth from levels/, 'mom'],
  [/^multiple of the baseline/, 'multiple'],
  [/^multiple of an earlier level/, 'multipleEarlier'],
  [
    /^geometric average annual growth \(水平法\), (\d{4})–(\d{4})年均 \(base year (\d{4}), n = (\d+)\)/,
    'avgGrowthSpan',
    'from',
    'to',
    'base',
    'n',
  ],
  [/^geometric average (annual )?growth/, 'avgGrowth'],
  [/^average annual growth implied by a multiple/, 'impliedGrowth'],
  [/^target completion/, 'completion'],
  [/^constant-growth path from baseline to target/, 'scheduleGeometric'],
  [/^linear path from baseline to target/, 'scheduleLinear'],
  [/^required average annual growth/, 'requiredGrowth'],
  [/^projection to the target year/, 'projection'],
  [/^Open SDG \/ Statistics Canada progress, methodology (\d)/, 'progress', 'm'],
  [/^Open SDG progress of an indicator with several series/, 'progressMean'],
  [/^share of the total/, 'share'],
  [/^change of a share in percentage points/, 'shareChange'],
  [/^contribution rate to the growth of the total/, 'contribution'],
  [/^pull on the growth of the total/, 'pull'],
  [/^n\/a$/, 'notAvailable'],
];

/** The i18n key (under `methods.`) of an engine method text, or null when it is not a known one. */
export function methodKey(method: string): TextKey | null {
  for (const [pattern, key, ...names] of METHODS) {
    const m = pattern.exec(method);
    if (m)
      return { key: `methods.${key}`, params: Object.fromEntries(names.map((n, i) => [n, m[i + 1] ?? ''])) };
  }
  return null;
}

/** Source names the engine and the ingestion write in Chinese, by i18n key (under `sources.`). */
const SOURCE_NAMES: Record<string, string> = { 平台数据: 'platform' };

/** A source as its parts: the name, and the batches it rests on (`平台数据 [60 batches: a, b, c, …]`). */
export function sourceParts(source: string): {
  name: string;
  nameKey: string | null;
  count: number;
  batches: string[];
} {
  const single = /^batch:(.+)$/.exec(source);
  if (single) return { name: '', nameKey: null, count: 1, batches: [single[1] as string] };
  const m = /^(.*?)\s*\[(?:(\d+) batches: (.*?), …|batch (.*?))\]$/.exec(source);
  const name = (m ? m[1] : source)?.trim() ?? '';
  const listed = m ? (m[3] ?? m[4] ?? '').split(', ').filter(Boolean) : [];
  return {
    name,
    nameKey: SOURCE_NAMES[name] ? `sources.${SOURCE_NAMES[name]}` : null,
    count: m?.[2] ? Number(m[2]) : listed.length,
    batches: listed,
  };
}
