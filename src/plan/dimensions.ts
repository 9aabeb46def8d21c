/**
 * The plan's `dimensions:` section (docs/plan-format.md): what an observation can be broken down by —
 * focus domain, platform, goods category, customs trade mode (9610/9710/9810/1210), firm type … — each with
 * its code list. Measures, feed rules and baseline facts that name a dimension or a code are checked here
 * when the plan loads; observations carry a breakdown keyed by these ids (src/domain/breakdown.ts).
 */
import { z } from 'zod';
import type { ReferenceIssue } from './check-plan-references.js';
import type { PathKey } from './yaml-places.js';

const id = z.string().regex(/^[a-z_][a-z0-9_]*$/, {
  error: '应为英文小写标识符（小写字母、数字、下划线，不以数字开头）',
});
const text = z.string().min(1);
/** A code may be written bare (`9610`): YAML reads that as a number. */
const code = z
  .union([z.string(), z.number().int()])
  .transform((v) => String(v))
  .pipe(z.string().regex(/^[A-Za-z0-9_-]+$/, { error: '编码只能含字母、数字、下划线和连字符' }));

/** `codes: domains`: the dimension's codes are the plan's focus domains (`domains:`). */
export const CODES_FROM_DOMAINS = 'domains';

const dimensionCode = z.strictObject({ code, name: text, name_en: z.string().optional() });

export const dimensionSchema = z.strictObject({
  id,
  name: text,
  name_en: z.string().optional(),
  codes: z.union([z.literal(CODES_FROM_DOMAINS), z.array(dimensionCode).min(1)]),
  /** Open: codes beyond the list are accepted (a feed names its own platform); the list names the known ones. */
  open: z.boolean().default(false),
  note: z.string().optional(),
});

export type DimensionFile = z.output<typeof dimensionSchema>;

export interface DimensionCode {
  code: string;
  name: string;
  name_en?: string;
}

/** A declared dimension with its code list resolved. */
export interface Dimension {
  id: string;
  name: string;
  name_en?: string;
  codes: DimensionCode[];
  open: boolean;
  note?: string;
}

/** The dimensions with `codes: domains` resolved to the plan's domains. */
export function resolveDimensions(
  dims: readonly DimensionFile[],
  domains: readonly { id: string; name: string; name_en?: string }[],
): Dimension[] {
  return dims.map((d) => ({
    ...d,
    codes:
      d.codes === CODES_FROM_DOMAINS
        ? domains.map((x) => ({ code: x.id, name: x.name, ...(x.name_en ? { name_en: x.name_en } : {}) }))
        : d.codes,
  }));
}

/** Whether `code` is a code of `dim` (any well-formed code for an open dimension). */
export function isDimensionCode(dim: Dimension, code: string): boolean {
  return dim.open ? /^[A-Za-z0-9_-]+$/.test(code) : dim.codes.some((c) => c.code === code);
}

interface Referrers {
  measures: readonly { id: string; breakdowns?: string[] | undefined }[];
  feed_rules: readonly { measure: string; breakdowns?: string[] | undefined }[];
  baseline_facts: readonly { measure: string; breakdown?: Record<string, string> | undefined }[];
  domains: readonly { id: string; name: string; name_en?: string | undefined }[];
}

/**
 * Every place that names a dimension or a code: ids unique, codes unique within a dimension, measures'
 * breakdowns declared, feed rules' breakdowns among their measure's, baseline facts' breakdowns among their
 * measure's with a code of the dimension.
 */
export function checkDimensionReferences(dims: readonly DimensionFile[], plan: Referrers): ReferenceIssue[] {
  const out: ReferenceIssue[] = [];
  const declared = new Map<string, Dimension>();
  const resolved = resolveDimensions(dims, plan.domains as { id: string; name: string }[]);
  resolved.forEach((d, i) => {
    if (declared.has(d.id))
      out.push({
        path: ['dimensions', i, 'id'],
        message: `维度「${d.id}」重复`,
        hint: '每个维度只能定义一次，删除或改名',
      });
    else declared.set(d.id, d);
    const seen = new Set<string>();
    if (Array.isArray(dims[i]?.codes))
      d.codes.forEach((c, j) => {
        if (seen.has(c.code))
          out.push({
            path: ['dimensions', i, 'codes', j, 'code'],
            message: `维度 ${d.id} 的编码「${c.code}」重复`,
            hint: '同一维度内编码唯一',
          });
        seen.add(c.code);
      });
  });
  const known = [...declared.keys()].join('、') || '（无）';
  const measureDims = new Map<string, string[]>();
  plan.measures.forEach((m, i) => {
    measureDims.set(m.id, m.breakdowns ?? []);
    (m.breakdowns ?? []).forEach((b, k) => {
      if (!declared.has(b))
        out.push({
          path: ['measures', i, 'breakdowns', k],
          message: `分组维度「${b}」未在 dimensions 中定义`,
          hint: `可用维度：${known}；或先在 dimensions 中定义它`,
        });
    });
  });
  plan.baseline_facts.forEach((f, i) => {
    const allowed = measureDims.get(f.measure);
    for (const [key, value] of Object.entries(f.breakdown ?? {})) {
      const path: PathKey[] = ['baseline_facts', i, 'breakdown', key];
      if (allowed && !allowed.includes(key))
        out.push({
          path,
          message: `计量项 ${f.measure} 没有分组维度「${key}」`,
          hint: `可用维度：${allowed.join('、') || '（无）'}`,
        });
      else {
        const dim = declared.get(key);
        if (dim && !isDimensionCode(dim, value))
          out.push({
            path,
            message: `维度 ${key} 没有编码「${value}」`,
            hint: `可用编码：${dim.codes.map((c) => c.code).join('、')}`,
          });
      }
    }
  });
  return out;
}
