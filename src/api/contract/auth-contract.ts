/**
 * The contract of signing in, accounts and platform push: schemas and routes (merged into `routes` in
 * routes.ts). Who may call each route is its `access` (src/auth/access.ts).
 */
import { z } from 'zod';
import { ACCOUNT_ROLES } from '../../auth/access.js';
import { API_BASE, route } from './api-base.js';
import { NoQuery, named } from './schemas.js';

const text = (field: string, max: number) =>
  z.string({ error: `缺少字段 ${field}` }).max(max, { error: `字段 ${field} 最长 ${max} 个字符` });

export const SignInBody = z.object({ name: text('name', 40), password: text('password', 200) });

export const AccountSummary = named(
  'AccountSummary',
  'An account: role and scope (areas, enterprises, platform); never its password or token.',
  z.object({
    id: z.string(),
    name: z.string(),
    display_name: z.string(),
    role: z.enum(ACCOUNT_ROLES),
    areas: z.array(z.string()),
    enterprises: z.array(z.string()),
    platform: z.string().nullable(),
    demo: z.boolean(),
    disabled: z.boolean(),
    locked_until: z.string().nullable(),
    created_at: z.string(),
  }),
);
export type AccountSummary = z.infer<typeof AccountSummary>;

export const SessionResponse = named(
  'SessionResponse',
  'Who is signed in. `csrf_token` goes in the `X-CSRF-Token` header of every state-changing request.',
  z.object({
    signed_in: z.boolean(),
    account: AccountSummary.nullable(),
    csrf_token: z.string().nullable(),
    /** Demo accounts are enabled on this server (the sign-in page then names their password). */
    demo_accounts: z.boolean(),
  }),
);
export type SessionResponse = z.infer<typeof SessionResponse>;

export const AccountsResponse = named(
  'AccountsResponse',
  'Every account',
  z.object({ accounts: z.array(AccountSummary) }),
);

export const NewAccountBody = z.object({
  name: text('name', 40),
  display_name: text('display_name', 60).optional(),
  role: text('role', 40),
  areas: z.array(text('areas', 40)).max(50).optional(),
  enterprises: z.array(text('enterprises', 18)).max(50).optional(),
  platform: text('platform', 64).optional(),
  password: text('password', 200).optional(),
  reason: text('reason', 500).optional(),
});

export const CreatedAccountResponse = named(
  'CreatedAccountResponse',
  'The new account, and the generated password or platform token: shown this once, never stored in clear.',
  z.object({ account: AccountSummary, password: z.string().nullable(), token: z.string().nullable() }),
);

export const AccountParams = z.object({ name: text('name', 40) });
/** Why a setting is changed: kept in the audit log with who, when and from where. */
const reason = text('reason', 500).optional();
export const ResetPasswordBody = z.object({ password: text('password', 200).optional(), reason });
export const DisableBody = z.object({
  disabled: z.boolean({ error: '字段 disabled 应为 true 或 false' }),
  reason,
});
export const ScopeBody = z.object({
  role: text('role', 40),
  areas: z.array(text('areas', 40)).max(50).optional(),
  enterprises: z.array(text('enterprises', 18)).max(50).optional(),
  platform: text('platform', 64).optional(),
  reason,
});

export const FeedPushParams = z.object({
  platform: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/, { error: '平台代码只能包含字母、数字、下划线、点和连字符' }),
  period: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, { error: '应为 YYYY-MM 格式的月份，如 2021-03' }),
});
export const FeedPushQuery = z.object({
  format: z.enum(['csv', 'parquet', 'ndjson', 'xlsx']).optional(),
  on_error: z.enum(['reject', 'quarantine']).optional(),
});

export const FeedPushResponse = named(
  'FeedPushResponse',
  'A pushed feed, ingested: its batches with status, and the error report when rows were refused.',
  z.object({
    accepted: z.boolean(),
    rows: z.number().int(),
    accepted_rows: z.number().int(),
    batches: z.array(
      z.object({
        id: z.string(),
        period: z.string(),
        status: z.string(),
        rows: z.number().int(),
        rejected: z.number().int(),
        observations: z.number().int(),
      }),
    ),
    errors: z
      .object({
        bad_rows: z.number().int(),
        by_rule: z.record(z.string(), z.number().int()),
        first: z.array(z.string()),
        report: z.string().describe('GET this path (same token) for every error as CSV'),
      })
      .nullable(),
  }),
);
export type FeedPushResponse = z.infer<typeof FeedPushResponse>;

export const FeedUploadParams = FeedPushParams.extend({ id: z.string().max(64) });

export const FeedUploadStatus = named(
  'FeedUploadStatus',
  'A resumable upload of a feed file (docs/push.md): how many bytes the server holds, until when it keeps them, and once the last byte arrived the ingest’s answer.',
  z.object({
    id: z.string(),
    platform: z.string(),
    period: z.string(),
    format: z.enum(['csv', 'parquet', 'ndjson', 'xlsx']),
    offset: z.number().int().describe('Bytes received: the next PATCH sends `Upload-Offset` equal to this'),
    length: z.number().int().describe('The file’s size, declared when the upload was created'),
    expires_at: z.string().describe('An upload untouched until then is removed (ISO 8601, UTC)'),
    state: z
      .enum(['receiving', 'ingesting', 'complete', 'ingested'])
      .describe(
        'receiving: bytes missing; ingesting: the last byte is in and the file is being ingested (ask again later); complete: every byte held but not ingested, the ingest failed (an empty PATCH at the final offset retries); ingested: `result` holds the answer',
      ),
    result: FeedPushResponse.nullable(),
  }),
);
export type FeedUploadStatus = z.infer<typeof FeedUploadStatus>;

const admin = ['admin'] as const;

export const authRoutes = {
  signIn: route({
    path: `${API_BASE}/auth/login`,
    method: 'POST',
    summary: 'Sign in with name and password: sets the session cookie, answers the CSRF token',
    access: 'public',
    params: NoQuery,
    query: NoQuery,
    body: SignInBody,
    response: SessionResponse,
    example: `${API_BASE}/auth/login`,
  }),
  signOut: route({
    path: `${API_BASE}/auth/logout`,
    method: 'POST',
    summary: 'Sign out: ends the session',
    access: 'signed_in',
    params: NoQuery,
    query: NoQuery,
    response: SessionResponse,
    example: `${API_BASE}/auth/logout`,
  }),
  session: route({
    path: `${API_BASE}/auth/session`,
    summary: 'Who is signed in (and the session’s CSRF token)',
    access: 'public',
    params: NoQuery,
    query: NoQuery,
    response: SessionResponse,
    example: `${API_BASE}/auth/session`,
  }),
  users: route({
    path: `${API_BASE}/users`,
    summary: 'Every account (administrators)',
    access: admin,
    params: NoQuery,
    query: NoQuery,
    response: AccountsResponse,
    example: `${API_BASE}/users`,
  }),
  addUser: route({
    path: `${API_BASE}/users`,
    method: 'POST',
    summary: 'Add an account (administrators): the generated password or platform token is answered once',
    access: admin,
    params: NoQuery,
    query: NoQuery,
    body: NewAccountBody,
    response: CreatedAccountResponse,
    example: `${API_BASE}/users`,
  }),
  setDisabled: route({
    path: `${API_BASE}/users/{name}/disabled`,
    method: 'PUT',
    summary: 'Disable or enable an account (administrators); disabling ends its sessions',
    access: admin,
    params: AccountParams,
    query: NoQuery,
    body: DisableBody,
    response: AccountSummary,
    example: `${API_BASE}/users/jinjiang-tj/disabled`,
  }),
  setScope: route({
    path: `${API_BASE}/users/{name}/scope`,
    method: 'PUT',
    summary:
      'Change an account’s role and scope (administrators): checked like a new account, its sessions end; audited old → new',
    access: admin,
    params: AccountParams,
    query: NoQuery,
    body: ScopeBody,
    response: AccountSummary,
    example: `${API_BASE}/users/jinjiang-tj/scope`,
  }),
  resetPassword: route({
    path: `${API_BASE}/users/{name}/password`,
    method: 'POST',
    summary: 'Reset a password (administrators): the given one, or a generated one answered once',
    access: admin,
    params: AccountParams,
    query: NoQuery,
    body: ResetPasswordBody,
    response: CreatedAccountResponse,
    example: `${API_BASE}/users/jinjiang-tj/password`,
  }),
};

/** Routes with a non-JSON body or answer, outside `routes`; each declares its access too. */
export const feedPushRoutes = [
  {
    path: `${API_BASE}/feeds/{platform}/{period}`,
    method: 'PUT',
    summary:
      'Push a platform feed file for a month (body: the file; a platform token may push only its own platform): ingested like `ecmon ingest feed`',
    contentType: 'application/json',
    access: ['platform', 'admin'],
  },
  {
    path: `${API_BASE}/feeds/reports/{id}`,
    method: 'GET',
    summary: 'The error report of a pushed feed (CSV), for its platform’s token and administrators',
    contentType: 'text/csv',
    access: ['platform', 'admin', 'analyst'],
  },
] as const;

const uploadPath = `${API_BASE}/feeds/{platform}/{period}/uploads`;
const pushers = ['platform', 'admin'] as const;

/**
 * The resumable push of a large feed (docs/push.md): create an upload with its length, PATCH the bytes in
 * chunks at `Upload-Offset`, GET/HEAD the offset to resume after an interruption; the last byte ingests the
 * file like the single PUT. A token sees only its own platform's uploads (404 for any other).
 */
export const feedUploadRoutes = {
  create: {
    path: uploadPath,
    method: 'POST',
    summary:
      'Start a resumable push of a feed file (`Upload-Length` header: its size in bytes); answers the upload with its `Location`',
    contentType: 'application/json',
    access: pushers,
  },
  status: {
    path: `${uploadPath}/{id}`,
    method: 'GET',
    summary:
      'An upload’s offset (also as `Upload-Offset` on HEAD): where an interrupted client resumes; its answer once ingested',
    contentType: 'application/json',
    access: pushers,
  },
  append: {
    path: `${uploadPath}/{id}`,
    method: 'PATCH',
    summary:
      'Append a chunk at `Upload-Offset` (409 with the current offset when it differs); the last byte ingests the file like the PUT',
    contentType: 'application/json',
    access: pushers,
  },
  cancel: {
    path: `${uploadPath}/{id}`,
    method: 'DELETE',
    summary: 'Abandon an upload: its bytes are removed',
    contentType: 'application/json',
    access: pushers,
  },
} as const;
