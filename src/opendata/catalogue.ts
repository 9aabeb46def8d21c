/**
 * The open-data catalogue (政府数据开放清单): one dataset per indicator group of the plan and one per public
 * registry list, with 名称, 摘要, 提供单位, 更新频率, 开放属性, 格式, 许可, 最后更新 and its downloads. Served as a
 * page, as DCAT JSON-LD and as CSV for upload to the city's open-data platform. Publisher and licence are
 * the plan's (`open_data:`, or their stated defaults: open-data-terms.ts).
 */
import { csvField } from '../ingest/csv-field.js';
import type { Plan } from '../plan/plan-types.js';
import type { OpenDataTerms } from './open-data-terms.js';
import type { OpenObservation } from './open-observations.js';
import { type RegistryList, registryListPath, registryListSource } from './registry-lists.js';
import { MEDIA } from './sdmx-ml.js';
import { measureCode, sdmxId } from './sdmx-structure.js';

export interface CatalogueDownload {
  format: string;
  url: string;
  media_type: string;
}

export interface CatalogueEntry {
  id: string;
  name: string;
  summary: string;
  publisher: string;
  frequency: string;
  /** 开放属性: 无条件开放 for every dataset here (published figures and public lists only). */
  access: string;
  formats: string[];
  licence: string;
  licence_url?: string;
  /** Newest load time of its public figures or list rows (YYYY-MM-DD), null when it has none yet. */
  modified: string | null;
  /** The page that shows it, when it has one of its own. */
  page?: string;
  /** The CSV download (下载地址 of the CSV catalogue); every download is in `downloads`. */
  download_csv: string;
  downloads: CatalogueDownload[];
  source: string;
}

export function catalogue(
  plan: Plan,
  rows: readonly OpenObservation[],
  terms: OpenDataTerms,
  lists: readonly RegistryList[] = [],
): CatalogueEntry[] {
  const { licence } = terms;
  const licensed = { licence: licence.name, ...(licence.url ? { licence_url: licence.url } : {}) };
  const flow = sdmxId(plan.id);
  const byCategory = new Map<string, string[]>();
  for (const i of plan.indicators) {
    if (!i.measure) continue;
    const list = byCategory.get(i.category) ?? [];
    if (!list.includes(i.measure)) list.push(i.measure);
    byCategory.set(i.category, list);
  }
  const groups = [...byCategory].map(([category, measures], n): CatalogueEntry => {
    const codes = measures.map(measureCode);
    const mine = rows.filter((o) => measures.includes(o.measure));
    const monthly = mine.some((o) => o.key.FREQ === 'M');
    const modified =
      mine
        .map((o) => o.loadedAt)
        .sort()
        .at(-1) ?? '';
    const names = plan.indicators.filter((i) => i.category === category).map((i) => i.name);
    const key = `..${codes.join('+')}.`;
    return {
      id: `${flow}-${n + 1}`,
      name: `${plan.metadata.title}监测数据：${category}`,
      summary: `${names.join('、')}等指标的已发布数值（全市及各区（市）县），含单位、可比增速与来源。`,
      publisher: terms.publisher.name,
      frequency: monthly ? '每月' : '每年',
      access: '无条件开放',
      formats: ['SDMX-CSV', 'SDMX-ML'],
      ...licensed,
      modified: modified ? modified.slice(0, 10) : null,
      download_csv: `/sdmx/data/${flow}/${key}?format=csv`,
      downloads: [
        { format: 'SDMX-CSV', url: `/sdmx/data/${flow}/${key}?format=csv`, media_type: MEDIA.csv },
        { format: 'SDMX-ML', url: `/sdmx/data/${flow}/${key}`, media_type: MEDIA.data },
      ],
      source: `${plan.metadata.title}（${plan.metadata.document_number ?? plan.metadata.issuer}）；各指标来源见 SOURCE 列`,
    };
  });
  const registry = lists.map(
    (l): CatalogueEntry => ({
      id: `${flow}-REGISTRY-${sdmxId(l.spec.id)}`,
      name: `${plan.metadata.title}重点企业项目库：${l.spec.name}`,
      summary: l.spec.summary,
      publisher: terms.publisher.name,
      frequency: '实时',
      access: '无条件开放',
      formats: ['CSV', 'JSON'],
      ...licensed,
      modified: l.modified,
      page: registryListPath(l.spec.id),
      download_csv: registryListPath(l.spec.id, '.csv'),
      downloads: [
        { format: 'CSV', url: registryListPath(l.spec.id, '.csv'), media_type: 'text/csv' },
        { format: 'JSON', url: registryListPath(l.spec.id, '.json'), media_type: 'application/json' },
      ],
      source: registryListSource(plan, terms),
    }),
  );
  return [...groups, ...registry];
}

const CSV_HEAD = [
  '名称',
  '摘要',
  '提供单位',
  '更新频率',
  '开放属性',
  '格式',
  '许可',
  '最后更新',
  '下载地址',
  '来源',
];

/** The catalogue as CSV (UTF-8 with BOM, so spreadsheet programs read the Chinese). */
export function catalogueCsv(entries: readonly CatalogueEntry[], origin: string): string {
  const lines = [CSV_HEAD.join(',')];
  for (const e of entries)
    lines.push(
      [
        e.name,
        e.summary,
        e.publisher,
        e.frequency,
        e.access,
        e.formats.join('/'),
        e.licence,
        e.modified ?? '',
        `${origin}${e.download_csv}`,
        e.source,
      ]
        .map(csvField)
        .join(','),
    );
  return `\ufeff${lines.join('\r\n')}\r\n`;
}

const FREQUENCY: Record<string, string> = {
  每月: 'http://purl.org/cld/freq/monthly',
  每年: 'http://purl.org/cld/freq/annual',
  实时: 'http://purl.org/cld/freq/continuous',
};

/** DCAT (W3C Data Catalog Vocabulary) as JSON-LD. */
export function catalogueJsonLd(
  plan: Plan,
  terms: OpenDataTerms,
  entries: readonly CatalogueEntry[],
  origin: string,
): object {
  return {
    '@context': {
      dcat: 'http://www.w3.org/ns/dcat#',
      dct: 'http://purl.org/dc/terms/',
      foaf: 'http://xmlns.com/foaf/0.1/',
    },
    '@type': 'dcat:Catalog',
    'dct:title': `${plan.metadata.title}公开数据目录`,
    'dct:publisher': { '@type': 'foaf:Organization', 'foaf:name': terms.publisher.name },
    ...(terms.contact ? { 'dcat:contactPoint': contactPoint(terms.contact) } : {}),
    'dct:license': terms.licence.url ?? terms.licence.name,
    'dcat:dataset': entries.map((e) => ({
      '@type': 'dcat:Dataset',
      'dct:identifier': e.id,
      'dct:title': e.name,
      'dct:description': e.summary,
      'dct:publisher': { '@type': 'foaf:Organization', 'foaf:name': e.publisher },
      'dct:accrualPeriodicity': FREQUENCY[e.frequency] ?? FREQUENCY.每年,
      'dct:accessRights': e.access,
      'dct:license': e.licence_url ?? e.licence,
      'dct:source': e.source,
      ...(e.modified ? { 'dct:modified': e.modified } : {}),
      ...(e.page ? { 'dcat:landingPage': `${origin}${e.page}` } : {}),
      'dcat:distribution': e.downloads.map((d) => ({
        '@type': 'dcat:Distribution',
        'dct:format': d.format,
        'dcat:downloadURL': `${origin}${d.url}`,
        'dcat:mediaType': d.media_type,
        'dct:license': e.licence_url ?? e.licence,
      })),
    })),
  };
}

/** A vCard contact point (DCAT's dcat:contactPoint). */
function contactPoint(c: NonNullable<OpenDataTerms['contact']>): object {
  return {
    '@type': 'http://www.w3.org/2006/vcard/ns#Organization',
    ...(c.name ? { 'http://www.w3.org/2006/vcard/ns#fn': c.name } : {}),
    ...(c.email ? { 'http://www.w3.org/2006/vcard/ns#hasEmail': `mailto:${c.email}` } : {}),
    ...(c.phone ? { 'http://www.w3.org/2006/vcard/ns#hasTelephone': `tel:${c.phone}` } : {}),
    ...(c.url ? { 'http://www.w3.org/2006/vcard/ns#hasURL': c.url } : {}),
  };
}
