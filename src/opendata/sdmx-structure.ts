/**
 * The SDMX structures of a plan: codelists (frequency, areas, measures, accumulation, the plan's own
 * dimensions, units, observation status), a concept scheme, one data structure definition (DSD) and one
 * dataflow. Everything is derived from the plan file, so another plan of the same shape publishes its own
 * structures without code changes.
 *
 * Dimensions, in key order: FREQ . REF_AREA . MEASURE . ACCUMULATION, then one per dimension the plan
 * declares (`dimensions:`, e.g. DOMAIN . PLATFORM . CATEGORY . CUSTOMS_MODE), each with the code `_T` for the
 * total over it (SDMX's convention); TIME_PERIOD at the observation.
 * ACCUMULATION tells a period's own value (`N`, 当期) from the cumulative figure to date (`YTD`, 1–N月累计,
 * the way NBS releases 累计值 beside 当月值); a YTD observation's TIME_PERIOD is its last month.
 * Values are in the measure's display unit: UNIT_MEASURE names the base unit and UNIT_MULT the power of ten
 * (亿元 = CNY × 10^8), the SDMX convention.
 */
import { unitDimension, unitExponent } from '../domain/unit.js';
import type { Plan } from '../plan/plan-types.js';
import { type OpenDataTerms, openDataTerms } from './open-data-terms.js';

export const SDMX_VERSION = '1.0';
/** The maintenance agency: the platform publishing the figures. */
export const SDMX_AGENCY = 'ECMON';

export interface Name {
  zh: string;
  en?: string;
}

export interface SdmxCode {
  id: string;
  name: Name;
  description?: Name;
}

export interface SdmxCodelist {
  id: string;
  name: Name;
  codes: SdmxCode[];
}

export interface SdmxConcept {
  id: string;
  name: Name;
}

export interface SdmxComponent {
  id: string;
  /** The codelist that enumerates the component's values; absent for free text or numbers. */
  codelist?: string;
}

export interface SdmxStructure {
  agency: string;
  version: string;
  flowId: string;
  dsdId: string;
  conceptSchemeId: string;
  name: Name;
  codelists: SdmxCodelist[];
  concepts: SdmxConcept[];
  /** Key dimensions in key order (TIME_PERIOD is not one of them). */
  dimensions: SdmxComponent[];
  /** Observation-level attributes. */
  attributes: SdmxComponent[];
  /** Who publishes the data and under which licence (the plan's `open_data:`), for the message header. */
  publisher: {
    name: Name;
    contact: OpenDataTerms['contact'];
    /** The header's Source: publisher and licence. */
    source: Name;
  };
}

export const TIME_DIMENSION = 'TIME_PERIOD';
/** The code of the total over a plan dimension (SDMX's `_T`). */
export const TOTAL_CODE = '_T';
/** The dimensions every plan's structure starts with; the plan's own follow. */
export const FIXED_DIMENSIONS = ['FREQ', 'REF_AREA', 'MEASURE', 'ACCUMULATION'] as const;
export const PRIMARY_MEASURE = 'OBS_VALUE';

/** `chengdu-ec-2021-2025` → `CHENGDU_EC_2021_2025` (an SDMX IDType). */
export function sdmxId(text: string): string {
  return text.toUpperCase().replace(/[^A-Z0-9_]/g, '_');
}

/** The SDMX code of a measure id: `online_retail_sales` → `ONLINE_RETAIL_SALES`. */
export const measureCode = sdmxId;

/** Base-unit codes by unit dimension (the SDMX unit codes of SDMX's CL_UNIT where one fits). */
const UNIT_CODES: Record<string, SdmxCode> = {
  amount: { id: 'CNY', name: { zh: '人民币元', en: 'Chinese yuan renminbi' } },
  count: { id: 'NUM', name: { zh: '个（家、场）', en: 'Number' } },
  people: { id: 'PERS', name: { zh: '人', en: 'Persons' } },
  percent: { id: 'PC', name: { zh: '百分比', en: 'Percent' } },
  multiple: { id: 'TIMES', name: { zh: '倍', en: 'Times' } },
  trains: { id: 'TRAINS', name: { zh: '列', en: 'Trains' } },
};

/** The UNIT_MEASURE code and UNIT_MULT of a plan unit: 亿元 → CNY, 8. */
export function unitCode(unit: string): { code: string; mult: number } {
  const code = UNIT_CODES[unitDimension(unit)]?.id;
  if (!code) throw new Error(`no SDMX unit code for ${unit}`);
  return { code, mult: unitExponent(unit) };
}

export const OBS_STATUS: readonly SdmxCode[] = [
  { id: 'A', name: { zh: '正常值（已发布）', en: 'Normal value (published)' } },
  { id: 'R', name: { zh: '修订值（曾发布不同数值）', en: 'Revised (an earlier published value differs)' } },
  { id: 'P', name: { zh: '初步值', en: 'Provisional value' } },
];

export function planStructure(plan: Plan): SdmxStructure {
  const flowId = sdmxId(plan.id);
  const terms = openDataTerms(plan);
  const { licence, publisher } = terms;
  const name: Name = { zh: plan.metadata.title, en: plan.metadata.title_en };
  const usedUnits = [...new Set(plan.measures.map((m) => unitDimension(m.unit)))];
  const codelists: SdmxCodelist[] = [
    {
      id: 'CL_FREQ',
      name: { zh: '频率', en: 'Frequency' },
      codes: [
        { id: 'A', name: { zh: '年度', en: 'Annual' } },
        { id: 'Q', name: { zh: '季度', en: 'Quarterly' } },
        { id: 'M', name: { zh: '月度', en: 'Monthly' } },
      ],
    },
    {
      id: 'CL_AREA',
      name: { zh: '行政区划（GB/T 2260）及规划统计单元', en: 'Areas (GB/T 2260) and plan reporting units' },
      codes: plan.areas.map((a) => ({
        id: a.code,
        name: { zh: a.name, en: a.name_en },
        ...(a.code_note ? { description: { zh: a.code_note } } : {}),
      })),
    },
    {
      id: 'CL_MEASURE',
      name: { zh: '统计指标', en: 'Measures' },
      codes: plan.measures.map((m) => ({
        id: measureCode(m.id),
        name: { zh: m.name, en: m.name_en },
        ...(m.definition ? { description: { zh: m.definition } } : {}),
      })),
    },
    {
      id: 'CL_ACCUMULATION',
      name: { zh: '累计方式', en: 'Accumulation' },
      codes: [
        { id: 'N', name: { zh: '当期值', en: 'Value of the period' } },
        { id: 'YTD', name: { zh: '年初至本期累计（1—N月累计）', en: 'Year to date' } },
      ],
    },
    {
      id: 'CL_UNIT',
      name: { zh: '计量单位', en: 'Unit of measure' },
      codes: usedUnits.map((d) => UNIT_CODES[d]).filter((c): c is SdmxCode => c !== undefined),
    },
    { id: 'CL_OBS_STATUS', name: { zh: '观测值状态', en: 'Observation status' }, codes: [...OBS_STATUS] },
    ...planDimensions(plan).map((d) => ({
      id: d.codelist,
      name: { zh: d.name, en: d.nameEn },
      codes: [
        { id: TOTAL_CODE, name: { zh: '总计', en: 'Total' } },
        ...d.codes.map((c) => ({ id: c.code, name: { zh: c.name, en: c.name_en } })),
      ],
    })),
  ];
  const concepts: SdmxConcept[] = [
    { id: 'FREQ', name: { zh: '频率', en: 'Frequency' } },
    { id: 'REF_AREA', name: { zh: '地区', en: 'Reference area' } },
    { id: 'MEASURE', name: { zh: '指标', en: 'Measure' } },
    { id: 'ACCUMULATION', name: { zh: '累计方式', en: 'Accumulation' } },
    { id: TIME_DIMENSION, name: { zh: '时期', en: 'Time period' } },
    { id: PRIMARY_MEASURE, name: { zh: '观测值', en: 'Observation value' } },
    { id: 'UNIT_MEASURE', name: { zh: '计量单位', en: 'Unit of measure' } },
    { id: 'UNIT_MULT', name: { zh: '单位乘数（10 的幂）', en: 'Unit multiplier (power of ten)' } },
    { id: 'OBS_STATUS', name: { zh: '观测值状态', en: 'Observation status' } },
    { id: 'COMPARABLE_YOY', name: { zh: '可比口径同比增速（%）', en: 'Comparable-basis YoY growth (%)' } },
    { id: 'SOURCE', name: { zh: '来源', en: 'Source' } },
    ...planDimensions(plan).map((d) => ({ id: d.sdmx, name: { zh: d.name, en: d.nameEn } })),
  ];
  return {
    agency: SDMX_AGENCY,
    version: SDMX_VERSION,
    flowId,
    dsdId: `DSD_${flowId}`,
    conceptSchemeId: `CS_${flowId}`,
    name,
    codelists,
    concepts,
    dimensions: [
      { id: 'FREQ', codelist: 'CL_FREQ' },
      { id: 'REF_AREA', codelist: 'CL_AREA' },
      { id: 'MEASURE', codelist: 'CL_MEASURE' },
      { id: 'ACCUMULATION', codelist: 'CL_ACCUMULATION' },
      ...planDimensions(plan).map((d) => ({ id: d.sdmx, codelist: d.codelist })),
    ],
    attributes: [
      { id: 'UNIT_MEASURE', codelist: 'CL_UNIT' },
      { id: 'UNIT_MULT' },
      { id: 'OBS_STATUS', codelist: 'CL_OBS_STATUS' },
      { id: 'COMPARABLE_YOY' },
      { id: 'SOURCE' },
    ],
    publisher: {
      name: { zh: publisher.name, en: publisher.name_en },
      contact: terms.contact,
      source: {
        zh: `提供单位：${publisher.name}；许可：${licence.name}${licence.url ? `（${licence.url}）` : ''}`,
        en: `Publisher: ${publisher.name_en ?? publisher.name}; licence: ${licence.name_en ?? licence.name}${licence.url ? ` (${licence.url})` : ''}`,
      },
    },
  };
}

/** The plan's own dimensions as SDMX sees them: `customs_mode` → CUSTOMS_MODE with codelist CL_CUSTOMS_MODE. */
export function planDimensions(plan: Plan): {
  id: string;
  sdmx: string;
  codelist: string;
  name: string;
  nameEn?: string;
  codes: { code: string; name: string; name_en?: string }[];
}[] {
  return (plan.dimensions ?? []).map((d) => ({
    id: d.id,
    sdmx: sdmxId(d.id),
    codelist: `CL_${sdmxId(d.id)}`,
    name: d.name,
    ...(d.name_en ? { nameEn: d.name_en } : {}),
    codes: d.codes,
  }));
}
