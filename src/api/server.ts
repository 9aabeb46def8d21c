/**
 * The dashboard HTTP server: the JSON API of `contract.ts` under `/api`, its OpenAPI document and
 * docs page, the Chengdu boundaries, and the built web app with SPA fallback.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyInstance, type FastifyReply } from 'fastify';
import { isUserError } from '../domain/user-error.js';
import { apiDocsPage } from './api-docs-page.js';
import type { ApiError, DashboardService } from './contract.js';
import { openApiDocument } from './openapi.js';
import {
  areaParam,
  defaultPeriod,
  frequencyParam,
  indicatorParam,
  indicatorQueryParam,
  periodParam,
  QueryError,
} from './query-validation.js';
import { serverTimingHook } from './server-timing.js';

export { serverTimingHook } from './server-timing.js';

const projectRoot = fileURLToPath(new URL('../../', import.meta.url));
const GEO_FILE = resolve(projectRoot, 'data/geo/chengdu-districts.geojson');

export interface ServerOptions {
  service: DashboardService;
  /** Directory of the built web app (`index.html` + `assets/`); default `web/dist`. Not served when absent. */
  webRoot?: string;
  logger?: boolean;
}

type Query = Record<string, unknown>;

function sendError(reply: FastifyReply, status: number, body: ApiError): FastifyReply {
  return reply.code(status).type('application/json; charset=utf-8').send(body);
}

/**
 * Builds the Fastify instance (not listening).
 *
 * @example
 * const app = buildServer({ service: await createFixtureService() });
 * await app.listen({ port: 8080 });
 */
export function buildServer(opts: ServerOptions): FastifyInstance {
  const app = Fastify({ logger: opts.logger ?? false });
  const { service } = opts;
  serverTimingHook(app);

  app.setErrorHandler((error, request, reply) => {
    if (error instanceof QueryError) {
      return sendError(reply, 400, { error: 'bad_request', message: error.message, field: error.field });
    }
    if (isUserError(error)) {
      const place = error.problems[0]?.place;
      const status = place === 'id' ? 404 : 400;
      return sendError(reply, status, {
        error: status === 404 ? 'not_found' : 'bad_request',
        message: error.message,
        ...(place ? { field: place } : {}),
      });
    }
    const status = (error as { statusCode?: number }).statusCode;
    if (status !== undefined && status >= 400 && status < 500) {
      return sendError(reply, status, {
        error: 'bad_request',
        message: `请求无效：${(error as Error).message}`,
      });
    }
    request.log.error({ err: error }, 'unhandled error');
    if (!opts.logger) console.error(error);
    return sendError(reply, 500, { error: 'internal', message: '服务器内部错误，请稍后重试或联系管理员。' });
  });

  app.get('/api/meta', async () => service.meta());

  app.get('/api/overview', async (request) => {
    const query = request.query as Query;
    const meta = await service.meta();
    const area = areaParam(query, meta);
    const period = periodParam(query) ?? defaultPeriod(meta);
    return service.overview({ period, ...(area ? { area } : {}) });
  });

  app.get('/api/indicators/:id', async (request) => {
    const query = request.query as Query;
    const meta = await service.meta();
    const id = indicatorParam((request.params as { id: string }).id, 'id', meta);
    const area = areaParam(query, meta);
    const frequency = frequencyParam(query, 'year');
    const period = periodParam(query);
    return service.indicator({ id, frequency, ...(area ? { area } : {}), ...(period ? { period } : {}) });
  });

  app.get('/api/districts', async (request) => {
    const query = request.query as Query;
    const meta = await service.meta();
    const indicator = indicatorQueryParam(query, 'indicator', meta);
    const period = periodParam(query) ?? defaultPeriod(meta);
    return service.districts({ indicator, period });
  });

  app.get('/api/domains', async (request) => {
    const query = request.query as Query;
    const meta = await service.meta();
    const area = areaParam(query, meta);
    const period = periodParam(query) ?? defaultPeriod(meta);
    return service.domains({ period, ...(area ? { area } : {}) });
  });

  app.get('/api/batches', async () => service.batches());

  let geo: string | undefined;
  app.get('/api/geo/chengdu', async (_request, reply) => {
    geo ??= readFileSync(GEO_FILE, 'utf8');
    return reply
      .type('application/geo+json; charset=utf-8')
      .header('Cache-Control', 'public, max-age=86400')
      .send(geo);
  });

  const doc = openApiDocument();
  app.get('/api/openapi.json', async () => doc);
  const docsHtml = apiDocsPage(doc);
  app.get('/api/docs', async (_request, reply) => reply.type('text/html; charset=utf-8').send(docsHtml));

  const webRoot = resolve(opts.webRoot ?? resolve(projectRoot, 'web/dist'));
  const hasWeb = existsSync(resolve(webRoot, 'index.html'));
  if (hasWeb) {
    app.register(fastifyStatic, {
      root: webRoot,
      wildcard: false,
      cacheControl: false,
      setHeaders(res, path) {
        const hashed = /[\\/]assets[\\/]/.test(path);
        res.setHeader('Cache-Control', hashed ? 'public, max-age=31536000, immutable' : 'no-cache');
      },
    });
  }

  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0] ?? '';
    if (path.startsWith('/api') || request.method !== 'GET' || !hasWeb || /\.[a-z0-9]+$/i.test(path)) {
      return sendError(reply, 404, {
        error: 'not_found',
        message: `找不到 ${request.method} ${path}，可用接口见 /api/docs`,
      });
    }
    return reply.header('Cache-Control', 'no-cache').sendFile('index.html');
  });

  return app;
}
