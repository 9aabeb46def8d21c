/** Typed access to the dashboard API `/api/v1` (its contract: `src/api/contract/`). */

import type { AccountSummary, SessionResponse } from '../../src/api/contract/auth-contract.js';
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
  RegistryCreditListResponse,
  RegistryEntityResponse,
  RegistryFormsResponse,
  RegistryListResponse,
  RegistrySaveResponse,
} from '../../src/api/contract/schemas.js';

/** A form's problems, each naming its field (the server's `errors`). */
export type FieldErrors = NonNullable<Problem['errors']>;

/** A failed request, carrying the server's Problem Details `detail` (Chinese) and the parameter at fault. */
export class ApiRequestError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly parameter?: string,
    readonly fields: FieldErrors = [],
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

async function answer<T>(res: Response): Promise<T> {
  if (!res.ok) {
    const body = (await res.json().catch(() => null)) as Problem | null;
    throw new ApiRequestError(res.status, body?.detail ?? `${res.status} ${res.statusText}`, body?.parameter);
  }
  return (await res.json()) as T;
}

/** The signed-in session's CSRF token: sent with every state-changing request (set by session.ts). */
let csrfToken: string | null = null;
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}
/** The header carrying the CSRF token, for requests sent outside this module (collect-api.ts). */
export const csrfHeader = (): Record<string, string> => (csrfToken ? { 'x-csrf-token': csrfToken } : {});

async function sendJson<T>(method: 'POST' | 'PUT', path: string, body: unknown = {}): Promise<T> {
  const res = await fetch(path, {
    method,
    headers: {
      accept: 'application/json, application/problem+json',
      'content-type': 'application/json',
      ...(csrfToken ? { 'x-csrf-token': csrfToken } : {}),
    },
    body: JSON.stringify(body),
  });
  if (!res.ok) {
    const problem = (await res.json().catch(() => null)) as Problem | null;
    throw new ApiRequestError(
      res.status,
      problem?.detail ?? `${res.status} ${res.statusText}`,
      problem?.parameter,
      problem?.errors ?? [],
    );
  }
  return (await res.json()) as T;
}

export interface NewAccount {
  name: string;
  display_name?: string;
  role: string;
  areas?: string[];
  enterprises?: string[];
  platform?: string;
  password?: string;
}
export interface CreatedAccount {
  account: AccountSummary;
  password: string | null;
  token: string | null;
}

/** Signing in and out, and account administration (administrators). */
export const authApi = {
  session: () => getJson<SessionResponse>('/api/v1/auth/session'),
  signIn: (name: string, password: string) =>
    sendJson<SessionResponse>('POST', '/api/v1/auth/login', { name, password }),
  signOut: () => sendJson<SessionResponse>('POST', '/api/v1/auth/logout'),
  users: () => getJson<{ accounts: AccountSummary[] }>('/api/v1/users'),
  addUser: (a: NewAccount) => sendJson<CreatedAccount>('POST', '/api/v1/users', a),
  /** Disables or enables an account; the reason goes to the audit log. */
  setDisabled: (name: string, disabled: boolean, reason?: string) =>
    sendJson<AccountSummary>('PUT', `/api/v1/users/${encodeURIComponent(name)}/disabled`, {
      disabled,
      ...(reason ? { reason } : {}),
    }),
  setScope: (
    name: string,
    body: { role: string; areas?: string[]; enterprises?: string[]; platform?: string; reason?: string },
  ) => sendJson<AccountSummary>('PUT', `/api/v1/users/${encodeURIComponent(name)}/scope`, body),
  /** Resets a password (or reissues a platform's token); the reason goes to the audit log. */
  resetPassword: (name: string, reason?: string) =>
    sendJson<CreatedAccount>(
      'POST',
      `/api/v1/users/${encodeURIComponent(name)}/password`,
      reason ? { reason } : {},
    ),
};

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
  registryCredit: (q: Params) => getJson<RegistryCreditListResponse>('/api/v1/registry/credit', q),
  registryForms: () => getJson<RegistryFormsResponse>('/api/v1/registry/forms'),
  registrySave: (
    role: string,
    body: { mode: 'add' | 'edit'; values: Record<string, string>; reason?: string | null },
  ) => sendJson<RegistrySaveResponse>('POST', `/api/v1/registry/forms/${encodeURIComponent(role)}`, body),
  registryRemove: (id: string, body: { date: string; reason: string | null }) =>
    sendJson<RegistrySaveResponse>(
      'POST',
      `/api/v1/registry/entities/${encodeURIComponent(id)}/removal`,
      body,
    ),
  geo: () => getJson<GeoJson>('/api/v1/geo/chengdu'),
  reports: () => getJson<ReportsResponse>('/api/v1/reports'),
  generateBulletin: (body: { period: string; format: 'docx' | 'pdf' | 'xlsx' }) =>
    sendJson<GeneratedReport>('POST', '/api/v1/reports/bulletin', body),
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
