/**
 * The dashboard HTTP server: the JSON API of the contract (contract/routes.ts) under `/api/v1`, its OpenAPI
 * document and docs page, the Chengdu boundaries, and the built web app with SPA fallback.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { type Actor, readScopeFor, readScopeOf } from '../auth/access.js';
import { enforceAccess, type ResolveCaller } from '../auth/enforce-access.js';
import { isUserError } from '../domain/user-error.js';
import type { FormService } from '../forms/submissions.js';
import type { OpenDataService } from '../opendata/open-data-service.js';
import { registerOpenData, rewriteSdmxUrl, SDMX_BASE } from '../opendata/register-open-data.js';
import type { Store } from '../store/open-store.js';
import { apiDocsPage } from './api-docs-page.js';
import { type AuthServices, registerAuthRoutes } from './auth-routes.js';
import { openApiDocument } from './contract/openapi.js';
import {
  API_BASE,
  fileRoutes,
  type JsonRoute,
  type RouteInput,
  type RouteOutput,
  routes,
} from './contract/routes.js';
import type { DashboardService } from './dashboard-service.js';
import { type FeedPushOptions, registerFeedPush } from './feed-push-route.js';
import { registerFeedUploads } from './feed-upload-routes.js';
import { registerFormRoutes } from './form-handlers.js';
import { HttpProblem } from './http-problem.js';
import { assertOwnEnterprise, type RegistryService } from './registry-service.js';
import type { ReportService } from './report-service.js';
import { readerOf } from './request-context.js';
import { securityHeaders } from './security-headers.js';
import { serverTimingHook } from './server-timing.js';

export { serverTimingHook } from './server-timing.js';

const projectRoot = fileURLToPath(new URL('../../', import.meta.url));
const GEO_FILE = resolve(projectRoot, 'data/geo/chengdu-districts.geojson');

export interface ServerOptions {
  service: DashboardService;
  /** The registry screens' service (企业与项目库); its routes are absent without it. */
  registry?: RegistryService;
  /** Open data (SDMX under `/sdmx`); absent without it. */
  openData?: OpenDataService;
  /** The report archive (报告存档: list, download, 生成简报); its routes are absent without it. */
  reports?: ReportService;
  /** Directory of the built web app (`index.html` + `assets/`); default `web/dist`. Not served when absent. */
  webRoot?: string;
  logger?: boolean;
  /**
   * Accounts and sessions: signing in, account administration, and the caller of each request. Without
   * them every caller is the anonymous public (or what `callers` finds).
   */
  auth?: AuthServices;
  /** Finds the caller of a request when there is no `auth` (tests). */
  callers?: ResolveCaller;
  /** Report forms, submissions, progress, alerts and audit (数据填报); their routes are absent without it. */
  forms?: { store: Store; service: FormService };
  /** Platform push (`PUT /api/v1/feeds/{platform}/{period}` and resumable uploads); absent without it. */
  feeds?: FeedPushOptions;
  /** The largest JSON body accepted, in bytes (default 256 KiB). */
  bodyLimit?: number;
}

/** What a handler of the contract gets besides its validated input. */
export interface RouteContext {
  actor: Actor;
  request: FastifyRequest;
  reply: FastifyReply;
}

/** Registers a JSON route of the contract with its handler (see buildServer). */
export type Serve = <R extends JsonRoute>(
  route: R,
  handler: (input: RouteInput<R>, context: RouteContext) => Promise<RouteOutput<R>>,
) => void;

const pathOf = (request: FastifyRequest): string => request.url.split('?')[0] ?? '';

function sendProblem(reply: FastifyReply, problem: HttpProblem, instance: string): FastifyReply {
  return reply
    .code(problem.status)
    .headers(problem.headers)
    .type('application/problem+json; charset=utf-8')
    .send(problem.body(instance));
}

/** Parses request parameters with a contract schema; the first broken rule becomes a 400 naming the parameter. */
function parse<S extends z.ZodObject>(schema: S, raw: unknown): z.output<S> {
  // An empty value (`?period=`) means the parameter is absent.
  const given = Object.fromEntries(Object.entries(raw ?? {}).filter(([, v]) => v !== ''));
  const result = schema.safeParse(given);
  if (result.success) return result.data;
  const issue = result.error.issues[0] as z.core.$ZodIssue;
  const parameter = String(issue.path[0] ?? '');
  const value = given[parameter];
  const detail =
    issue.message.startsWith('参数') || issue.message.startsWith('缺少参数')
      ? issue.message
      : `参数 ${parameter} 的值「${String(value)}」无效：${issue.message}`;
  throw HttpProblem.badParameter(parameter, value ?? null, detail);
}

/** Parses a JSON body with a contract schema; the first broken rule becomes a 400 naming the field. */
function parseBody<S extends z.ZodType>(schema: S, raw: unknown): z.output<S> {
  const result = schema.safeParse(raw ?? {});
  if (result.success) return result.data;
  const issue = result.error.issues[0] as z.core.$ZodIssue;
  const field = issue.path.map(String).join('.');
  const value = issue.path.reduce<unknown>(
    (v, k) =>
      v && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[k as PropertyKey] : undefined,
    raw,
  );
  const detail = /^(字段|缺少字段)/.test(issue.message)
    ? issue.message
    : `字段 ${field || '（请求体）'} 的值「${String(value)}」无效：${issue.message}`;
  throw HttpProblem.badParameter(field, value ?? null, detail);
}

/**
 * Builds the Fastify instance (not listening).
 *
 * @example
 * const app = buildServer({ service: new StoreDashboardService(store.driver, plan) });
 * await app.listen({ port: 8080 });
 */
export function buildServer(opts: ServerOptions): FastifyInstance {
  const app = Fastify({
    logger: opts.logger ?? false,
    bodyLimit: opts.bodyLimit ?? 256 * 1024,
    // SDMX clients' URL forms (trailing slash, a provider segment) reach the open-data routes.
    rewriteUrl: (req) => rewriteSdmxUrl(req.url ?? '/'),
  });
  const { service, auth } = opts;
  serverTimingHook(app);
  securityHeaders(app);
  enforceAccess(
    app,
    auth ? (request) => auth.sessions.callerOf(request) : (opts.callers ?? (async () => null)),
  );

  app.setErrorHandler((error, request, reply) => {
    const instance = request.url;
    if (error instanceof HttpProblem) return sendProblem(reply, error, instance);
    // A UserError from below the service is a bad request the validation could not foresee.
    if (isUserError(error)) {
      const p = error.problems[0];
      return sendProblem(reply, new HttpProblem(400, error.message, p?.place, p?.value), instance);
    }
    const status = (error as { statusCode?: number }).statusCode;
    if (status === 413)
      return sendProblem(reply, new HttpProblem(413, '请求体过大，超过服务器允许的大小。'), instance);
    if (status !== undefined && status >= 400 && status < 500)
      return sendProblem(reply, new HttpProblem(400, `请求无效：${(error as Error).message}`), instance);
    request.log.error({ err: error }, 'unhandled error');
    if (!opts.logger) console.error(error);
    return sendProblem(reply, new HttpProblem(500, '服务器内部错误，请稍后重试或联系管理员。'), instance);
  });

  /**
   * Registers a JSON route of the contract: its access enforced, parameters and body validated by its
   * schemas, the answer typed by them; the handler gets the caller in its context.
   */
  const serve: Serve = (route, handler) => {
    app.route({
      method: route.method ?? 'GET',
      url: route.path.replace(/\{(\w+)\}/g, ':$1'),
      config: { access: route.access },
      handler: async (request, reply) =>
        handler(
          {
            ...parse(route.params, request.params),
            ...parse(route.query, request.query),
            ...(route.body ? { body: parseBody(route.body, request.body) } : {}),
          } as Parameters<typeof handler>[0],
          { actor: request.actor, request, reply },
        ),
    });
  };

  serve(routes.meta, () => service.meta());
  serve(routes.overview, (q, { actor }) => service.overview(q, readScopeFor(actor, q.as)));
  serve(routes.indicator, (q, { actor }) => service.indicator(q, readScopeFor(actor, q.as)));
  serve(routes.districts, (q, { actor }) => service.districts(q, readScopeFor(actor, q.as)));
  serve(routes.domains, (q, { actor }) => service.domains(q, readScopeFor(actor, q.as)));
  serve(routes.breakdown, (q, { actor }) => service.breakdown(q, readScopeFor(actor, q.as)));
  serve(routes.batches, (_q, { actor }) => service.batches(readScopeOf(actor)));
  if (auth) registerAuthRoutes(serve, auth);
  if (opts.feeds) {
    registerFeedPush(app, opts.feeds);
    registerFeedUploads(app, opts.feeds);
  }
  const { registry } = opts;
  if (registry) {
    serve(routes.registry, (q) => registry.list(q));
    serve(routes.registryEntity, (q, { actor }) => registry.entity(q, readerOf(actor, q.id)));
    serve(routes.registryCounts, (q) => registry.counts(q));
    serve(routes.registryCredit, (q) => registry.creditList(q));
    serve(routes.registryForms, async () => registry.forms());
    // Each save is a registry version recording the signed-in account (admin, analyst; an enterprise
    // reporter their own enterprise's corrections only: routes.ts).
    serve(routes.registrySave, (q, { actor }) => {
      const save = { role: q.role, mode: q.body.mode, values: q.body.values };
      assertOwnEnterprise(actor, save);
      return registry.save({ ...save, reason: q.body.reason ?? null, by: actor.name });
    });
    serve(routes.registryRemove, (q, { actor }) =>
      registry.remove({ id: q.id, date: q.body.date, reason: q.body.reason ?? null, by: actor.name }),
    );
  }
  if (opts.forms) registerFormRoutes(app, serve, opts.forms.store, opts.forms.service);

  if (opts.openData) registerOpenData(app, opts.openData);

  const { reports } = opts;
  if (reports) {
    serve(routes.reports, (q) => reports.list(q));
    // Who generated it: the signed-in account.
    serve(routes.generateBulletin, (q, { actor }) => reports.generate(q.body, actor.name));
    const file = fileRoutes.reportFile;
    app.get(
      file.path.replace(/\{(\w+)\}/g, ':$1'),
      { config: { access: file.access } },
      async (request, reply) => {
        const f = await reports.file(parse(file.params, request.params));
        return reply
          .type(f.contentType)
          .header('Content-Disposition', f.disposition)
          .header('Cache-Control', 'private, no-cache')
          .send(f.bytes);
      },
    );
  }

  let geo: string | undefined;
  const open = { config: { access: 'public' as const } };
  app.get(`${API_BASE}/geo/chengdu`, open, async (_request, reply) => {
    geo ??= readFileSync(GEO_FILE, 'utf8');
    return reply
      .type('application/geo+json; charset=utf-8')
      .header('Cache-Control', 'public, max-age=86400')
      .send(geo);
  });

  const doc = openApiDocument();
  app.get(`${API_BASE}/openapi.json`, open, async () => doc);
  const docsHtml = apiDocsPage(doc);
  app.get(`${API_BASE}/docs`, open, async (_request, reply) =>
    reply.type('text/html; charset=utf-8').send(docsHtml),
  );

  const webRoot = resolve(opts.webRoot ?? resolve(projectRoot, 'web/dist'));
  const hasWeb = existsSync(resolve(webRoot, 'index.html'));
  if (hasWeb) {
    app.register(fastifyStatic, {
      root: webRoot,
      wildcard: false,
      // The build writes .br and .gz beside each text asset (web/precompress.ts): sent by Accept-Encoding.
      preCompressed: true,
      cacheControl: false,
      setHeaders(res, path) {
        const hashed = /[\\/]assets[\\/]/.test(path);
        res.setHeader('Cache-Control', hashed ? 'public, max-age=31536000, immutable' : 'no-cache');
        // The copy sent depends on Accept-Encoding: caches must keep them apart.
        res.setHeader('Vary', 'accept-encoding');
      },
    });
  }

  app.setNotFoundHandler((request, reply) => {
    const path = pathOf(request);
    if (
      path.startsWith('/api') ||
      path.startsWith(SDMX_BASE) ||
      request.method !== 'GET' ||
      !hasWeb ||
      /\.[a-z0-9]+$/i.test(path)
    ) {
      const problem = new HttpProblem(404, `找不到 ${request.method} ${path}，可用接口见 ${API_BASE}/docs`);
      return sendProblem(reply, problem, request.url);
    }
    return reply.header('Cache-Control', 'no-cache').sendFile('index.html');
  });

  return app;
}
