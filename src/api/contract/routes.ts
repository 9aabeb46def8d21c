/**
 * The `/api/v1` routes: path, summary, parameters and response schema. The server registers its JSON
 * routes from this table and validates their parameters with it; openapi.ts describes it.
 */
import type { z } from 'zod';
import type { Access } from '../../auth/access.js';
import { API_BASE, type JsonRoute, route } from './api-base.js';
import { authRoutes } from './auth-contract.js';
import { formFileRoutes, formRoutes } from './form-routes.js';
import {
  GenerateBulletinBody,
  GeneratedReport,
  ReportFileParams,
  ReportsQuery,
  ReportsResponse,
} from './report-schemas.js';
import {
  BatchesResponse,
  BreakdownParams,
  BreakdownQuery,
  BreakdownResponse,
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
  RegistryCreditListResponse,
  RegistryCreditQuery,
  RegistryEntityParams,
  RegistryEntityResponse,
  RegistryFormBody,
  RegistryFormParams,
  RegistryFormsResponse,
  RegistryListResponse,
  RegistryQuery,
  RegistryRemovalBody,
  RegistrySaveResponse,
} from './schemas.js';

export { API_BASE, type JsonRoute } from './api-base.js';

export const routes = {
  meta: route({
    path: `${API_BASE}/meta`,
    summary: 'Plan metadata, areas, zones, domains, indicators and data status',
    access: 'public',
    params: NoQuery,
    query: NoQuery,
    response: MetaResponse,
    example: `${API_BASE}/meta`,
  }),
  overview: route({
    path: `${API_BASE}/overview`,
    summary: 'Every indicator evaluated at one period (targets, completion, 序时进度, projection, progress)',
    access: 'public',
    params: NoQuery,
    query: OverviewQuery,
    response: OverviewResponse,
    example: `${API_BASE}/overview?period=${EXAMPLES.period}&area=${EXAMPLES.area}`,
  }),
  indicator: route({
    path: `${API_BASE}/indicators/{id}`,
    summary: 'One indicator: series at a frequency, target path, projection and the full explanation',
    access: 'public',
    params: IndicatorParams,
    query: IndicatorQuery,
    response: IndicatorDetailResponse,
    example: `${API_BASE}/indicators/${EXAMPLES.indicator}?frequency=${EXAMPLES.frequency}&period=${EXAMPLES.period}`,
  }),
  districts: route({
    path: `${API_BASE}/districts`,
    summary: 'An indicator by district: value, YoY, share, 贡献率, 拉动百分点, and zone aggregates',
    access: 'public',
    params: NoQuery,
    query: DistrictsQuery,
    response: DistrictsResponse,
    example: `${API_BASE}/districts?indicator=${EXAMPLES.indicator}&period=${EXAMPLES.period}`,
  }),
  domains: route({
    path: `${API_BASE}/domains`,
    summary: 'The focus domains: size, growth, share and share change (百分点)',
    access: 'public',
    params: NoQuery,
    query: DomainsQuery,
    response: DomainsResponse,
    example: `${API_BASE}/domains?period=${EXAMPLES.period}&area=${EXAMPLES.area}`,
  }),
  breakdown: route({
    path: `${API_BASE}/breakdowns/{dimension}`,
    summary:
      'An indicator rolled up along any declared dimension: size, growth, share and share change per code',
    access: 'public',
    params: BreakdownParams,
    query: BreakdownQuery,
    response: BreakdownResponse,
    example: `${API_BASE}/breakdowns/platform?period=${EXAMPLES.period}&area=${EXAMPLES.area}`,
  }),
  batches: route({
    path: `${API_BASE}/batches`,
    summary: 'Loaded batches with lineage, row counts and status',
    access: 'public',
    params: NoQuery,
    query: NoQuery,
    response: BatchesResponse,
    example: `${API_BASE}/batches`,
  }),
  registry: route({
    path: `${API_BASE}/registry/search`,
    summary:
      'The key enterprise and project registry (重点企业项目库): search by name, code, kind, area, designation',
    access: 'public',
    params: NoQuery,
    query: RegistryQuery,
    response: RegistryListResponse,
    example: `${API_BASE}/registry/search?designation=gazelle`,
  }),
  registryEntity: route({
    path: `${API_BASE}/registry/entities/{id}`,
    summary: 'One registry entity: designations over time, public credit records, versions',
    access: 'public',
    params: RegistryEntityParams,
    query: NoQuery,
    response: RegistryEntityResponse,
    example: `${API_BASE}/registry/entities/SIM-DEMO_SCENE-00001`,
  }),
  registryCounts: route({
    path: `${API_BASE}/registry/counts`,
    summary:
      'Holders of a designation by year (or the months of a year) and area, with those added and removed in the period',
    access: 'public',
    params: NoQuery,
    query: RegistryCountsQuery,
    response: RegistryCountsResponse,
    example: `${API_BASE}/registry/counts?designation=gazelle&year=2023`,
  }),
  registryCredit: route({
    path: `${API_BASE}/registry/credit`,
    summary:
      'City-wide credit lists: the published 失信 list or the watch list, from public (公示) records only',
    access: 'public',
    params: NoQuery,
    query: RegistryCreditQuery,
    response: RegistryCreditListResponse,
    example: `${API_BASE}/registry/credit?list=dishonest`,
  }),
  registryForms: route({
    path: `${API_BASE}/registry/forms`,
    summary: 'The add/edit forms: fields, lists and rules, the same as the import templates',
    access: 'public',
    params: NoQuery,
    query: NoQuery,
    response: RegistryFormsResponse,
    example: `${API_BASE}/registry/forms`,
  }),
  // The registry's writes (each a new registry version with who and why): the city's roles; an enterprise
  // reporter corrects only its own enterprise's record (another is 404: registry-service.ts).
  registrySave: route({
    path: `${API_BASE}/registry/forms/{role}`,
    summary:
      'Adds (mode add) or corrects (mode edit, reason required) one enterprise, carrier, designation or credit record, with the validation of an import; errors name the form field. An enterprise reporter corrects only its own enterprise (404 for another)',
    method: 'POST',
    access: ['admin', 'analyst', 'enterprise_reporter'],
    params: RegistryFormParams,
    query: NoQuery,
    body: RegistryFormBody,
    response: RegistrySaveResponse,
    example: `${API_BASE}/registry/forms/enterprise`,
  }),
  registryRemove: route({
    path: `${API_BASE}/registry/entities/{id}/removal`,
    summary:
      'Removes an entity from a date (reason required): a new version marking it removed; history kept, counts stop at that date',
    method: 'POST',
    access: ['admin', 'analyst'],
    params: RegistryEntityParams,
    query: NoQuery,
    body: RegistryRemovalBody,
    response: RegistrySaveResponse,
    example: `${API_BASE}/registry/entities/SIM-DEMO_SCENE-00001/removal`,
  }),
  // Report forms, submissions, progress, alerts, audit (form-routes.ts).
  ...formRoutes,
  ...authRoutes,
  reports: route({
    path: `${API_BASE}/reports`,
    summary:
      'The report archive: every generated bulletin and evaluation version (data version, generator, time, simulated), and the bulletin schedule',
    params: NoQuery,
    query: ReportsQuery,
    response: ReportsResponse,
    access: ['admin', 'analyst'],
    example: `${API_BASE}/reports?kind=bulletin`,
  }),
  generateBulletin: route({
    path: `${API_BASE}/reports/bulletin`,
    summary: 'Generates the monthly bulletin of a month (as `ecmon report bulletin`) and archives it',
    method: 'POST',
    access: ['admin', 'analyst'],
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
    access: ['admin', 'analyst'] as Access,
  },
};

/** Routes that answer something other than JSON of the contract. */
export const otherRoutes = [
  {
    path: `${API_BASE}/geo/chengdu`,
    summary: 'Chengdu district boundaries (GeoJSON FeatureCollection, feature id = area code)',
    contentType: 'application/geo+json',
    access: 'public',
  },
  {
    path: `${API_BASE}/openapi.json`,
    summary: 'This document',
    contentType: 'application/json',
    access: 'public',
  },
  {
    path: `${API_BASE}/docs`,
    summary: 'A readable page listing the endpoints',
    contentType: 'text/html',
    access: 'public',
  },
  ...formFileRoutes,
] as const satisfies readonly { path: string; summary: string; contentType: string; access: Access }[];

/** The request and response types of a route, as the server handles them. */
export type RouteInput<R extends JsonRoute> = z.output<R['params']> &
  z.output<R['query']> & { body: z.output<NonNullable<R['body']>> };
export type RouteOutput<R extends JsonRoute> = z.input<R['response']>;
