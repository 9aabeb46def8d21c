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
import { isUserError } from '../domain/user-error.js';
import { apiDocsPage } from './api-docs-page.js';
import { openApiDocument } from './contract/openapi.js';
import {
  API_BASE,
  type JsonRoute,
  type RouteInput,
  type RouteOutput,
  routes,
  type WriteRoute,
  writeRoutes,
} from './contract/routes.js';
import type { DashboardService } from './dashboard-service.js';
import { HttpProblem } from './http-problem.js';
import type { RegistryService } from './registry-service.js';
import { actorOf, readerOf } from './request-context.js';
import { serverTimingHook } from './server-timing.js';

export { serverTimingHook } from './server-timing.js';

const projectRoot = fileURLToPath(new URL('../../', import.meta.url));
const GEO_FILE = resolve(projectRoot, 'data/geo/chengdu-districts.geojson');

export interface ServerOptions {
  service: DashboardService;
  /** The registry screens' service (企业与项目库); its routes are absent without it. */
  registry?: RegistryService;
  /** Directory of the built web app (`index.html` + `assets/`); default `web/dist`. Not served when absent. */
  webRoot?: string;
  logger?: boolean;
}

const pathOf = (request: FastifyRequest): string => request.url.split('?')[0] ?? '';

function sendProblem(reply: FastifyReply, problem: HttpProblem, instance: string): FastifyReply {
  return reply
    .code(problem.status)
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

/**
 * Builds the Fastify instance (not listening).
 *
 * @example
 * const app = buildServer({ service: new StoreDashboardService(store.driver, plan) });
 * await app.listen({ port: 8080 });
 */
export function buildServer(opts: ServerOptions): FastifyInstance {
  const app = Fastify({ logger: opts.logger ?? false });
  const { service } = opts;
  serverTimingHook(app);

  app.setErrorHandler((error, request, reply) => {
    const instance = request.url;
    if (error instanceof HttpProblem) return sendProblem(reply, error, instance);
    // A UserError from below the service is a bad request the validation could not foresee.
    if (isUserError(error)) {
      const p = error.problems[0];
      return sendProblem(reply, new HttpProblem(400, error.message, p?.place, p?.value), instance);
    }
    const status = (error as { statusCode?: number }).statusCode;
    if (status !== undefined && status >= 400 && status < 500)
      return sendProblem(reply, new HttpProblem(400, `请求无效：${(error as Error).message}`), instance);
    request.log.error({ err: error }, 'unhandled error');
    if (!opts.logger) console.error(error);
    return sendProblem(reply, new HttpProblem(500, '服务器内部错误，请稍后重试或联系管理员。'), instance);
  });

  /** Registers a JSON route of the contract: parameters validated by its schemas, the answer typed by them. */
  function serve<R extends JsonRoute>(
    route: R,
    handler: (input: RouteInput<R>, request: FastifyRequest) => Promise<RouteOutput<R>> | RouteOutput<R>,
  ): void {
    app.get(route.path.replace(/\{(\w+)\}/g, ':$1'), async (request) =>
      handler(
        {
          ...parse(route.params, request.params),
          ...parse(route.query, request.query),
        } as RouteInput<R>,
        request,
      ),
    );
  }

  /** Registers a write route: path parameters and JSON body validated; the actor comes from the request. */
  function serveWrite<R extends WriteRoute>(
    route: R,
    handler: (
      input: z.output<R['params']> & z.output<R['body']>,
      actor: string,
    ) => Promise<z.input<R['response']>>,
  ): void {
    app.post(route.path.replace(/\{(\w+)\}/g, ':$1'), async (request) => {
      const body = route.body.safeParse(request.body ?? {});
      if (!body.success) {
        const issue = body.error.issues[0] as z.core.$ZodIssue;
        const field = issue.path.join('.');
        throw HttpProblem.badParameter(field, null, `请求体字段 ${field} 无效：${issue.message}`);
      }
      return handler(
        { ...parse(route.params, request.params), ...body.data } as z.output<R['params']> &
          z.output<R['body']>,
        actorOf(request),
      );
    });
  }

  serve(routes.meta, () => service.meta());
  serve(routes.overview, (q) => service.overview(q));
  serve(routes.indicator, (q) => service.indicator(q));
  serve(routes.districts, (q) => service.districts(q));
  serve(routes.domains, (q) => service.domains(q));
  serve(routes.batches, () => service.batches());
  const { registry } = opts;
  if (registry) {
    serve(routes.registry, (q) => registry.list(q));
    serve(routes.registryEntity, (q, request) => registry.entity(q, readerOf(request)));
    serve(routes.registryCounts, (q) => registry.counts(q));
    serve(routes.registryCredit, (q) => registry.creditList(q));
    serve(routes.registryForms, () => registry.forms());
    // Access (writeRoutes[].access: admin, analyst) is enforced once accounts land (the auth issue).
    serveWrite(writeRoutes.registrySave, (q, by) =>
      registry.save({ role: q.role, mode: q.mode, values: q.values, reason: q.reason ?? null, by }),
    );
    serveWrite(writeRoutes.registryRemove, (q, by) =>
      registry.remove({ id: q.id, date: q.date, reason: q.reason ?? null, by }),
    );
  }

  let geo: string | undefined;
  app.get(`${API_BASE}/geo/chengdu`, async (_request, reply) => {
    geo ??= readFileSync(GEO_FILE, 'utf8');
    return reply
      .type('application/geo+json; charset=utf-8')
      .header('Cache-Control', 'public, max-age=86400')
      .send(geo);
  });

  const doc = openApiDocument();
  app.get(`${API_BASE}/openapi.json`, async () => doc);
  const docsHtml = apiDocsPage(doc);
  app.get(`${API_BASE}/docs`, async (_request, reply) =>
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
    if (path.startsWith('/api') || request.method !== 'GET' || !hasWeb || /\.[a-z0-9]+$/i.test(path)) {
      const problem = new HttpProblem(404, `找不到 ${request.method} ${path}，可用接口见 ${API_BASE}/docs`);
      return sendProblem(reply, problem, request.url);
    }
    return reply.header('Cache-Control', 'no-cache').sendFile('index.html');
  });

  return app;
}
