/**
 * The report form routes (数据填报, 报送进度, 审计记录) for the signed-in caller; state-changing requests carry the
 * session's CSRF token (session.ts keeps it). Contract: src/api/contract/form-routes.ts.
 */
import type { z } from 'zod';
import type {
  AlertsResponse,
  AuditResponse,
  EnterpriseSummaryResponse,
  FormEntryResponse,
  FormsResponse,
  ProgressResponse,
  SubmissionSchema,
  SubmitResponse,
} from '../../src/api/contract/form-routes.js';
import type { Problem } from '../../src/api/contract/schemas.js';
import { ApiRequestError, csrfHeader } from './api.js';

export type FormEntry = z.infer<typeof FormEntryResponse>;
export type Forms = z.infer<typeof FormsResponse>;
export type Progress = z.infer<typeof ProgressResponse>;
export type Alerts = z.infer<typeof AlertsResponse>;
export type Audit = z.infer<typeof AuditResponse>;
export type Submitted = z.infer<typeof SubmitResponse>;
export type Submission = z.infer<typeof SubmissionSchema>;
export type EnterpriseSummary = z.infer<typeof EnterpriseSummaryResponse>;

async function call<T>(method: string, path: string, body?: unknown, type = 'application/json'): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json, application/problem+json' };
  if (body !== undefined) headers['content-type'] = type;
  if (method !== 'GET') Object.assign(headers, csrfHeader());
  const res = await fetch(path, {
    method,
    headers,
    credentials: 'same-origin',
    ...(body === undefined
      ? {}
      : { body: type === 'application/json' ? JSON.stringify(body) : (body as Blob) }),
  });
  if (!res.ok) {
    const problem = (await res.json().catch(() => null)) as Problem | null;
    throw new ApiRequestError(
      res.status,
      problem?.detail ?? `${res.status} ${res.statusText}`,
      problem?.parameter,
    );
  }
  return (await res.json()) as T;
}

const q = (params: Record<string, string | undefined | null>): string => {
  const s = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v) s.set(k, v);
  return s.size ? `?${s}` : '';
};

const entryPath = (form: string, area: string, period: string): string =>
  `/api/v1/forms/${encodeURIComponent(form)}/entries/${encodeURIComponent(area)}/${encodeURIComponent(period)}`;

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export const collectApi = {
  forms: () => call<Forms>('GET', '/api/v1/forms'),
  entry: (form: string, area: string, period: string) =>
    call<FormEntry>('GET', entryPath(form, area, period)),
  saveDraft: (
    form: string,
    area: string,
    period: string,
    values: Record<string, string | null>,
    notes: Record<string, string>,
  ) => call<FormEntry>('PUT', `${entryPath(form, area, period)}/draft`, { values, notes }),
  submit: (
    form: string,
    area: string,
    period: string,
    values: Record<string, string | null>,
    notes: Record<string, string>,
  ) => call<Submitted>('POST', `${entryPath(form, area, period)}/submit`, { values, notes }),
  transition: (id: string, to: 'approved' | 'returned' | 'published' | 'reopened', reason?: string) =>
    call<Submission>('POST', `/api/v1/submissions/${encodeURIComponent(id)}/transitions`, {
      to,
      ...(reason ? { reason } : {}),
    }),
  progress: (p: { form?: string; period?: string; periods?: string }) =>
    call<Progress>('GET', `/api/v1/progress${q(p)}`),
  alerts: () => call<Alerts>('GET', '/api/v1/alerts'),
  summary: (form: string, period: string) =>
    call<EnterpriseSummary>('GET', `/api/v1/forms/${encodeURIComponent(form)}/summary${q({ period })}`),
  audit: (p: {
    area?: string;
    measure?: string;
    period?: string;
    form?: string;
    batch?: string;
    what?: 'value' | 'state' | 'designation' | 'setting';
  }) => call<Audit>('GET', `/api/v1/audit${q(p)}`),
  templateUrl: (form: string, area: string, period: string) =>
    `/api/v1/forms/${encodeURIComponent(form)}/template${q({ area, period })}`,
  upload: (file: File, submit: boolean) =>
    call<Submitted>(
      'POST',
      `/api/v1/forms/upload${q({ submit: submit ? '1' : '', name: file.name })}`,
      file,
      XLSX_TYPE,
    ),
};
