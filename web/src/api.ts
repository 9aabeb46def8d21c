/** Typed access to the dashboard API (`src/api/contract.ts`). */
import type {
  ApiError,
  BatchesResponse,
  DistrictsResponse,
  DomainsResponse,
  Frequency,
  IndicatorDetailResponse,
  MetaResponse,
  OverviewResponse,
} from '../../src/api/contract.js';

/** A failed request, carrying the server's message (in Chinese for bad parameters). */
export class ApiRequestError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly field?: string,
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
  const res = await fetch(url, { headers: { accept: 'application/json' } });
  if (!res.ok) {
    const body = (await res.json().catch(() => null)) as ApiError | null;
    throw new ApiRequestError(res.status, body?.message ?? `${res.status} ${res.statusText}`, body?.field);
  }
  return (await res.json()) as T;
}

export const api = {
  meta: () => getJson<MetaResponse>('/api/meta'),
  overview: (q: { period?: string | null; area?: string | null }) =>
    getJson<OverviewResponse>('/api/overview', q),
  indicator: (id: string, q: { area?: string | null; frequency: Frequency; period?: string | null }) =>
    getJson<IndicatorDetailResponse>(`/api/indicators/${encodeURIComponent(id)}`, q),
  districts: (q: { indicator: string; period?: string | null }) =>
    getJson<DistrictsResponse>('/api/districts', q),
  domains: (q: { period?: string | null; area?: string | null }) =>
    getJson<DomainsResponse>('/api/domains', q),
  batches: () => getJson<BatchesResponse>('/api/batches'),
  geo: () => getJson<GeoJson>('/api/geo/chengdu'),
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
