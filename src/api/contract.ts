/**
 * The dashboard API contract: the JSON the server sends under `/api` and the web app reads.
 * The server implements it with {@link DashboardService}; the store and engine sit behind that service.
 */
import type { IndicatorResult } from '../engine/indicator-result.js';
import type { Area, Domain, Indicator, PlanMetadata, Zone } from '../plan/plan-types.js';

/** Period granularity a view asks for. `cumulative` = 1–N月累计 within each year. */
export type Frequency = 'month' | 'quarter' | 'year' | 'cumulative';

export interface MetaResponse {
  plan: { id: string; version: string; metadata: PlanMetadata };
  /** Whether any loaded observation is simulated: the UI then shows the 含模拟数据 banner on every page. */
  simulated: boolean;
  data_version: number;
  /** Latest month with data (`YYYY-MM`), or null when only the plan's baselines are loaded. */
  latest_month: string | null;
  /** Years for which any data exists. */
  years: number[];
  root_area: string;
  areas: Area[];
  zones: Zone[];
  domains: Domain[];
  indicators: Indicator[];
  /** Category names in plan order (规模指标, 企业指标, …). */
  categories: string[];
}

export interface SparkPoint {
  period: string;
  value: number | null;
}

export interface OverviewRow {
  /** The evaluation at the period; `components` is empty here (the indicator detail's `current` carries them). */
  result: IndicatorResult;
  /** Latest period that has a value for this indicator at or before the requested period, or null (暂无数据). */
  latest_period: string | null;
  /** Yearly values from the baseline year to the requested year, for the sparkline. */
  sparkline: SparkPoint[];
}

export interface OverviewResponse {
  period: string;
  area: string;
  groups: { category: string; rows: OverviewRow[] }[];
}

export interface PathPoint {
  year: number;
  value: number;
}

export interface IndicatorDetailResponse {
  indicator: Indicator;
  area: string;
  frequency: Frequency;
  /** One result per period of the requested frequency, oldest first (`components` empty; see `current`). */
  series: IndicatorResult[];
  /** The constant-growth path from baseline to target (序时进度), one point per year; empty without a target. */
  path: PathPoint[];
  /** Projection from the latest full year to the target year at the trailing average growth. */
  projection: PathPoint[];
  /** Full evaluation at the requested period (with its components for "how was this computed"). */
  current: IndicatorResult;
}

export interface DistrictRow {
  area: string;
  name: string;
  value: number | null;
  yoy: number | null;
  /** Share of the city total, percent. */
  share: number | null;
  /** 贡献率: share of the city's growth contributed by this area, percent. */
  contribution: number | null;
  /** 拉动: percentage points of city growth pulled by this area. */
  pull: number | null;
  rank: number | null;
  simulated: boolean;
}

export interface ZoneRow {
  zone: string;
  name: string;
  areas: string[];
  value: number | null;
  yoy: number | null;
  share: number | null;
}

export interface DistrictsResponse {
  indicator: string;
  period: string;
  unit: string;
  total: number | null;
  rows: DistrictRow[];
  zones: ZoneRow[];
}

export interface DomainRow {
  domain: string;
  name: string;
  group: string;
  value: number | null;
  yoy: number | null;
  share: number | null;
  share_change_pp: number | null;
  /** Yearly values for the trend chart. */
  series: SparkPoint[];
}

export interface DomainsResponse {
  measure: string;
  period: string;
  area: string;
  unit: string;
  rows: DomainRow[];
}

export interface BatchSummary {
  id: string;
  kind: 'feed' | 'import' | 'plan';
  platform: string | null;
  period: string | null;
  file: string | null;
  status: 'committed' | 'partial' | 'replaced' | 'rolled_back';
  rows: number;
  rejected: number;
  observations: number;
  simulated: boolean;
  loaded_at: string;
  replaces: string | null;
}

export interface BatchesResponse {
  batches: BatchSummary[];
}

export interface ApiError {
  error: string;
  message: string;
  field?: string;
}

/** What the HTTP layer needs from the store and engine. */
export interface DashboardService {
  meta(): Promise<MetaResponse>;
  overview(q: { period: string; area?: string }): Promise<OverviewResponse>;
  indicator(q: {
    id: string;
    area?: string;
    frequency: Frequency;
    period?: string;
  }): Promise<IndicatorDetailResponse>;
  districts(q: { indicator: string; period: string }): Promise<DistrictsResponse>;
  domains(q: { period: string; area?: string }): Promise<DomainsResponse>;
  batches(): Promise<BatchesResponse>;
}
