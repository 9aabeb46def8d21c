/**
 * The plan's `registry:` section (docs/registry.md): the kinds of entity the registry keeps besides
 * enterprises, with their own fields; the designations an entity can hold; and the count rules that turn
 * designations into the levels of count measures. All data: another plan can add a kind or a designation.
 */
import { z } from 'zod';
import type { ReferenceIssue } from './check-plan-references.js';
import type { PathKey } from './yaml-places.js';

const id = z.string().regex(/^[a-z_][a-z0-9_]*$/, {
  error: '应为英文小写标识符（小写字母、数字、下划线，不以数字开头）',
});
const text = z.string().min(1);
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { error: '应为 YYYY-MM-DD 格式的日期' });

/** The built-in kind: enterprises keyed by 统一社会信用代码. */
export const ENTERPRISE_KIND = 'enterprise';

const kindField = z.strictObject({
  id,
  name: text,
  type: z.enum(['text', 'number', 'date', 'choice']),
  choices: z.array(text).optional(),
  required: z.boolean().default(false),
});

const kind = z.strictObject({
  id,
  name: text,
  group: z.enum(['carrier', 'project']),
  fields: z.array(kindField).default([]),
});

const designation = z.strictObject({
  id,
  name: text,
  /** Kinds that may hold it (`enterprise` or a declared kind). */
  kinds: z.array(z.string()).min(1),
  note: z.string().optional(),
});

const countRule = z.strictObject({
  measure: z.string(),
  /** Kinds counted (default: the designations' kinds). */
  kinds: z.array(z.string()).optional(),
  /** An entity counts when it holds any of these. */
  designations: z.array(z.string()).min(1),
  /** Only entities in these areas (default: every area). */
  areas: z.array(z.union([z.string(), z.number().int()]).transform(String)).optional(),
  /** Only entities of these plan domains. */
  domains: z.array(z.string()).optional(),
  /**
   * `active_at_end` (stocks): designations in force at the period's end; `started_in_period` (flows):
   * designations that begin inside the period (an event, an opening).
   */
  count: z.enum(['active_at_end', 'started_in_period']).default('active_at_end'),
  /** Only designations valid from this date on (“新增”, “新开设” during the plan). */
  since: isoDate.optional(),
  note: z.string().optional(),
});

export const registrySpecSchema = z.strictObject({
  kinds: z.array(kind).default([]),
  designations: z.array(designation).default([]),
  credit_types: z.array(text).default(['守信激励', '失信惩戒', '行政处罚', '第三方信用评价']),
  counts: z.array(countRule).default([]),
});

export type RegistrySpec = z.output<typeof registrySpecSchema>;
export type RegistryKind = RegistrySpec['kinds'][number];
export type KindField = RegistryKind['fields'][number];
export type Designation = RegistrySpec['designations'][number];
export type CountRule = RegistrySpec['counts'][number];

export const EMPTY_REGISTRY: RegistrySpec = registrySpecSchema.parse({});

/** Kinds, designations and count rules refer to things the plan defines. */
export function checkRegistryReferences(
  spec: RegistrySpec,
  measures: ReadonlyMap<string, { aggregation: string }>,
  areas: ReadonlySet<string>,
  domains: ReadonlySet<string>,
): ReferenceIssue[] {
  const out: ReferenceIssue[] = [];
  const at = (...p: PathKey[]): PathKey[] => ['registry', ...p];
  const kinds = new Set([ENTERPRISE_KIND, ...spec.kinds.map((k) => k.id)]);
  const designations = new Map(spec.designations.map((d) => [d.id, d]));
  const unknown = (path: PathKey[], what: string, v: string, where: string): void => {
    out.push({ path, message: `${what}「${v}」未定义`, hint: `先在 ${where} 中定义它，或改为已定义的编号` });
  };
  const seen = new Set<string>();
  for (const [i, k] of spec.kinds.entries()) {
    if (k.id === ENTERPRISE_KIND || seen.has(k.id))
      out.push({
        path: at('kinds', i, 'id'),
        message: `类别「${k.id}」重复或与内置类别 enterprise 相同`,
        hint: '改名',
      });
    seen.add(k.id);
  }
  spec.designations.forEach((d, i) => {
    d.kinds.forEach((k, j) => {
      if (!kinds.has(k)) unknown(at('designations', i, 'kinds', j), '类别', k, 'registry.kinds');
    });
  });
  const counted = new Set<string>();
  spec.counts.forEach((r, i) => {
    const m = measures.get(r.measure);
    if (!m) unknown(at('counts', i, 'measure'), '计量项', r.measure, 'measures');
    if (counted.has(r.measure))
      out.push({
        path: at('counts', i, 'measure'),
        message: `计量项「${r.measure}」已有计数规则`,
        hint: '每个计量项只能有一条计数规则',
      });
    counted.add(r.measure);
    if (m && (m.aggregation === 'flow') !== (r.count === 'started_in_period'))
      out.push({
        path: at('counts', i, 'count'),
        message: `计量项「${r.measure}」为 ${m.aggregation}，计数方式「${r.count}」与之不符`,
        hint: '存量（stock）用 active_at_end，流量（flow）用 started_in_period',
      });
    r.designations.forEach((d, j) => {
      if (!designations.has(d))
        unknown(at('counts', i, 'designations', j), '认定类型', d, 'registry.designations');
    });
    (r.kinds ?? []).forEach((k, j) => {
      if (!kinds.has(k)) unknown(at('counts', i, 'kinds', j), '类别', k, 'registry.kinds');
    });
    (r.areas ?? []).forEach((a, j) => {
      if (!areas.has(a)) unknown(at('counts', i, 'areas', j), '区划', a, 'areas');
    });
    (r.domains ?? []).forEach((d, j) => {
      if (!domains.has(d)) unknown(at('counts', i, 'domains', j), '领域', d, 'domains');
    });
  });
  return out;
}
