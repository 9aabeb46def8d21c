/**
 * The dashboard API contract, version 1: every request and response of `/api/v1`, defined once with zod.
 * Validation (server.ts), the TypeScript types (here, used by the server and the web app) and the OpenAPI
 * document (openapi.ts) all derive from these schemas. Response types are the API's own: the service maps
 * engine and plan objects onto them, so engine internals can change without changing the contract.
 */
import { z } from 'zod';
import { PeriodError, parsePeriod } from '../../domain/period.js';

/** The named schemas: each becomes `#/components/schemas/<id>` in the OpenAPI document. */
export const components = z.registry<{ id: string }>();
export function named<T extends z.ZodType>(id: string, description: string, schema: T): T {
  const described = schema.meta({ description }) as T;
  components.add(described, { id });
  return described;
}

const num = z.number().nullable();

// ---------------------------------------------------------------------------------------------- requests

/** Real ids from the Chengdu plan, used as the examples in the OpenAPI document (tested to answer 200). */
export const EXAMPLES = {
  indicator: 'ec_transaction_volume',
  area: '510104',
  period: '2021',
  frequency: 'cumulative',
} as const;

const PERIOD_FORMS =
  '可用格式：2021（年）、2021-Q1（季度）、2021-03（月）、2021-01/2021-03（同一年内的累计）';

/** A query value that must be given once: `?p=a&p=b` arrives as an array. */
const once = (name: string) => (issue: { input?: unknown }) =>
  Array.isArray(issue.input)
    ? `参数 ${name} 只能出现一次，实际收到 ${JSON.stringify(issue.input)}`
    : undefined;

const periodParam = (description: string) =>
  z
    .string({ error: once('period') })
    .trim()
    .superRefine((value, ctx) => {
      try {
        parsePeriod(value);
      } catch (e) {
        if (!(e instanceof PeriodError)) throw e;
        const reason = e.reason.includes('可用格式') ? e.reason : `${e.reason}。${PERIOD_FORMS}`;
        ctx.addIssue({ code: 'custom', message: `参数 period 的值「${value}」不是有效的期间：${reason}` });
      }
    })
    .optional()
    .meta({
      description: `${description} Forms: \`2021\` (year), \`2021-Q1\` (quarter), \`2021-03\` (month), \`2021-01/2021-03\` (1–3月累计).`,
      example: EXAMPLES.period,
    });

const areaParam = z
  .string({ error: once('area') })
  .trim()
  .regex(/^\w{1,64}$/, {
    error: (i) => `参数 area 的值「${i.input}」不是区划代码或片区编号：只能含字母、数字和下划线`,
  })
  .optional()
  .meta({
    description:
      'GB/T 2260 area code or zone id from /api/v1/meta `areas` / `zones`; absent = the whole plan area. Unknown → 404.',
    example: EXAMPLES.area,
  });

const indicatorId = (name: string) =>
  z
    .string({
      error: (issue) =>
        issue.input === undefined
          ? `缺少参数 ${name}：请给出指标编号，如 ${EXAMPLES.indicator}，见 /api/v1/meta 的 indicators`
          : once(name)(issue),
    })
    .trim()
    .min(1, {
      error: `缺少参数 ${name}：请给出指标编号，如 ${EXAMPLES.indicator}，见 /api/v1/meta 的 indicators`,
    })
    .meta({
      description: 'Indicator id from /api/v1/meta `indicators`. Unknown → 404.',
      example: EXAMPLES.indicator,
    });

export const FREQUENCIES = ['month', 'quarter', 'year', 'cumulative'] as const;
export const Frequency = z
  .enum(FREQUENCIES, {
    error: (issue) =>
      once('frequency')(issue) ??
      `参数 frequency 的值「${String(issue.input)}」无效。可用值：month（月）、quarter（季度）、year（年）、cumulative（1–N月累计）`,
  })
  .meta({ description: 'Granularity of the series; `cumulative` = 1–N月累计 within each year.' });
export type Frequency = z.infer<typeof Frequency>;

/** `as=working`: a signed-in analyst or district user reads pending figures too (their scope decides which). */
const asParam = z
  .enum(['published', 'working'], {
    error: (issue) =>
      once('as')(issue) ??
      `参数 as 的值「${String(issue.input)}」无效：可用值 published（已发布）或 working（含待审数据，需登录）`,
  })
  .meta({
    example: 'published',
    description:
      "`published` (default): published figures only. `working`: pending figures too, within the signed-in account's scope (analysts: every area; district users: their own areas); 401 without an account.",
  })
  .optional();

export const OverviewQuery = z.object({
  period: periodParam('Period to evaluate; default the latest complete year.'),
  area: areaParam,
  as: asParam,
});
export const IndicatorParams = z.object({ id: indicatorId('id') });
export const IndicatorQuery = z.object({
  area: areaParam,
  frequency: Frequency.default('year').meta({ example: EXAMPLES.frequency }),
  period: periodParam('Period of the `current` evaluation; default the latest month with data.'),
  as: asParam,
});
export const DistrictsQuery = z.object({
  indicator: indicatorId('indicator'),
  period: periodParam('Period; default the latest complete year.'),
  as: asParam,
});
export const DomainsQuery = OverviewQuery;
export const NoQuery = z.object({});

export type OverviewQuery = z.output<typeof OverviewQuery>;
export type IndicatorQuery = z.output<typeof IndicatorQuery> & z.output<typeof IndicatorParams>;
export type DistrictsQuery = z.output<typeof DistrictsQuery>;
export type DomainsQuery = z.output<typeof DomainsQuery>;

// ---------------------------------------------------------------------------------------------- the plan

const SourceRef = z.object({ section: z.string(), quote: z.string().optional() });

export const PlanMetadata = named(
  'PlanMetadata',
  'The plan document: title, issuer, period.',
  z.object({
    title: z.string(),
    title_en: z.string().optional(),
    issuer: z.string(),
    document_number: z.string().optional(),
    issued: z.string().optional(),
    published: z.string().optional(),
    period: z.object({ start: z.number().int(), end: z.number().int(), base_year: z.number().int() }),
    outlook: z.object({ year: z.number().int(), text: z.string() }).optional(),
    source: z.string().optional(),
  }),
);

export const Area = named(
  'Area',
  'A statistical unit with its GB/T 2260 code.',
  z.object({
    code: z.string(),
    name: z.string(),
    name_en: z.string().optional(),
    kind: z.enum(['country', 'province', 'city', 'district', 'county', 'county_city', 'functional_zone']),
    parent: z.string().optional(),
    code_note: z.string().optional(),
  }),
);
export type Area = z.infer<typeof Area>;

export const Zone = named(
  'Zone',
  'A named group of areas (一核, 片区).',
  z.object({
    id: z.string(),
    name: z.string(),
    name_en: z.string().optional(),
    kind: z.string(),
    areas: z.array(z.string()),
    focus: z.string().optional(),
    source: SourceRef.optional(),
  }),
);
export type Zone = z.infer<typeof Zone>;

export const Domain = named(
  'Domain',
  'A focus domain of the plan (工业电商, 跨境电商, …).',
  z.object({
    id: z.string(),
    name: z.string(),
    name_en: z.string().optional(),
    group: z.string(),
    scope: z.string(),
    source: SourceRef,
  }),
);
export type Domain = z.infer<typeof Domain>;

const Comparator = z.enum(['>=', '>', '=', '<=', '<']);
export const Target = named(
  'Target',
  'A target value for a year, optionally for one area.',
  z.object({
    year: z.number().int(),
    value: z.number(),
    comparator: Comparator,
    area: z.string().optional(),
    source: SourceRef.optional(),
    note: z.string().optional(),
  }),
);

export const Indicator = named(
  'Indicator',
  'What the plan monitors, with its baseline and targets.',
  z.object({
    id: z.string(),
    name: z.string(),
    name_en: z.string().optional(),
    unit: z.string(),
    category: z.string(),
    direction: z.enum(['higher', 'lower']),
    measure: z.string().optional(),
    expression: z.string().optional(),
    baseline: z
      .object({ year: z.number().int(), value: z.number(), source: SourceRef.optional() })
      .nullable(),
    target: Target.nullable(),
    targets: z.array(Target),
    limit: z.number().optional(),
    headline: z.boolean(),
    source: SourceRef,
    note: z.string().optional(),
  }),
);
export type Indicator = z.infer<typeof Indicator>;

export const DimensionCode = z.object({ code: z.string(), name: z.string(), name_en: z.string().optional() });

export const Dimension = named(
  'Dimension',
  'A dimension the plan breaks observations down by (platform, goods category, customs mode …), with its codes.',
  z.object({
    id: z.string(),
    name: z.string(),
    name_en: z.string().optional(),
    /** Open: codes beyond the list occur (a feed names its own platform). */
    open: z.boolean(),
    codes: z.array(DimensionCode),
  }),
);
export type Dimension = z.infer<typeof Dimension>;

export const MetaResponse = named(
  'MetaResponse',
  'The plan, its areas, zones, domains and indicators, and what data is loaded.',
  z.object({
    plan: z.object({ id: z.string(), version: z.string(), metadata: PlanMetadata }),
    /** Whether any loaded observation is simulated: the UI then shows the 含模拟数据 banner on every page. */
    simulated: z.boolean(),
    data_version: z.number().int(),
    /** Latest month with data (`YYYY-MM`), or null when only the plan's baselines are loaded. */
    latest_month: z.string().nullable(),
    years: z.array(z.number().int()),
    root_area: z.string(),
    areas: z.array(Area),
    zones: z.array(Zone),
    domains: z.array(Domain),
    /** What observations are broken down by (see /api/v1/breakdowns/{dimension}). */
    dimensions: z.array(Dimension),
    indicators: z.array(Indicator),
    /** Category names in plan order (规模指标, 企业指标, …). */
    categories: z.array(z.string()),
  }),
);
export type MetaResponse = z.infer<typeof MetaResponse>;

// ---------------------------------------------------------------------------------------------- figures

/** The 序时进度 judgement as a code: the web and the CLI word it. */
export const ScheduleStatus = z.enum(['on_track', 'slightly_behind', 'behind']);
export type ScheduleStatus = z.infer<typeof ScheduleStatus>;
export const ProgressStatus = z.enum([
  'target_achieved',
  'substantial_progress',
  'moderate_progress',
  'limited_progress',
  'deterioration',
  'not_available',
]);
export type ProgressStatus = z.infer<typeof ProgressStatus>;

export const IndicatorFigure = named(
  'IndicatorFigure',
  'One indicator evaluated for one area and period. Growth rates, completion and gaps are fractions; fields that do not apply are null.',
  z.object({
    indicator: z.string(),
    name: z.string(),
    area: z.string(),
    period: z.string(),
    value: num,
    unit: z.string(),
    yoy: z
      .object({ value: num, naive: num, basis: z.enum(['published_comparable', 'naive']).nullable() })
      .nullable(),
    mom: num,
    baseline: z.object({ year: z.number().int(), value: z.number() }).nullable(),
    target: z.object({ year: z.number().int(), value: z.number(), comparator: z.string() }).nullable(),
    multiple_of_baseline: num,
    avg_growth_since_baseline: num,
    completion: num,
    schedule: z.object({ expected: num, gap: num, status: ScheduleStatus.nullable() }).nullable(),
    required_growth: num,
    projection: z
      .object({ year: z.number().int(), value: num, meets_target: z.boolean().nullable() })
      .nullable(),
    progress: z
      .object({ method: z.union([z.literal(1), z.literal(2)]), p: num, score: num, status: ProgressStatus })
      .nullable(),
    /** True when any input is simulated data. */
    simulated: z.boolean(),
  }),
);
export type IndicatorFigure = z.infer<typeof IndicatorFigure>;

export const ExplanationInput = named(
  'ExplanationInput',
  "One input of a figure: a measure's value for an area and period, and where it came from.",
  z.object({
    measure: z.string(),
    area: z.string(),
    period: z.string(),
    value: num,
    unit: z.string(),
    source: z.string().nullable(),
    batches: z.array(z.string()).optional(),
    simulated: z.boolean().optional(),
  }),
);

export const Explanation = named(
  'Explanation',
  'How one figure was computed. `of` names the figure (value, yoy, completion, schedule, …).',
  z.object({
    of: z.string(),
    formula: z.string(),
    method: z.string(),
    inputs: z.array(ExplanationInput),
    note: z.string().optional(),
  }),
);
export type Explanation = z.infer<typeof Explanation>;

export const ExplainedFigure = named(
  'ExplainedFigure',
  'A figure with the workings of each of its parts.',
  IndicatorFigure.extend({ components: z.array(Explanation) }),
);
export type ExplainedFigure = z.infer<typeof ExplainedFigure>;

const SparkPoint = named('SparkPoint', 'A value for a period.', z.object({ period: z.string(), value: num }));
export type SparkPoint = z.infer<typeof SparkPoint>;
const YearPoint = named(
  'YearPoint',
  'A value at the end of a year.',
  z.object({ year: z.number().int(), value: z.number() }),
);
export type YearPoint = z.infer<typeof YearPoint>;

// ---------------------------------------------------------------------------------------------- responses

export const OverviewRow = z.object({
  result: IndicatorFigure,
  /** Latest period with a value at or before the requested period, or null (暂无数据). */
  latest_period: z.string().nullable(),
  /** Yearly values from the baseline year to the requested year. */
  sparkline: z.array(SparkPoint),
});
export type OverviewRow = z.infer<typeof OverviewRow>;

export const OverviewResponse = named(
  'OverviewResponse',
  'Every indicator at one period, grouped by category in plan order.',
  z.object({
    period: z.string(),
    area: z.string(),
    groups: z.array(z.object({ category: z.string(), rows: z.array(OverviewRow) })),
  }),
);
export type OverviewResponse = z.infer<typeof OverviewResponse>;

export const IndicatorDetailResponse = named(
  'IndicatorDetailResponse',
  'One indicator: a series at a frequency, the target path, the projection and the explained current figure.',
  z.object({
    indicator: Indicator,
    area: z.string(),
    frequency: Frequency,
    /** One figure per period of the frequency, oldest first. */
    series: z.array(IndicatorFigure),
    /** The constant-growth path from baseline to target (序时进度), one point per year; empty without a target. */
    path: z.array(YearPoint),
    /** From the latest full year to the target year at the trailing average growth. */
    projection: z.array(YearPoint),
    current: ExplainedFigure,
  }),
);
export type IndicatorDetailResponse = z.infer<typeof IndicatorDetailResponse>;

export const DistrictRow = z.object({
  area: z.string(),
  name: z.string(),
  value: num,
  yoy: num,
  /** Share of the city total, percent. */
  share: num,
  /** 贡献率, percent. */
  contribution: num,
  /** 拉动, percentage points. */
  pull: num,
  rank: z.number().int().nullable(),
  simulated: z.boolean(),
});
export type DistrictRow = z.infer<typeof DistrictRow>;
export const ZoneRow = z.object({
  zone: z.string(),
  name: z.string(),
  areas: z.array(z.string()),
  value: num,
  yoy: num,
  share: num,
});
export type ZoneRow = z.infer<typeof ZoneRow>;

export const DistrictsResponse = named(
  'DistrictsResponse',
  'An indicator by district: value, YoY, share, 贡献率, 拉动百分点, and the zones.',
  z.object({
    indicator: z.string(),
    period: z.string(),
    unit: z.string(),
    total: num,
    rows: z.array(DistrictRow),
    zones: z.array(ZoneRow),
  }),
);
export type DistrictsResponse = z.infer<typeof DistrictsResponse>;

export const DomainRow = z.object({
  domain: z.string(),
  name: z.string(),
  group: z.string(),
  value: num,
  yoy: num,
  share: num,
  share_change_pp: num,
  series: z.array(SparkPoint),
});
export type DomainRow = z.infer<typeof DomainRow>;

export const DomainsResponse = named(
  'DomainsResponse',
  'The focus domains on the plan’s domain measure: size, growth, share and share change (百分点).',
  z.object({
    measure: z.string().nullable(),
    period: z.string(),
    area: z.string(),
    unit: z.string(),
    rows: z.array(DomainRow),
  }),
);
export type DomainsResponse = z.infer<typeof DomainsResponse>;

export const BatchSummary = z.object({
  id: z.string(),
  kind: z.enum(['feed', 'import', 'plan', 'registry', 'form']),
  platform: z.string().nullable(),
  period: z.string().nullable(),
  file: z.string().nullable(),
  status: z.string(),
  rows: z.number().int(),
  rejected: z.number().int(),
  observations: z.number().int(),
  simulated: z.boolean(),
  loaded_at: z.string(),
  replaces: z.string().nullable(),
});
export type BatchSummary = z.infer<typeof BatchSummary>;

export const BatchesResponse = named(
  'BatchesResponse',
  'Loaded batches with lineage, row counts and status, newest first.',
  z.object({ batches: z.array(BatchSummary) }),
);
export type BatchesResponse = z.infer<typeof BatchesResponse>;

/** An error, as RFC 9457 Problem Details (`application/problem+json`). `detail` is Chinese. */
export const Problem = named(
  'Problem',
  'RFC 9457 Problem Details; `parameter` and `value` name the request parameter at fault.',
  z.object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    instance: z.string(),
    parameter: z.string().optional(),
    value: z.unknown().optional(),
    /** A form that did not pass: every problem with the field it names. */
    errors: z
      .array(
        z.object({
          field: z.string(),
          label: z.string(),
          value: z.string(),
          message: z.string(),
          hint: z.string().optional(),
        }),
      )
      .optional(),
  }),
);
export type Problem = z.infer<typeof Problem>;

// --------------------------------------------------------------------------------------------- registry

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { error: '应为 YYYY-MM-DD 格式的日期，如 2023-12-31' });

export const RegistryQuery = z.object({
  q: z
    .string()
    .max(100)
    .optional()
    .meta({ description: '名称关键字或统一社会信用代码/编号前缀', example: '模拟' }),
  kind: z.string().optional().meta({ description: '对象类别', example: 'scene' }),
  area: z.string().optional().meta({ description: '区划代码或片区编号', example: '510104' }),
  designation: z.string().optional().meta({ description: '认定类型编号', example: 'demo_scene' }),
  at: isoDate.optional().meta({ description: '只看该日有效的认定', example: '2023-12-31' }),
});
export const RegistryEntityParams = z.object({
  id: z
    .string()
    .min(1)
    .max(40)
    .meta({ description: '统一社会信用代码或载体编号', example: 'SIM-DEMO_SCENE-00001' }),
});
export const RegistryCountsQuery = z.object({
  designation: z.string().meta({ description: '认定类型编号，如 gazelle', example: 'gazelle' }),
  area: z.string().optional().meta({ description: '区划代码或片区编号', example: '510104' }),
  year: z.coerce
    .number()
    .int()
    .min(1949)
    .max(2100)
    .optional()
    .meta({ description: '年份（同 period=YYYY）', example: '2023' }),
  period: z
    .string()
    .regex(/^\d{4}(-(0[1-9]|1[0-2]))?$/, { error: '应为 YYYY（年）或 YYYY-MM（月）' })
    .optional()
    .meta({ description: '期末：年 YYYY 或月 YYYY-MM；新增/减少名单对比上一期末', example: '2024-06' }),
});
export const RegistryCreditQuery = z.object({
  list: z
    .enum(['dishonest', 'watch'], { error: '应为 dishonest（失信名单）或 watch（重点关注名单）' })
    .meta({ description: 'dishonest：公示的失信名单；watch：重点关注名单', example: 'dishonest' }),
  on: isoDate.optional().meta({ description: '名单日期（默认今天）', example: '2024-12-31' }),
});
const FormValues = z
  .record(z.string().max(60), z.string().max(500))
  .meta({ description: '字段值，键为表单字段（同导入模板的列）' });
export const RegistryFormParams = z.object({
  role: z
    .string()
    .min(1)
    .max(40)
    .meta({ description: '记录类型：enterprise、载体类别、designation 或 credit', example: 'enterprise' }),
});
export const RegistryFormBody = z.object({
  mode: z.enum(['add', 'edit'], { error: '应为 add（新增）或 edit（更正）' }),
  values: FormValues,
  reason: z.string().max(500).nullable().optional(),
});
export const RegistryRemovalBody = z.object({
  date: z.string().max(20),
  reason: z.string().max(500).nullable().optional(),
});

const DesignationHeld = z.object({
  designation: z.string(),
  name: z.string(),
  valid_from: z.string(),
  valid_to: z.string().nullable(),
  body: z.string().nullable(),
  document: z.string().nullable(),
  source: z.string().nullable(),
});
const EntitySummary = z.object({
  id: z.string(),
  kind: z.string(),
  kind_name: z.string(),
  name: z.string(),
  area: z.string(),
  area_name: z.string(),
  designations: z.array(DesignationHeld),
});
export type RegistryEntitySummary = z.infer<typeof EntitySummary>;

export const RegistryListResponse = named(
  'RegistryListResponse',
  'Entities of the registry matching a search (at most 200 listed; `total` counts all), with the vocabularies to filter by.',
  z.object({
    total: z.number().int(),
    entities: z.array(EntitySummary),
    kinds: z.array(z.object({ id: z.string(), name: z.string() })),
    designations: z.array(z.object({ id: z.string(), name: z.string() })),
    version: z.number().int(),
    simulated: z.boolean(),
  }),
);
export type RegistryListResponse = z.infer<typeof RegistryListResponse>;

const CreditShown = z.object({
  credit_type: z.string(),
  record_date: z.string(),
  source: z.string().nullable(),
  document: z.string().nullable(),
  valid_to: z.string().nullable(),
  note: z.string().nullable(),
  public: z.boolean(),
});
const CreditSummary = z.object({
  counts: z.array(z.object({ credit_type: z.string(), n: z.number().int(), in_force: z.number().int() })),
  status: z.enum(['dishonest', 'watch', 'honest', 'normal', 'none']),
  status_name: z.string(),
});

export const RegistryEntityResponse = named(
  'RegistryEntityResponse',
  'One entity: its designations over time, its public credit records (公示) with a summary, its feed figures (where its USCC is a seller in published platform feeds) and every recorded version.',
  z.object({
    entity: EntitySummary.extend({
      domain: z.string().nullable(),
      founded: z.string().nullable(),
      operator: z.string().nullable(),
      fields: z.record(z.string(), z.string()),
    }),
    /** The first day it no longer counts, when it was removed from the registry. */
    removed_on: z.string().nullable(),
    credit: z.array(CreditShown),
    credit_summary: CreditSummary,
    feed: z.object({
      measures: z.array(z.object({ id: z.string(), name: z.string(), unit: z.string() })),
      rows: z.array(
        z.object({
          period: z.string(),
          measure: z.string(),
          value: z.string(),
          rows: z.number().int(),
          platforms: z.number().int(),
          simulated: z.boolean(),
        }),
      ),
      /** Some figure comes from a simulated (demo) feed: the page marks the table 模拟. */
      simulated: z.boolean(),
    }),
    history: z.array(
      z.object({
        record: z.string(),
        version: z.number().int(),
        what: z.string(),
        valid_from: z.string().nullable(),
        valid_to: z.string().nullable(),
        recorded_by: z.string(),
        recorded_at: z.string(),
        reason: z.string().nullable(),
      }),
    ),
  }),
);
export type RegistryEntityResponse = z.infer<typeof RegistryEntityResponse>;

const CountChange = z.object({
  id: z.string(),
  name: z.string(),
  area: z.string(),
  date: z.string(),
  document: z.string().nullable(),
});
export const RegistryCountsResponse = named(
  'RegistryCountsResponse',
  'Holders of a designation at each period end (years, or the months of the chosen year), by area, and who was added or removed in the chosen period (against the end of the one before).',
  z.object({
    designation: z.string(),
    name: z.string(),
    area: z.string(),
    period: z.string(),
    frequency: z.enum(['year', 'month']),
    series: z.array(z.object({ period: z.string(), value: z.number().int() })),
    by_area: z.array(z.object({ area: z.string(), area_name: z.string(), value: z.number().int() })),
    added: z.array(CountChange),
    removed: z.array(CountChange),
  }),
);
export type RegistryCountsResponse = z.infer<typeof RegistryCountsResponse>;

// ---------------------------------------------------------------------------------- dimensions as data

export const BreakdownParams = z.object({
  dimension: z
    .string()
    .trim()
    .regex(/^[a-z_][a-z0-9_]{0,63}$/, {
      error: (i) => `参数 dimension 的值「${String(i.input)}」不是维度编号：小写字母、数字和下划线`,
    })
    .meta({
      description: 'Dimension id from /api/v1/meta `dimensions`. Unknown → 404.',
      example: 'platform',
    }),
});
export const BreakdownQuery = OverviewQuery;
export type BreakdownQuery = z.output<typeof BreakdownQuery> & z.output<typeof BreakdownParams>;

export const BreakdownRow = z.object({
  code: z.string(),
  name: z.string(),
  value: num,
  yoy: num,
  share: num,
  share_change_pp: num,
  series: z.array(SparkPoint),
});

export const BreakdownResponse = named(
  'BreakdownResponse',
  'An indicator rolled up along one dimension: each code’s size, growth, share of the total and its change (百分点).',
  z.object({
    dimension: z.string(),
    name: z.string(),
    indicator: z.string().nullable(),
    measure: z.string().nullable(),
    period: z.string(),
    area: z.string(),
    unit: z.string(),
    rows: z.array(BreakdownRow),
  }),
);
export type BreakdownResponse = z.infer<typeof BreakdownResponse>;
export const RegistryCreditListResponse = named(
  'RegistryCreditListResponse',
  'A city-wide credit list on a date: the published 失信 list or the watch list (重点关注), from public (公示) records only.',
  z.object({
    list: z.enum(['dishonest', 'watch']),
    on: z.string(),
    entities: z.array(
      z.object({
        id: z.string(),
        name: z.string(),
        area: z.string(),
        area_name: z.string(),
        records: z.array(CreditShown),
      }),
    ),
  }),
);
export type RegistryCreditListResponse = z.infer<typeof RegistryCreditListResponse>;

export const RegistryFormsResponse = named(
  'RegistryFormsResponse',
  'The add/edit forms of the registry: the same fields, lists and rules as the import templates.',
  z.object({
    forms: z.array(
      z.object({
        role: z.string(),
        name: z.string(),
        fields: z.array(
          z.object({
            key: z.string(),
            label: z.string(),
            type: z.string(),
            required: z.boolean(),
            choices: z.array(z.string()).nullable(),
          }),
        ),
      }),
    ),
  }),
);
export type RegistryFormsResponse = z.infer<typeof RegistryFormsResponse>;

export const RegistrySaveResponse = named(
  'RegistrySaveResponse',
  'A saved form: the registry version written (null when nothing changed) and the count observations rewritten.',
  z.object({ version: z.number().int().nullable(), observations: z.number().int(), changed: z.boolean() }),
);
export type RegistrySaveResponse = z.infer<typeof RegistrySaveResponse>;
