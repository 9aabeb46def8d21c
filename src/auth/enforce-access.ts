/**
 * Enforces the access each route declares (src/auth/access.ts): resolves the caller of every request into
 * `request.actor`, then, before the handler, answers 401/403 for a caller the route does not allow and for a
 * state-changing request of a session without its CSRF token. A route under `/api` or `/internal` that
 * declares no access cannot be registered (the server fails to build), and would be refused if it were.
 */
import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { HttpProblem } from '../api/http-problem.js';
import { type Access, type Actor, ANONYMOUS, allows, forbidden, unauthorized } from './access.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The caller, resolved before any handler runs; {@link ANONYMOUS} when nobody signed in. */
    actor: Actor;
    /** The CSRF token of the caller's session (only for `via: 'session'`). */
    csrfToken: string | null;
  }
  interface FastifyContextConfig {
    /** Who may call the route: see {@link Access}. */
    access?: Access;
  }
}

/** The caller of a request as the sessions or tokens know it. */
export interface Caller {
  actor: Actor;
  csrfToken?: string | null;
}

/** Finds the caller of a request (session cookie, bearer token); null for the public. */
export type ResolveCaller = (request: FastifyRequest) => Promise<Caller | null>;

/** The header a signed-in web page sends with every state-changing request. */
export const CSRF_HEADER = 'x-csrf-token';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Paths whose routes must declare access (the web app's files and pages are public). */
export const GUARDED = /^\/(api|internal)(\/|$)/;

const same = (a: string, b: string): boolean => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

/** The access a registered route declares, or undefined. */
export function accessOf(request: FastifyRequest): Access | undefined {
  return request.routeOptions.config?.access;
}

/**
 * Installs the hooks. Call before registering routes.
 *
 * @example
 * enforceAccess(app, (request) => sessions.callerOf(request));
 * app.get('/api/v1/me', { config: { access: 'signed_in' } }, async (request) => request.actor);
 */
export function enforceAccess(app: FastifyInstance, resolve: ResolveCaller): void {
  // A guarded route without a declared access cannot even be registered: the server does not build.
  app.addHook('onRoute', (route) => {
    if (GUARDED.test(route.url ?? route.path) && route.config?.access === undefined)
      throw new Error(
        `Route ${String(route.method)} ${route.url} declares no access: add \`access\` to its entry in src/api/contract/routes.ts, or pass { config: { access } } (src/auth/access.ts)`,
      );
  });
  app.decorateRequest('actor', null as unknown as Actor);
  app.decorateRequest('csrfToken', null);
  app.addHook('onRequest', async (request) => {
    request.actor = ANONYMOUS;
    // The CLI route's bearer token is the serve file's, not an account's: the route checks it itself.
    if (accessOf(request) === 'cli') return;
    const caller = await resolve(request);
    if (caller) {
      request.actor = caller.actor;
      request.csrfToken = caller.csrfToken ?? null;
    }
  });
  app.addHook('preHandler', async (request) => {
    const path = request.url.split('?')[0] ?? '';
    // Not-found answers have no route: the not-found handler answers them.
    if (!GUARDED.test(path) || request.is404) return;
    const access = accessOf(request);
    if (access === undefined)
      throw new HttpProblem(
        403,
        `接口 ${request.method} ${request.routeOptions.url} 未声明访问策略，已拒绝。`,
      );
    const { actor } = request;
    if (!allows(access, actor)) {
      if (access === 'cli') return; // the CLI route checks its own token and answers itself
      throw actor.role === 'anonymous' ? unauthorized() : forbidden(actor);
    }
    if (actor.via === 'session' && !SAFE_METHODS.has(request.method)) {
      const given = request.headers[CSRF_HEADER];
      if (typeof given !== 'string' || !request.csrfToken || !same(given, request.csrfToken))
        throw new HttpProblem(
          403,
          `缺少或错误的 CSRF 令牌：修改数据的请求须在 ${CSRF_HEADER} 请求头中带上登录时取得的令牌（刷新页面后重试）。`,
        );
    }
  });
}
