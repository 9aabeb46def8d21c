/**
 * The `/api/v1` routes: path, summary, parameters and response schema. The server registers its JSON
 * routes from this table and validates their parameters with it; openapi.ts describes it.
 */
import type { z } from 'zod';
import {
  GenerateBulletinBody,
  GeneratedReport,
  ReportFileParams,
  ReportsQuery,
  ReportsResponse,
} from './report-schemas.js';
import {
  BatchesResponse,
  DistrictsQuery,
  DistrictsResponse,
  DomainsQuery,
  DomainsResponse,
  EXAMPLES,
  IndicatorDetailResponse,
  IndicatorParams,
  IndicatorQuery,
  MetaResponse,
  NoQuery,
  OverviewQuery,
  OverviewResponse,
  RegistryCountsQuery,
  RegistryCountsResponse,
  RegistryEntityParams,
  RegistryEntityResponse,
  RegistryListResponse,
  RegistryQuery,
} from './schemas.js';

export const API_BASE = '/api/v1';

export interface JsonRoute<
  P extends z.ZodObject = z.ZodObject,
  Q extends z.ZodObject = z.ZodObject,
  R extends z.ZodType = z.ZodType,
  B extends z.ZodObject = z.ZodObject,
> {
  /** OpenAPI form: `/api/v1/indicators/{id}`. */
  path: string;
  summary: string;
  params: P;
  query: Q;
  response: R;
  /** A request that answers 200 on the Chengdu plan (tested). */
  example: string;
  /** `post` for a route that makes something (its body validated by `body`); default `get`. */
  method?: 'get' | 'post';
  body?: B;
  /** The body of the example request. */
  exampleBody?: Record<string, unknown>;
}

const route = <
  P extends z.ZodObject,
  Q extends z.ZodObject,
  R extends z.ZodType,
  B extends z.ZodObject = typeof NoQuery,
>(
  r: JsonRoute<P, Q, R, B>,
): JsonRoute<P, Q, R, B> => r;

export const routes = {
  meta: route({
    path: `${API_BASE}/meta`,
    summary: 'Plan metadata, areas, zones, domains, indicators and data status',
    params: NoQuery,
    query: NoQuery,
    response: MetaResponse,
    example: `${API_BASE}/meta`,
  }),
  overview: route({
    path: `${API_BASE}/overview`,
    summary: 'Every indicator evaluated at one period (targets, completion, 序时进度, projection, progress)',
    params: NoQuery,
    query: OverviewQuery,
    response: OverviewResponse,
    example: `${API_BASE}/overview?period=${EXAMPLES.period}&area=${EXAMPLES.area}`,
  }),
  indicator: route({
    path: `${API_BASE}/indicators/{id}`,
    summary: 'One indicator: series at a frequency, target path, projection and the full explanation',
    params: IndicatorParams,
    query: IndicatorQuery,
    response: IndicatorDetailResponse,
    example: `${API_BASE}/indicators/${EXAMPLES.indicator}?frequency=${EXAMPLES.frequency}&period=${EXAMPLES.period}`,
  }),
  districts: route({
    path: `${API_BASE}/districts`,
    summary: 'An indicator by district: value, YoY, share, 贡献率, 拉动百分点, and zone aggregates',
    params: NoQuery,
    query: DistrictsQuery,
    response: DistrictsResponse,
    example: `${API_BASE}/districts?indicator=${EXAMPLES.indicator}&period=${EXAMPLES.period}`,
  }),
  domains: route({
    path: `${API_BASE}/domains`,
    summary: 'The focus domains: size, growth, share and share change (百分点)',
    params: NoQuery,
    query: DomainsQuery,
    response: DomainsResponse,
    example: `${API_BASE}/domains?period=${EXAMPLES.period}&area=${EXAMPLES.area}`,
  }),
  batches: route({
    path: `${API_BASE}/batches`,
    summary: 'Loaded batches with lineage, row counts and status',
    params: NoQuery,
    query: NoQuery,
    response: BatchesResponse,
    example: `${API_BASE}/batches`,
  }),
  registry: route({
    path: `${API_BASE}/registry/search`,
    summary:
      'The key enterprise and project registry (重点企业项目库): search by name, code, kind, area, designation',
    params: NoQuery,
    query: RegistryQuery,
    response: RegistryListResponse,
    example: `${API_BASE}/registry/search?designation=gazelle`,
  }),
  registryEntity: route({
    path: `${API_BASE}/registry/entities/{id}`,
    summary: 'One registry entity: designations over time, public credit records, versions',
    params: RegistryEntityParams,
    query: NoQuery,
    response: RegistryEntityResponse,
    example: `${API_BASE}/registry/entities/SIM-DEMO_SCENE-00001`,
  }),
  registryCounts: route({
    path: `${API_BASE}/registry/counts`,
    summary: 'Holders of a designation by year and area, with those added and removed in a year',
    params: NoQuery,
    query: RegistryCountsQuery,
    response: RegistryCountsResponse,
    example: `${API_BASE}/registry/counts?designation=gazelle&year=2023`,
  }),
  reports: route({
    path: `${API_BASE}/reports`,
    summary:
      'The report archive: every generated bulletin and evaluation version (data version, generator, time, simulated), and the bulletin schedule',
    params: NoQuery,
    query: ReportsQuery,
    response: ReportsResponse,
    example: `${API_BASE}/reports?kind=bulletin`,
  }),
  generateBulletin: route({
    path: `${API_BASE}/reports/bulletin`,
    summary: 'Generates the monthly bulletin of a month (as `ecmon report bulletin`) and archives it',
    method: 'post',
    params: NoQuery,
    query: NoQuery,
    body: GenerateBulletinBody,
    response: GeneratedReport,
    example: `${API_BASE}/reports/bulletin`,
    exampleBody: { period: '2021-03', format: 'xlsx' },
  }),
};

/** Routes that answer a file of the contract's parameters: their content types, never JSON. */
export const fileRoutes = {
  reportFile: {
    path: `${API_BASE}/reports/{id}/file`,
    summary:
      'One archived report as generated (DOCX, PDF or XLSX), its Chinese file name in Content-Disposition (RFC 5987 filename*)',
    params: ReportFileParams,
    contentTypes: [
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      'application/pdf',
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    ],
    example: `${API_BASE}/reports/latest/file`,
  },
};

/** Routes that answer something other than JSON of the contract. */
export const otherRoutes = [
  {
    path: `${API_BASE}/geo/chengdu`,
    summary: 'Chengdu district boundaries (GeoJSON FeatureCollection, feature id = area code)',
    contentType: 'application/geo+json',
  },
  { path: `${API_BASE}/openapi.json`, summary: 'This document', contentType: 'application/json' },
  { path: `${API_BASE}/docs`, summary: 'A readable page listing the endpoints', contentType: 'text/html' },
] as const;

/** The request and response types of a route, as the server handles them. */
export type RouteInput<R extends JsonRoute> = z.output<R['params']> &
  z.output<R['query']> &
  z.output<NonNullable<R['body']>>;
export type RouteOutput<R extends JsonRoute> = z.input<R['response']>;
