/**
 * The header of a long-format observations file: which column of the file carries which field, with the
 * Chinese headings an analyst would type accepted beside the English names. Besides the fixed fields, a
 * column named by one of the plan's dimensions (its id or its Chinese name) carries that dimension's code.
 */
import type { Problem } from '../../domain/user-error.js';

/** Accepted column names, English first, then the Chinese headings. */
export const OBSERVATION_COLUMNS = {
  measure: ['measure', '指标代码', '度量', '指标'],
  area: ['area', '区划代码', '地区代码', '地区'],
  period: ['period', '期间', '时期'],
  value: ['value', '数值', '值'],
  unit: ['unit', '单位'],
  published_yoy: ['published_yoy', '可比增速', '同比增速', '同比增长'],
  source: ['source', '来源', '数据来源'],
} as const;
/** A fixed field, or `dim:<id>` for a column of the plan's dimension `<id>`. */
export type ObservationField = keyof typeof OBSERVATION_COLUMNS | `dim:${string}`;

export const dimField = (id: string): ObservationField => `dim:${id}`;

const FIELDS = Object.keys(OBSERVATION_COLUMNS) as (keyof typeof OBSERVATION_COLUMNS)[];
const REQUIRED: readonly ObservationField[] = ['measure', 'area', 'period', 'value'];

export interface ObservationHeader {
  /** The 0-based file column of each field the header names. */
  index: Map<ObservationField, number>;
  /** Unknown or repeated names: reported with the rows' problems. */
  problems: Problem[];
  /** An empty file or a missing required column: nothing else can be checked. */
  fatal: Problem[];
}

/**
 * Reads the header names. `xlsx`: a column is its cell number; CSV: the character where the name starts
 * (names written unquoted unless they hold a comma or quote).
 */
export function readObservationHeader(
  file: string,
  names: readonly string[],
  xlsx: boolean,
  dimensions: readonly { id: string; name: string }[] = [],
): ObservationHeader {
  const index = new Map<ObservationField, number>();
  const problems: Problem[] = [];
  if (names.length === 0 || (names.length === 1 && names[0] === ''))
    return {
      index,
      problems,
      fatal: [
        {
          place: `${file}:1:1`,
          value: '',
          message: '文件为空',
          hint: '第一行应为表头 measure,area,period,value',
        },
      ],
    };
  let at = 1;
  names.forEach((text, i) => {
    const place = `${file}:1:${xlsx ? i + 1 : at}`;
    at += csvWidth(text) + 1;
    const name = text
      .trim()
      .replace(/^\uFEFF/, '')
      .toLowerCase();
    const dim = dimensions.find((x) => x.id === name || x.name === name);
    const key: ObservationField | undefined = dim
      ? dimField(dim.id)
      : FIELDS.find((f) => (OBSERVATION_COLUMNS[f] as readonly string[]).includes(name));
    if (!key)
      problems.push({
        place,
        value: text,
        message: '无法识别的列名',
        hint: `可用列：${[...FIELDS, ...dimensions.map((x) => x.id)].join(', ')}（分组列以计划 dimensions 的编号命名）`,
      });
    else if (index.has(key)) problems.push({ place, value: text, message: `列 ${key} 重复出现` });
    else index.set(key, i);
  });
  const missing = REQUIRED.filter((k) => !index.has(k));
  const fatal: Problem[] = missing.length
    ? [
        ...problems,
        {
          place: `${file}:1:1`,
          value: names.join(','),
          message: `缺少必需的列：${missing.join(', ')}`,
          hint: '表头应为 measure,area,period,value[,unit][,published_yoy][,source]',
        },
      ]
    : [];
  return { index, problems, fatal };
}

/** The characters a value takes in a CSV line when quoted only if it must be. */
function csvWidth(text: string): number {
  return /[",\n\r]/.test(text) ? text.length + 2 + (text.match(/"/g)?.length ?? 0) : text.length;
}
