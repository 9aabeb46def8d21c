/** Typed access to the dashboard API `/api/v1` (its contract: `src/api/contract/`). */

import type { GeneratedReport, ReportsResponse } from '../../src/api/contract/report-schemas.js';
import type {
  BatchesResponse,
  DistrictsResponse,
  DomainsResponse,
  Frequency,
  IndicatorDetailResponse,
  MetaResponse,
  OverviewResponse,
  Problem,
  RegistryCountsResponse,
  RegistryEntityResponse,
  RegistryListResponse,
} from '../../src/api/contract/schemas.js';
import { session } from './collect-api.js';

/** A failed request, carrying the server's Problem Details `detail` (Chinese) and the parameter at fault. */
export class ApiRequestError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly parameter?: string,
  ) {
    super(message);
    this.name = 'ApiRequestError';
  }
}

type Params = Record<string, string | undefined | null>;

async function getJson<T>(path: string, params: Params = {}): Promise<T> {
  const query = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v) query.set(k, v);
  const url = query.size ? `${path}?${query}` : path;
  return answer<T>(await fetch(url, { headers: { accept: 'application/json, application/problem+json' } }));
}

async function postJson<T>(path: string, body: object): Promise<T> {
  const headers: Record<string, string> = {
    accept: 'application/json, application/problem+json',
    'content-type': 'application/json',
  };
  // A state-changing request of a signed-in user carries the session's CSRF token.
  const csrf = session.value?.csrf_token;
  if (csrf) headers['x-csrf-token'] = csrf;
  return answer<T>(await fetch(path, { method: 'POST', headers, body: JSON.stringify(body) }));
}

async function answer<T>(res: Response): Promise<T> {
  if (!res.ok) {
    const body = (await res.json().catch(() => null)) as Problem | null;
    throw new ApiRequestError(res.status, body?.detail ?? `${res.status} ${res.statusText}`, body?.parameter);
  }
  return (await res.json()) as T;
}

export const api = {
  meta: () => getJson<MetaResponse>('/api/v1/meta'),
  overview: (q: { period?: string | null; area?: string | null }) =>
    getJson<OverviewResponse>('/api/v1/overview', q),
  indicator: (id: string, q: { area?: string | null; frequency: Frequency; period?: string | null }) =>
    getJson<IndicatorDetailResponse>(`/api/v1/indicators/${encodeURIComponent(id)}`, q),
  districts: (q: { indicator: string; period?: string | null }) =>
    getJson<DistrictsResponse>('/api/v1/districts', q),
  domains: (q: { period?: string | null; area?: string | null }) =>
    getJson<DomainsResponse>('/api/v1/domains', q),
  batches: () => getJson<BatchesResponse>('/api/v1/batches'),
  registry: (q: Params) => getJson<RegistryListResponse>('/api/v1/registry/search', q),
  registryEntity: (id: string) =>
    getJson<RegistryEntityResponse>(`/api/v1/registry/entities/${encodeURIComponent(id)}`),
  registryCounts: (q: Params) => getJson<RegistryCountsResponse>('/api/v1/registry/counts', q),
  geo: () => getJson<GeoJson>('/api/v1/geo/chengdu'),
  reports: () => getJson<ReportsResponse>('/api/v1/reports'),
  generateBulletin: (body: { period: string; format: 'docx' | 'pdf' | 'xlsx' }) =>
    postJson<GeneratedReport>('/api/v1/reports/bulletin', body),
};

export interface GeoJson {
  type: 'FeatureCollection';
  features: {
    type: 'Feature';
    id: string;
    properties: { code: string; name: string; cp?: [number, number] };
    geometry: unknown;
  }[];
}
