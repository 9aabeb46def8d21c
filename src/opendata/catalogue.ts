/**
 * The open-data catalogue (政府数据开放清单): one dataset per indicator group of the plan, with 名称, 摘要,
 * 提供单位, 更新频率, 开放属性, 格式, 许可, 最后更新 and its downloads. Served as a page, as DCAT JSON-LD and as
 * CSV for upload to the city's open-data platform.
 */
import { csvField } from '../ingest/csv-field.js';
import type { Plan } from '../plan/plan-types.js';
import type { OpenObservation } from './open-observations.js';
import type { Licence } from './portal/portal-html.js';
import { measureCode, sdmxId } from './sdmx-structure.js';

export interface CatalogueEntry {
  id: string;
  name: string;
  summary: string;
  publisher: string;
  frequency: string;
  /** 开放属性: 无条件开放 for every dataset here (published figures only). */
  access: string;
  formats: string[];
  licence: string;
  licence_url?: string;
  /** Newest load time of its public figures (YYYY-MM-DD), null when it has none yet. */
  modified: string | null;
  download_csv: string;
  download_sdmx: string;
  source: string;
}

export function catalogue(plan: Plan, rows: readonly OpenObservation[], licence: Licence): CatalogueEntry[] {
  const flow = sdmxId(plan.id);
  const groups = new Map<string, string[]>();
  for (const i of plan.indicators) {
    if (!i.measure) continue;
    const list = groups.get(i.category) ?? [];
    if (!list.includes(i.measure)) list.push(i.measure);
    groups.set(i.category, list);
  }
  return [...groups].map(([category, measures], n) => {
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
      publisher: plan.metadata.issuer,
      frequency: monthly ? '每月' : '每年',
      access: '无条件开放',
      formats: ['CSV', 'SDMX-ML', 'SDMX-CSV'],
      licence: licence.name,
      ...(licence.url ? { licence_url: licence.url } : {}),
      modified: modified ? modified.slice(0, 10) : null,
      download_csv: `/sdmx/data/${flow}/${key}?format=csv`,
      download_sdmx: `/sdmx/data/${flow}/${key}`,
      source: `${plan.metadata.title}（${plan.metadata.document_number ?? plan.metadata.issuer}）；各指标来源见 SOURCE 列`,
    };
  });
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

/** DCAT (W3C Data Catalog Vocabulary) as JSON-LD. */
export function catalogueJsonLd(plan: Plan, entries: readonly CatalogueEntry[], origin: string): object {
  return {
    '@context': {
      dcat: 'http://www.w3.org/ns/dcat#',
      dct: 'http://purl.org/dc/terms/',
      foaf: 'http://xmlns.com/foaf/0.1/',
    },
    '@type': 'dcat:Catalog',
    'dct:title': `${plan.metadata.title}公开数据目录`,
    'dct:publisher': { '@type': 'foaf:Organization', 'foaf:name': plan.metadata.issuer },
    'dcat:dataset': entries.map((e) => ({
      '@type': 'dcat:Dataset',
      'dct:identifier': e.id,
      'dct:title': e.name,
      'dct:description': e.summary,
      'dct:publisher': { '@type': 'foaf:Organization', 'foaf:name': e.publisher },
      'dct:accrualPeriodicity':
        e.frequency === '每月' ? 'http://purl.org/cld/freq/monthly' : 'http://purl.org/cld/freq/annual',
      'dct:accessRights': e.access,
      'dct:license': e.licence_url ?? e.licence,
      'dct:source': e.source,
      ...(e.modified ? { 'dct:modified': e.modified } : {}),
      'dcat:distribution': [
        {
          '@type': 'dcat:Distribution',
          'dcat:downloadURL': `${origin}${e.download_csv}`,
          'dcat:mediaType': 'application/vnd.sdmx.data+csv;version=2.0.0',
          'dct:license': e.licence_url ?? e.licence,
        },
        {
          '@type': 'dcat:Distribution',
          'dcat:downloadURL': `${origin}${e.download_sdmx}`,
          'dcat:mediaType': 'application/vnd.sdmx.structurespecificdata+xml;version=2.1',
          'dct:license': e.licence_url ?? e.licence,
        },
      ],
    })),
  };
}
