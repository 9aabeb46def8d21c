/**
 * The normalised plan: what `loadPlan` returns after validation, what `ecmon plan show --format json`
 * prints, and what the engine, store and API consume. Field names are the domain's words (docs/plan-format.md).
 */
import type { Aggregation } from '../domain/aggregation.js';
import type { Dimension } from './dimensions.js';
import type { OutlierCheck, ReportForm, ValidationRule } from './form-spec.js';
import type { OpenDataSpec } from './open-data-spec.js';
import type { RegistrySpec } from './registry-spec.js';

export type Comparator = '>=' | '>' | '=' | '<=' | '<';
export type Direction = 'higher' | 'lower';

/** Where in the plan document a figure or target comes from, e.g. `二(三)1 专栏4 第1项`. */
export interface SourceRef {
  section: string;
  /** A short quotation of the plan text that states the figure. */
  quote?: string;
}

export interface PlanMetadata {
  title: string;
  title_en?: string;
  issuer: string;
  document_number?: string;
  issued?: string; // YYYY-MM-DD
  published?: string; // YYYY-MM
  period: { start: number; end: number; base_year: number };
  outlook?: { year: number; text: string };
  source?: string;
}

export interface Area {
  code: string;
  name: string;
  name_en?: string;
  /** city, district (市辖区), county (县), county_city (县级市), functional_zone (功能区, a reporting unit) */
  kind: 'country' | 'province' | 'city' | 'district' | 'county' | 'county_city' | 'functional_zone';
  parent?: string;
  /** A functional zone's code is assigned by the plan file, not GB/T 2260; say so. */
  code_note?: string;
}

export interface Zone {
  id: string;
  name: string;
  name_en?: string;
  /** e.g. core (一核), belt (片区), all (全域) */
  kind: string;
  areas: string[];
  focus?: string;
  source?: SourceRef;
  /** e.g. the plan names only part of a member area (高新（南区）). */
  note?: string;
}

export interface Measure {
  id: string;
  name: string;
  name_en?: string;
  unit: string;
  aggregation: Aggregation;
  definition?: string;
  /** Dimensions it may be broken down by, among the plan's `dimensions`, e.g. ['domain', 'platform']. */
  breakdowns?: string[];
}

/** 年度目标: the level set for an intermediate year. */
export interface AnnualTarget {
  year: number;
  value: number;
}

export interface Target {
  year: number;
  value: number;
  comparator: Comparator;
  /** A target for one area (e.g. 简阳市 电商销售额 ≥1000亿); absent = the plan's whole area. */
  area?: string;
  /** Explicit levels for intermediate years; without them a year's target is on the constant-growth path. */
  annual_targets?: AnnualTarget[];
  /** 目标分解: districts' shares of this target (normalised into the indicator's `allocations`). */
  allocations?: { area: string; value: number; annual_targets?: AnnualTarget[]; source?: SourceRef }[];
  source?: SourceRef;
  note?: string;
}

export interface Indicator {
  id: string;
  name: string;
  name_en?: string;
  unit: string;
  /** 规模指标 / 企业指标 / 新业态新模式 / 应用场景 / 专项 … */
  category: string;
  direction: Direction;
  /** Exactly one of measure / expression. An expression references measure or indicator ids: `a / b * 100`. */
  measure?: string;
  expression?: string;
  /** Baseline from the plan; null when the plan gives none (then taken from observations). */
  baseline: { year: number; value: number; source?: SourceRef } | null;
  /** The primary target (the first of `targets`), or null. */
  target: Target | null;
  targets: Target[];
  /**
   * 目标分解: targets allocated to districts (each with `area`, the parent's year and comparator). They give a
   * district its own light when it is asked for; the indicator is not listed at those areas by default.
   */
  allocations?: Target[];
  /** An upper or lower bound the value cannot cross (a share cannot pass 100). */
  limit?: number;
  /** Whether this indicator is one of the plan's headline targets (专栏4). */
  headline: boolean;
  source: SourceRef;
  note?: string;
}

export interface Domain {
  id: string;
  name: string;
  name_en?: string;
  /** 传统优势领域 / 未来潜力领域 / 新业态新模式 */
  group: string;
  scope: string;
  source: SourceRef;
}

export interface Task {
  id: string;
  name: string;
  summary?: string;
  source: SourceRef;
}

export interface Action {
  id: string;
  name: string;
  goal?: string;
  source: SourceRef;
  tasks: Task[];
}

export interface Department {
  id: string;
  name: string;
  name_en?: string;
  source?: SourceRef;
}

/** A figure the plan text states about the past (e.g. 2020 online retail 4129.5亿元), loaded as an observation. */
export interface BaselineFact {
  measure: string;
  area: string;
  period: string;
  value: string; // decimal string, as written in the plan
  unit: string;
  /** For growth-rate facts stated in the text (e.g. 十三五 average growth 28.4%). */
  kind?: 'level' | 'avg_growth' | 'multiple' | 'share' | 'pp_change';
  /**
   * For avg_growth, multiple and pp_change: the period compared against (`2015` with period `2020` = the
   * average annual growth 2016–2020, the multiple of 2015, the change in 百分点 since 2015).
   */
  compared_to?: string;
  /** For share and pp_change: the measure the share is of (社会消费品零售总额). */
  denominator?: string;
  /** The breakdown the figure belongs to, e.g. `{ employment_type: direct }`; keys are among the measure's breakdowns. */
  breakdown?: Record<string, string>;
  source: SourceRef;
  note?: string;
}

/**
 * How a period shorter than a year is judged: its 1–N月累计 against the year's target, expected at the
 * seasonal share of 1–N月 (the average over `seasonal_years` previous years; 1 = the previous year) or at
 * the time-proportional N/12. Both figures are always shown; this picks the one the light is on.
 */
export interface JudgementSettings {
  sub_year: 'seasonal' | 'time_proportional';
  seasonal_years: number;
}

export interface Tolerances {
  /** Gap to the 序时进度 path (as a fraction of the expected value) at or above which the light is green. Default 0. */
  green: number;
  /** … at or above which it is yellow (below: red). Default −0.05. */
  yellow: number;
}

/**
 * A structured filter over feed fields (docs/feeds.md): never SQL text. Coded fields (trade_mode,
 * goods_or_service, cross_border, category) take eq / ne / in / not_in with codes from the feed format;
 * flags (is_live, is_social, is_custom, is_rural_seller, is_agricultural) take is_true / is_false.
 */
export interface FeedFilter {
  field: string;
  op: 'in' | 'not_in' | 'eq' | 'ne' | 'is_true' | 'is_false';
  values?: (string | number | boolean)[];
}

/** A feed-derived measure: an aggregate of the rows that pass `where` (all conditions hold). */
export interface FeedRule {
  measure: string;
  /** sum(gmv), sum(gmv − refunds), sum(orders), or the number of store × category rows. */
  aggregate: 'sum_gmv' | 'sum_net_gmv' | 'sum_orders' | 'count_rows';
  where: FeedFilter[];
  /** Breakdowns produced for this measure from the feed, among domain, platform, category. */
  breakdowns?: string[];
}

export interface DomainRule {
  domain: string;
  where: FeedFilter[];
}

export interface Plan {
  id: string;
  version: string;
  metadata: PlanMetadata;
  areas: Area[];
  /** The code of the plan's whole area (510100 for Chengdu). */
  root_area: string;
  zones: Zone[];
  measures: Measure[];
  indicators: Indicator[];
  domains: Domain[];
  actions: Action[];
  departments: Department[];
  baseline_facts: BaselineFact[];
  tolerances: Tolerances;
  /** Absent in plans stored before the setting existed: then seasonal over 3 years. */
  judgement?: JudgementSettings;
  feed_rules: FeedRule[];
  domain_rules: DomainRule[];
  /** When a source's committed batches become public: at once (`on_commit`, the default) or once approved. */
  publication?: { feed?: 'on_commit' | 'on_approval'; import?: 'on_commit' | 'on_approval' };
  /** Registry kinds, designations and count rules (registry-spec.ts). */
  registry: RegistrySpec;
  /** Open data: publisher, contact, licence, release calendar, public registry lists; absent = the defaults. */
  open_data?: OpenDataSpec;
  /** Dimensions as data: what observations are broken down by, each with its codes (dimensions.ts). */
  dimensions: Dimension[];
  /** Report forms (报表), their validation rules and outlier checks (form-spec.ts); absent in plans stored before them. */
  forms?: ReportForm[];
  validation_rules?: ValidationRule[];
  outlier_checks?: OutlierCheck[];
}
