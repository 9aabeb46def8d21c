/**
 * The zod schema of a plan file as written in YAML (docs/plan-format.md). It checks shapes and enums;
 * references between sections are checked afterwards by `check-plan-references.ts`.
 * Objects are strict, so a misspelt field is reported rather than silently ignored.
 */
import { z } from 'zod';
import { dimensionSchema } from './dimensions.js';
import { formsSchema, outlierChecksSchema, validationRulesSchema } from './form-spec.js';
import { openDataSpecSchema } from './open-data-spec.js';
import { EMPTY_REGISTRY, registrySpecSchema } from './registry-spec.js';

const ID = /^[a-z_][a-z0-9_]*$/;
const idError = '应为英文小写标识符（小写字母、数字、下划线，不以数字开头），如 ec_transaction_volume';

const id = z.string().regex(ID, { error: idError });
const text = z.string().min(1);
/** Area codes and periods may be written bare (`510100`, `2020`); YAML reads those as numbers. */
const codeLike = z.union([z.string(), z.number().int()]).transform((v) => String(v));
const year = z.number().int().min(1949).max(2100);

const sourceRef = z.strictObject({ section: text, quote: z.string().optional() });

const metadata = z.strictObject({
  title: text,
  title_en: z.string().optional(),
  issuer: text,
  document_number: z.string().optional(),
  issued: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, { error: '应为 YYYY-MM-DD 格式的日期' })
    .optional(),
  published: z
    .string()
    .regex(/^\d{4}-\d{2}$/, { error: '应为 YYYY-MM 格式的年月' })
    .optional(),
  period: z.strictObject({ start: year, end: year, base_year: year }),
  outlook: z.strictObject({ year, text }).optional(),
  source: z.string().optional(),
});

const area = z.strictObject({
  code: codeLike,
  name: text,
  name_en: z.string().optional(),
  kind: z.enum(['country', 'province', 'city', 'district', 'county', 'county_city', 'functional_zone']),
  parent: codeLike.optional(),
  code_note: z.string().optional(),
});

/** `areas: all` stands for every area of the plan except the root. */
export const ALL_AREAS = 'all';

const zone = z.strictObject({
  id,
  name: text,
  name_en: z.string().optional(),
  kind: text,
  areas: z.union([z.literal(ALL_AREAS), z.array(codeLike).min(1)]),
  focus: z.string().optional(),
  source: sourceRef.optional(),
  note: z.string().optional(),
});

const measure = z.strictObject({
  id,
  name: text,
  name_en: z.string().optional(),
  unit: text,
  aggregation: z.enum(['flow', 'stock']),
  definition: z.string().optional(),
  breakdowns: z.array(id).optional(),
});

export const COMPARATORS = ['>=', '>', '=', '<=', '<'] as const;

/** 年度目标: the level a plan sets for an intermediate year (replaces the constant-growth path there). */
const annualTarget = z.strictObject({ year, value: z.number() });

/** 目标分解: a district's share of a target, with its own optional annual targets. */
const allocation = z.strictObject({
  area: codeLike,
  value: z.number(),
  annual_targets: z.array(annualTarget).optional(),
  source: sourceRef.optional(),
});

const target = z.strictObject({
  year,
  value: z.number(),
  comparator: z.enum(COMPARATORS),
  area: codeLike.optional(),
  annual_targets: z.array(annualTarget).optional(),
  allocations: z.array(allocation).optional(),
  source: sourceRef.optional(),
  note: z.string().optional(),
});

const indicator = z.strictObject({
  id,
  name: text,
  name_en: z.string().optional(),
  unit: text,
  category: text,
  direction: z.enum(['higher', 'lower']),
  measure: z.string().optional(),
  expression: z.string().optional(),
  baseline: z
    .strictObject({ year, value: z.number(), source: sourceRef.optional() })
    .nullable()
    .default(null),
  targets: z.array(target).default([]),
  limit: z.number().optional(),
  headline: z.boolean().default(false),
  source: sourceRef,
  note: z.string().optional(),
});

const domain = z.strictObject({
  id,
  name: text,
  name_en: z.string().optional(),
  group: text,
  scope: text,
  source: sourceRef,
});

const task = z.strictObject({ id, name: text, summary: z.string().optional(), source: sourceRef });

const action = z.strictObject({
  id,
  name: text,
  goal: z.string().optional(),
  source: sourceRef,
  tasks: z.array(task).default([]),
});

const department = z.strictObject({
  id,
  name: text,
  name_en: z.string().optional(),
  source: sourceRef.optional(),
});

const baselineFact = z.strictObject({
  measure: z.string(),
  area: codeLike,
  period: codeLike,
  /** Written as a number or a string; kept as the decimal text of the file. */
  value: z.union([z.number(), z.string()]),
  unit: text,
  kind: z.enum(['level', 'avg_growth', 'multiple', 'share', 'pp_change']).optional(),
  compared_to: codeLike.optional(),
  denominator: z.string().optional(),
  breakdown: z.record(z.string(), z.string()).optional(),
  source: sourceRef,
  note: z.string().optional(),
});

const tolerances = z.strictObject({ green: z.number(), yellow: z.number() });

/** How a month, quarter or 1–N月累计 is judged against the year's target (see docs/plan-format.md). */
const judgement = z.strictObject({
  sub_year: z.enum(['seasonal', 'time_proportional']).default('seasonal'),
  seasonal_years: z.number().int().min(1).max(10).default(3),
});

const feedFilter = z.strictObject({
  field: text,
  op: z.enum(['in', 'not_in', 'eq', 'ne', 'is_true', 'is_false']),
  values: z.array(z.union([z.string(), z.number(), z.boolean()])).optional(),
});

const feedRule = z.strictObject({
  measure: z.string(),
  aggregate: z.enum(['sum_gmv', 'sum_net_gmv', 'sum_orders', 'count_rows']),
  where: z.array(feedFilter),
  breakdowns: z.array(z.string()).optional(),
});

const domainRule = z.strictObject({ domain: z.string(), where: z.array(feedFilter) });

/** When each source's batches become public (default on_commit: at once; on_approval: once approved). */
const policy = z.enum(['on_commit', 'on_approval']);
const publication = z.strictObject({ feed: policy.optional(), import: policy.optional() });

export const planFileSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9_-]*$/, {
    error: '应为小写字母、数字、连字符组成的计划编号，如 chengdu-ec-2021-2025',
  }),
  version: text,
  metadata,
  root_area: codeLike,
  areas: z.array(area).min(1),
  zones: z.array(zone).default([]),
  measures: z.array(measure).min(1),
  indicators: z.array(indicator).min(1),
  domains: z.array(domain).default([]),
  actions: z.array(action).default([]),
  departments: z.array(department).default([]),
  baseline_facts: z.array(baselineFact).default([]),
  tolerances: tolerances.default({ green: 0, yellow: -0.05 }),
  judgement: judgement.default({ sub_year: 'seasonal', seasonal_years: 3 }),
  feed_rules: z.array(feedRule).default([]),
  domain_rules: z.array(domainRule).default([]),
  publication: publication.default({}),
  registry: registrySpecSchema.default(EMPTY_REGISTRY),
  // Open data: publisher, contact, licence, release calendar, public registry lists (open-data-spec.ts).
  open_data: openDataSpecSchema.optional(),
  // Dimensions as data (dimensions.ts): what observations are broken down by, with code lists.
  dimensions: z.array(dimensionSchema).default([]),
  // Report forms and their validation rules (form-spec.ts).
  forms: formsSchema,
  validation_rules: validationRulesSchema,
  outlier_checks: outlierChecksSchema,
});

export type PlanFile = z.output<typeof planFileSchema>;
