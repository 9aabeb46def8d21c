/**
 * A server with accounts, on a fresh store of an engine: the Chengdu plan, the dashboard test figures
 * (published), and one held import (awaiting approval) with 2022 online retail for 锦江区 (777) and 青羊区
 * (888). Signs in one account per role and scope, and makes requests as each.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { StoreDashboardService } from '../../src/api/dashboard-service.js';
import { RegistryService } from '../../src/api/registry-service.js';
import { ReportService } from '../../src/api/report-service.js';
import { buildServer } from '../../src/api/server.js';
import { Accounts, type NewAccount } from '../../src/auth/accounts.js';
import { Sessions } from '../../src/auth/sessions.js';
import { registerCliJobs } from '../../src/cli/cli-job-route.js';
import { FormService } from '../../src/forms/submissions.js';
import { importObservationsFile } from '../../src/ingest/import-observations.js';
import { OpenDataService } from '../../src/opendata/open-data-service.js';
import { loadPlan } from '../../src/plan/load-plan.js';
import type { Plan } from '../../src/plan/plan-types.js';
import type { Store } from '../../src/store/open-store.js';
import { savePlan } from '../../src/store/plan-repository.js';
import { OBSERVATIONS, PLAN_FILE } from './dashboard-store.js';
import { type EngineTarget, freshStore } from './engines.js';
import { USCC } from './feed-rows.js';

export const PASSWORD = 'matrix-pass-2025';
export const CLI_TOKEN = 'serve-file-token-for-tests';

/** The held (submitted) figures: never public until approved and published. */
export const HELD = `measure,area,period,value,unit,published_yoy,domain,source
online_retail_sales,510104,2022,777,亿元,,,测试数据（待审）
online_retail_sales,510105,2022,888,亿元,,,测试数据（待审）
`;

/** One account per role and scope; the keys name the callers of the matrix. */
export const CALLERS = {
  admin: { name: 'm-admin', role: 'admin' },
  analyst: { name: 'm-analyst', role: 'analyst' },
  jinjiangReporter: { name: 'm-jinjiang-tb', role: 'district_reporter', areas: ['510104'] },
  jinjiangReviewer: { name: 'm-jinjiang-sh', role: 'district_reviewer', areas: ['510104'] },
  qingyangReporter: { name: 'm-qingyang-tb', role: 'district_reporter', areas: ['510105'] },
  enterprise: { name: 'm-enterprise', role: 'enterprise_reporter', enterprises: [USCC] },
  simMall: { name: 'm-sim-mall', role: 'platform', platform: 'sim-mall' },
  otherMall: { name: 'm-other-mall', role: 'platform', platform: 'other-mall' },
} as const satisfies Record<string, NewAccount>;
export type CallerKey = keyof typeof CALLERS | 'anonymous';
export const CALLER_KEYS: CallerKey[] = ['anonymous', ...(Object.keys(CALLERS) as (keyof typeof CALLERS)[])];

/** How a caller proves who it is: a session (cookie + CSRF token) or a bearer token. */
export interface Credentials {
  cookie?: string;
  csrf?: string;
  token?: string;
}

export interface AuthServer {
  app: FastifyInstance;
  store: Store;
  plan: Plan;
  accounts: Accounts;
  credentials: Map<CallerKey, Credentials>;
  heldBatch: string;
  /** A request as a caller (a session's state-changing request carries its CSRF token). */
  as(
    caller: CallerKey,
    method: string,
    url: string,
    payload?: unknown,
    headers?: Record<string, string>,
  ): Promise<LightMyRequestResponse>;
  /** Signs in by the API; the session cookie and CSRF token. */
  signIn(name: string, password?: string): Promise<Credentials>;
  close(): Promise<void>;
}

export function headersFor(c: Credentials | undefined, method: string): Record<string, string> {
  if (!c) return {};
  if (c.token) return { authorization: `Bearer ${c.token}` };
  return {
    cookie: c.cookie ?? '',
    ...(method !== 'GET' && c.csrf ? { 'x-csrf-token': c.csrf } : {}),
  };
}

export async function openAuthServer(target: EngineTarget, now?: () => Date): Promise<AuthServer> {
  const { store } = await freshStore(target);
  const plan = loadPlan(PLAN_FILE);
  await savePlan(store.driver, store.dialect, plan, PLAN_FILE);
  const dir = mkdtempSync(join(tmpdir(), 'ecmon-auth-'));
  writeFileSync(join(dir, 'observations.csv'), OBSERVATIONS);
  await importObservationsFile(store, plan, join(dir, 'observations.csv'));
  writeFileSync(join(dir, 'held.csv'), HELD);
  await importObservationsFile(store, plan, join(dir, 'held.csv'), { hold: true });
  const [held] = await store.driver.query("SELECT id FROM batches WHERE status = 'submitted'");
  const accounts = new Accounts(store.driver, plan, now);
  const sessions = new Sessions(store.driver, accounts, now);
  const app = buildServer({
    service: new StoreDashboardService(store.driver, plan),
    registry: new RegistryService(store, plan),
    webRoot: mkdtempSync(join(tmpdir(), 'ecmon-auth-web-')),
    auth: { accounts, sessions },
    feeds: {
      store,
      plan,
      reportsDir: join(dir, 'reports'),
      maxBytes: 64 * 1024,
      // The matrix opens an upload per caller and case.
      uploads: { openPerPlatform: 100 },
    },
    forms: { store, service: new FormService(store, plan, now ? { clock: now } : {}) },
    reports: new ReportService(store.driver, plan),
    // The matrix asks every open route as every caller from one address: limits well above it.
    openData: new OpenDataService(store.driver, plan, {
      limits: { anonymousPerMinute: 100_000, keyPerMinute: 100_000 },
    }),
  });
  registerCliJobs(app, { store, token: CLI_TOKEN, run: async () => 0 });
  await app.ready();

  const signIn = async (name: string, password = PASSWORD): Promise<Credentials> => {
    const res = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { name, password } });
    if (res.statusCode !== 200) throw new Error(`sign-in of ${name}: ${res.statusCode} ${res.body}`);
    const cookie = String(res.headers['set-cookie']).split(';')[0] as string;
    return { cookie, csrf: res.json().csrf_token };
  };
  const credentials = new Map<CallerKey, Credentials>();
  for (const [key, account] of Object.entries(CALLERS)) {
    const made = await accounts.add({ ...account, password: PASSWORD }, 'test');
    credentials.set(key as CallerKey, made.token ? { token: made.token } : await signIn(account.name));
  }
  return {
    app,
    store,
    plan,
    accounts,
    credentials,
    heldBatch: String(held?.id),
    signIn,
    as: (caller, method, url, payload, headers = {}) =>
      app.inject({
        method: method as 'GET',
        url,
        headers: { ...headersFor(credentials.get(caller), method), ...headers },
        ...(payload === undefined ? {} : { payload: payload as string }),
      }),
    async close() {
      await app.close();
      await store.close();
    },
  };
}
