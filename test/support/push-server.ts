/**
 * A server for platform pushes on a fresh store: the Chengdu plan, alerts to the FormService, and two platform
 * tokens (`Bearer sim-mall`, `Bearer other-mall`) plus an administrator (`Bearer admin`). It can be closed and
 * built again over the same store and reports directory (a restart).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { StoreDashboardService } from '../../src/api/dashboard-service.js';
import { buildServer } from '../../src/api/server.js';
import type { Actor } from '../../src/auth/access.js';
import { FormService } from '../../src/forms/submissions.js';
import { loadPlan } from '../../src/plan/load-plan.js';
import type { Plan } from '../../src/plan/plan-types.js';
import type { Store } from '../../src/store/open-store.js';
import { savePlan } from '../../src/store/plan-repository.js';
import { PLAN_FILE } from './dashboard-store.js';
import { type EngineTarget, freshStore } from './engines.js';

const platform = (p: string): Actor => ({
  id: `acc-${p}`,
  name: `m-${p}`,
  role: 'platform',
  areas: [],
  enterprises: [],
  platform: p,
  via: 'token',
});
const ACTORS: Record<string, Actor> = {
  'sim-mall': platform('sim-mall'),
  'other-mall': platform('other-mall'),
  admin: { ...platform('admin'), role: 'admin', platform: null, areas: 'all' },
};

export interface PushServer {
  app: FastifyInstance;
  store: Store;
  plan: Plan;
  forms: FormService;
  reportsDir: string;
  /** The time the uploads' expiry sees (ms); tests move it. */
  now: { ms: number };
  /** Closes the app only and builds it again over the same store and reports directory. */
  restart(): Promise<void>;
  close(): Promise<void>;
}

export async function openPushServer(
  target: EngineTarget,
  opts: { maxBytes?: number; ttlMs?: number } = {},
): Promise<PushServer> {
  const { store } = await freshStore(target);
  const plan = loadPlan(PLAN_FILE);
  await savePlan(store.driver, store.dialect, plan, PLAN_FILE);
  const forms = new FormService(store, plan);
  const reportsDir = mkdtempSync(join(tmpdir(), 'ecmon-push-test-'));
  const now = { ms: Date.parse('2026-11-30T10:00:00Z') };
  const build = async (): Promise<FastifyInstance> => {
    const app = buildServer({
      service: new StoreDashboardService(store.driver, plan),
      webRoot: reportsDir,
      callers: async (request) => {
        const token = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1];
        const actor = token ? ACTORS[token] : undefined;
        return actor ? { actor } : null;
      },
      feeds: {
        store,
        plan,
        reportsDir,
        maxBytes: opts.maxBytes ?? 1024 * 1024,
        alerts: forms,
        uploads: { ttlMs: opts.ttlMs ?? 3600_000, openPerPlatform: 3 },
        clock: () => now.ms,
      },
    });
    await app.ready();
    return app;
  };
  const s: PushServer = {
    app: await build(),
    store,
    plan,
    forms,
    reportsDir,
    now,
    async restart() {
      await s.app.close();
      s.app = await build();
    },
    async close() {
      await s.app.close();
      await store.close();
    },
  };
  return s;
}
