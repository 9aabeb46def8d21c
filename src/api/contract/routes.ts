/**
 * The `/api/v1` routes: path, summary, parameters and response schema. The server registers its JSON
 * routes from this table and validates their parameters with it; openapi.ts describes it.
 */
import type { z } from 'zod';
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

export const API_BASE = '/api/v1';

export interface JsonRoute<
  P extends z.ZodObject = z.ZodObject,
  Q extends z.ZodObject = z.ZodObject,
  R extends z.ZodType = z.ZodType,
> {
  /** OpenAPI form: `/api/v1/indicators/{id}`. */
  path: string;
  summary: string;
  params: P;
  query: Q;
  response: R;
  /** A request that answers 200 on the Chengdu plan (tested). */
  example: string;
}

const route = <P extends z.ZodObject, Q extends z.ZodObject, R extends z.ZodType>(
  r: JsonRoute<P, Q, R>,
): JsonRoute<P, Q, R> => r;

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
    summary:
      'Holders of a designation by year (or the months of a year) and area, with those added and removed in the period',
    params: NoQuery,
    query: RegistryCountsQuery,
    response: RegistryCountsResponse,
    example: `${API_BASE}/registry/counts?designation=gazelle&year=2023`,
  }),
  registryCredit: route({
    path: `${API_BASE}/registry/credit`,
    summary:
      'City-wide credit lists: the published 失信 list or the watch list, from public (公示) records only',
    params: NoQuery,
    query: RegistryCreditQuery,
    response: RegistryCreditListResponse,
    example: `${API_BASE}/registry/credit?list=dishonest`,
  }),
  registryForms: route({
    path: `${API_BASE}/registry/forms`,
    summary: 'The add/edit forms: fields, lists and rules, the same as the import templates',
    params: NoQuery,
    query: NoQuery,
    response: RegistryFormsResponse,
    example: `${API_BASE}/registry/forms`,
  }),
};

/** Roles that may call a write route (enforced once accounts land: the auth issue). */
export type Role = 'admin' | 'analyst';

export interface WriteRoute<P extends z.ZodObject = z.ZodObject, B extends z.ZodObject = z.ZodObject> {
  path: string;
  summary: string;
  params: P;
  body: B;
  response: z.ZodType;
  /** Who may call it. */
  access: readonly Role[];
}

const write = <P extends z.ZodObject, B extends z.ZodObject>(r: WriteRoute<P, B>): WriteRoute<P, B> => r;

/** The POST routes that change the registry; each is a new registry version with who and why. */
export const writeRoutes = {
  registrySave: write({
    path: `${API_BASE}/registry/forms/{role}`,
    summary:
      'Adds (mode add) or corrects (mode edit, reason required) one enterprise, carrier, designation or credit record, with the validation of an import; errors name the form field',
    params: RegistryFormParams,
    body: RegistryFormBody,
    response: RegistrySaveResponse,
    access: ['admin', 'analyst'],
  }),
  registryRemove: write({
    path: `${API_BASE}/registry/entities/{id}/removal`,
    summary:
      'Removes an entity from a date (reason required): a new version marking it removed; history kept, counts stop at that date',
    params: RegistryEntityParams,
    body: RegistryRemovalBody,
    response: RegistrySaveResponse,
    access: ['admin', 'analyst'],
  }),
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
export type RouteInput<R extends JsonRoute> = z.output<R['params']> & z.output<R['query']>;
export type RouteOutput<R extends JsonRoute> = z.input<R['response']>;
