/**
 * The registry's public lists as open datasets (docs/open-data.md "Registry lists"): per kind that can hold
 * a designation, who holds which designation (认定名单: name, code, area, designation, dates, designating body,
 * document, source, removal date), and the credit lists (失信名单, 重点关注名单: records marked 公示 in force on the
 * day). Only fields the public may see: never credit notes, a kind's own fields or who entered a record.
 * Simulated records never reach here (registry-list-reads.ts).
 */
import { csvField } from '../ingest/csv-field.js';
import { type CREDIT_LISTS, publishableRegistryLists } from '../plan/open-data-spec.js';
import type { Plan } from '../plan/plan-types.js';
import { ENTERPRISE_KIND } from '../plan/registry-spec.js';
import { creditList } from '../registry/credit-summary.js';
import type { CreditRecord } from '../registry/registry-records.js';
import type { OpenDataTerms } from './open-data-terms.js';
import type { PublicCreditRow, PublicDesignationRow } from './registry-list-reads.js';

export interface RegistryListSpec {
  /** A kind id (`enterprise`, `base`, …) or `credit-dishonest` / `credit-watch`: the URL segment. */
  id: string;
  type: 'designations' | 'credit';
  name: string;
  name_en: string;
  summary: string;
  summary_en: string;
  /** One line for the portal's list of lists (the designations it covers). */
  brief: string;
  brief_en: string;
}

export interface RegistryList {
  spec: RegistryListSpec;
  /**
   * Column headings (zh) and their English, in CSV order; `text` columns may wrap on the page, `code`
   * columns are in the downloads only (the page shows the area's name).
   */
  columns: { key: string; zh: string; en: string; text?: true; code?: true }[];
  rows: Record<string, string>[];
  /** Newest write among its rows (YYYY-MM-DD), null when it has none. */
  modified: string | null;
  /** Credit lists: the day the records are in force on. */
  on?: string;
}

const CREDIT_NAMES: Record<(typeof CREDIT_LISTS)[number], [string, string, string, string]> = {
  'credit-dishonest': [
    '失信名单',
    'Dishonest-entity list (失信名单)',
    '有效期内、已公示的失信惩戒记录所涉企业。',
    'Enterprises with a published 失信惩戒 (dishonesty sanction) record in force.',
  ],
  'credit-watch': [
    '重点关注名单',
    'Watch list (重点关注名单)',
    '有效期内、已公示的行政处罚记录所涉企业（已列入失信名单的除外）。',
    'Enterprises with a published administrative penalty in force (unless on the dishonest list).',
  ],
};

/** The lists the plan publishes (`open_data.registry_lists`, default every publishable one), in that order. */
export function registryListSpecs(plan: Plan): RegistryListSpec[] {
  const ids = plan.open_data?.registry_lists ?? publishableRegistryLists(plan.registry);
  return ids.map((id): RegistryListSpec => {
    const credit = CREDIT_NAMES[id as (typeof CREDIT_LISTS)[number]];
    if (credit) {
      const [name, name_en, summary, summary_en] = credit;
      return { id, type: 'credit', name, name_en, summary, summary_en, brief: summary, brief_en: summary_en };
    }
    const kindName =
      id === ENTERPRISE_KIND ? '企业' : (plan.registry.kinds.find((k) => k.id === id)?.name ?? id);
    const titles = plan.registry.designations.filter((d) => d.kinds.includes(id)).map((d) => d.name);
    return {
      id,
      type: 'designations',
      name: `${kindName}认定名单`,
      name_en: `Designations: ${kindName} (${id})`,
      summary: `${titles.join('、')}的认定名单：名称、${id === ENTERPRISE_KIND ? '统一社会信用代码' : '编号'}、所在区域、认定称号、认定与失效日期、认定机构、文号、来源；已移除的注明移除日期。`,
      summary_en: `Who holds ${titles.length} designation(s) of the plan (${titles.join('、')}): name, code, area, dates, designating body, document, source; removed entities keep their removal date.`,
      brief: `认定称号：${titles.join('、')}`,
      brief_en: `Designations: ${titles.join('、')}`,
    };
  });
}

const DESIGNATION_COLUMNS = (enterprise: boolean): RegistryList['columns'] => [
  { key: 'name', zh: '名称', en: 'Name', text: true },
  enterprise
    ? { key: 'code', zh: '统一社会信用代码', en: 'Unified social credit code' }
    : { key: 'code', zh: '编号', en: 'Code' },
  { key: 'area', zh: '区划代码', en: 'Area code', code: true },
  { key: 'area_name', zh: '所在区域', en: 'Area' },
  { key: 'designation', zh: '认定称号', en: 'Designation', text: true },
  { key: 'valid_from', zh: '认定日期', en: 'Designated on' },
  { key: 'valid_to', zh: '失效日期', en: 'Lapsed on' },
  { key: 'body', zh: '认定机构', en: 'Designated by', text: true },
  { key: 'document', zh: '认定文号', en: 'Document', text: true },
  { key: 'source', zh: '来源', en: 'Source', text: true },
  { key: 'removed_on', zh: '移除日期', en: 'Removed on' },
];

const CREDIT_COLUMNS: RegistryList['columns'] = [
  { key: 'name', zh: '名称', en: 'Name', text: true },
  { key: 'code', zh: '统一社会信用代码', en: 'Unified social credit code' },
  { key: 'area', zh: '区划代码', en: 'Area code', code: true },
  { key: 'area_name', zh: '所在区域', en: 'Area' },
  { key: 'credit_type', zh: '信用类型', en: 'Record type' },
  { key: 'record_date', zh: '认定日期', en: 'Recorded on' },
  { key: 'valid_to', zh: '有效期至', en: 'Valid until' },
  { key: 'document', zh: '文号', en: 'Document', text: true },
  { key: 'source', zh: '来源', en: 'Source', text: true },
];

const newest = (dates: readonly string[]): string | null =>
  dates.length ? ([...dates].sort().at(-1)?.slice(0, 10) ?? null) : null;

/** Builds one list from the public rows (`on`: the day the credit lists are taken on). */
export function registryList(
  plan: Plan,
  spec: RegistryListSpec,
  designations: readonly PublicDesignationRow[],
  credit: readonly PublicCreditRow[],
  on: string,
): RegistryList {
  const areaName = (code: string): string => plan.areas.find((a) => a.code === code)?.name ?? code;
  if (spec.type === 'credit') {
    const byRecord = new Map(credit.map((c, i) => [String(i), c]));
    const records: CreditRecord[] = credit.map((c, i) => ({
      id: String(i),
      entity_id: c.entity_id,
      credit_type: c.credit_type,
      record_date: c.record_date,
      source: c.source,
      document: c.document,
      valid_to: c.valid_to,
      public: true,
      note: null,
    }));
    const listed = creditList(records, spec.id === 'credit-dishonest' ? 'dishonest' : 'watch', on);
    const shown = listed.flatMap((l) => l.records.map((r) => byRecord.get(r.id) as PublicCreditRow));
    const rows = shown
      .map((c) => ({
        name: c.name,
        code: c.entity_id,
        area: c.area,
        area_name: areaName(c.area),
        credit_type: c.credit_type,
        record_date: c.record_date,
        valid_to: c.valid_to ?? '',
        document: c.document ?? '',
        source: c.source ?? '',
      }))
      .sort(
        (a, b) =>
          a.area.localeCompare(b.area) ||
          a.name.localeCompare(b.name, 'zh') ||
          a.record_date.localeCompare(b.record_date),
      );
    return {
      spec,
      columns: CREDIT_COLUMNS,
      rows,
      modified: newest(shown.map((c) => c.recorded_at)),
      on,
    };
  }
  const order = new Map(plan.registry.designations.map((d, i) => [d.id, i]));
  const names = new Map(plan.registry.designations.map((d) => [d.id, d.name]));
  const mine = designations
    .filter((d) => d.kind === spec.id)
    .sort(
      (a, b) =>
        (order.get(a.designation) ?? 1e9) - (order.get(b.designation) ?? 1e9) ||
        a.valid_from.localeCompare(b.valid_from) ||
        a.name.localeCompare(b.name, 'zh') ||
        a.entity_id.localeCompare(b.entity_id),
    );
  return {
    spec,
    columns: DESIGNATION_COLUMNS(spec.id === ENTERPRISE_KIND),
    rows: mine.map((d) => ({
      name: d.name,
      code: d.entity_id,
      area: d.area,
      area_name: areaName(d.area),
      designation: names.get(d.designation) ?? d.designation,
      valid_from: d.valid_from,
      valid_to: d.valid_to ?? '',
      body: d.body ?? '',
      document: d.document ?? '',
      source: d.source ?? '',
      removed_on: d.removed_on ?? '',
    })),
    modified: newest(mine.map((d) => d.recorded_at)),
  };
}

/** Where a list is downloaded (`.csv`, `.json`) or read (no suffix) under the portal. */
export const registryListPath = (id: string, suffix: '' | '.csv' | '.json' = ''): string =>
  `/open/registry/${encodeURIComponent(id)}${suffix}`;

/** The line every download ends with: licence, publisher and source. */
export function registryListSource(plan: Plan, terms: OpenDataTerms): string {
  return `${plan.metadata.title}重点企业项目库（${terms.publisher.name}），不含模拟数据`;
}

/** The list as CSV (UTF-8 with BOM), its licence, publisher and source on a closing `#` line. */
export function registryListCsv(list: RegistryList, plan: Plan, terms: OpenDataTerms): string {
  const lines = [
    list.columns.map((c) => c.zh).join(','),
    ...list.rows.map((r) => list.columns.map((c) => csvField(r[c.key] ?? '')).join(',')),
    '',
    `# 许可：${terms.licence.name}${terms.licence.url ? `（${terms.licence.url}）` : ''}；提供单位：${terms.publisher.name}；来源：${registryListSource(plan, terms)}${list.on ? `；名单日期：${list.on}` : ''}`,
  ];
  return `\ufeff${lines.join('\r\n')}\r\n`;
}

/** The list as JSON, with its licence, publisher and source. */
export function registryListJson(list: RegistryList, plan: Plan, terms: OpenDataTerms): object {
  return {
    id: list.spec.id,
    name: list.spec.name,
    name_en: list.spec.name_en,
    publisher: terms.publisher.name,
    licence: terms.licence.name,
    ...(terms.licence.url ? { licence_url: terms.licence.url } : {}),
    source: registryListSource(plan, terms),
    modified: list.modified,
    ...(list.on ? { on: list.on } : {}),
    columns: list.columns.map((c) => ({ key: c.key, name: c.zh, name_en: c.en })),
    rows: list.rows.map((r) => Object.fromEntries(list.columns.map((c) => [c.key, r[c.key] || null]))),
  };
}
