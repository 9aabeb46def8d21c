/**
 * Platform push (大数据自动化采集 without a person): `PUT /api/v1/feeds/{platform}/{period}` with the feed
 * file as the body. The body streams to a temporary file (never held in memory; refused past the size
 * limit), then goes through the same ingest as `ecmon ingest feed`; the answer names the batches, their
 * status and where the error report is. A platform token pushes only its own platform's feeds.
 */
import { createReadStream, createWriteStream, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { FastifyInstance } from 'fastify';
import { type Actor, forbidden, notInScope } from '../auth/access.js';
import type { FeedErrorSummary } from '../ingest/feed/feed-error-report.js';
import type { FeedFormat } from '../ingest/feed/feed-input.js';
import { FeedRejectedError, type IngestFeedResult, ingestFeed } from '../ingest/feed/ingest-feed.js';
import type { Plan } from '../plan/plan-types.js';
import type { Store } from '../store/open-store.js';
import { API_BASE } from './contract/api-base.js';
import {
  FeedPushParams,
  FeedPushQuery,
  type FeedPushResponse,
  feedPushRoutes,
} from './contract/auth-contract.js';
import { HttpProblem } from './http-problem.js';

export interface FeedPushOptions {
  store: Store;
  plan: Plan;
  /** Where error reports are kept (one CSV per push). */
  reportsDir: string;
  /** The largest body accepted, in bytes (default 2 GiB). */
  maxBytes?: number;
}

const DEFAULT_MAX_BYTES = 2 * 1024 ** 3;
const REPORT_ID = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}--\d{4}-\d{2}--[a-z0-9]{1,16}$/;

/** The format from `?format=`, else from the Content-Type. */
function formatOf(query: string | undefined, contentType: string | undefined): FeedFormat {
  if (query) return query as FeedFormat;
  const type = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (type.includes('parquet')) return 'parquet';
  if (type.includes('ndjson') || type.includes('x-ndjson')) return 'ndjson';
  if (type.includes('spreadsheetml')) return 'xlsx';
  return 'csv';
}

function parseOr400<T>(
  schema: {
    safeParse(
      v: unknown,
    ):
      | { success: true; data: T }
      | { success: false; error: { issues: { path: PropertyKey[]; message: string }[] } };
  },
  raw: unknown,
): T {
  const r = schema.safeParse(raw);
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  const name = String(issue?.path[0] ?? '');
  const value = (raw as Record<string, unknown>)[name];
  throw HttpProblem.badParameter(
    name,
    value ?? null,
    `参数 ${name} 的值「${String(value)}」无效：${issue?.message}`,
  );
}

export function registerFeedPush(app: FastifyInstance, opts: FeedPushOptions): void {
  const maxBytes = opts.maxBytes ?? DEFAULT_MAX_BYTES;
  mkdirSync(opts.reportsDir, { recursive: true });
  const [push, report] = feedPushRoutes;
  const reportPath = (id: string): string => join(opts.reportsDir, `${id}.errors.csv`);
  const ownerOf = (id: string): string => id.split('--')[0] ?? '';

  app.register(async (sub) => {
    // The body is the feed file, whatever its type: streamed by the handler, not parsed.
    sub.removeAllContentTypeParsers();
    sub.addContentTypeParser('*', (_request, payload, done) => done(null, payload));
    sub.put(
      `${API_BASE}/feeds/:platform/:period`,
      { config: { access: push.access } },
      async (request, reply) => {
        const { platform, period } = parseOr400(FeedPushParams, request.params);
        const query = parseOr400(FeedPushQuery, request.query);
        mayPush(request.actor, platform);
        const declared = Number(request.headers['content-length'] ?? 0);
        if (declared > maxBytes) throw tooLarge(maxBytes);
        const format = formatOf(query.format, request.headers['content-type']);
        const dir = mkdtempSync(join(tmpdir(), 'ecmon-push-'));
        const name = `${platform}-${period}.${format}`;
        const file = join(dir, name);
        try {
          let seen = 0;
          await pipeline(
            (request.body as NodeJS.ReadableStream | undefined) ?? createReadStream('/dev/null'),
            new Transform({
              transform(chunk: Buffer, _enc, next) {
                seen += chunk.length;
                next(seen > maxBytes ? tooLarge(maxBytes) : null, chunk);
              },
            }),
            createWriteStream(file),
          );
          if (seen === 0)
            throw HttpProblem.badParameter('body', '', '请求体为空：请把数据文件作为 PUT 的请求体发送。');
          const id = `${platform}--${period}--${Date.now().toString(36)}`;
          const errorsFile = reportPath(id);
          const where = `${API_BASE}/feeds/reports/${id}`;
          try {
            const result = await ingestFeed(opts.store, opts.plan, file, {
              platform,
              period,
              format,
              onError: query.on_error ?? 'reject',
              errorsFile,
              sourceName: name,
              actor: `${request.actor.name}（${request.actor.via === 'token' ? '平台令牌' : '账号'}）`,
            });
            return reply.send(answer(result, where));
          } catch (e) {
            if (e instanceof FeedRejectedError)
              return reply.code(422).send({
                accepted: false,
                rows: e.rows,
                accepted_rows: 0,
                batches: [],
                errors: errorsOf(e.errors, where),
              } satisfies FeedPushResponse);
            throw e;
          }
        } finally {
          rmSync(dir, { recursive: true, force: true });
        }
      },
    );
  });

  app.get(`${API_BASE}/feeds/reports/:id`, { config: { access: report.access } }, async (request, reply) => {
    const { id } = request.params as { id: string };
    const file = reportPath(id);
    const { actor } = request;
    // Another platform's report, or none: the same 404.
    if (
      !REPORT_ID.test(id) ||
      !existsSync(file) ||
      (actor.role === 'platform' && ownerOf(id) !== actor.platform)
    )
      throw notInScope('id', id, '错误报告');
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="${id}.errors.csv"`)
      .send(createReadStream(file));
  });
}

/** A platform token pushes its own platform only (403 otherwise); administrators push any. */
function mayPush(actor: Actor, platform: string): void {
  if (actor.role === 'platform' && actor.platform !== platform)
    throw forbidden(actor, `该令牌属于平台 ${actor.platform}，不能推送平台 ${platform} 的数据。`);
}

function tooLarge(maxBytes: number): HttpProblem {
  return new HttpProblem(
    413,
    `数据文件超过服务器允许的 ${(maxBytes / 1024 ** 2).toFixed(0)} MiB：请按月份拆分后分别推送，或请管理员调高 ECMON_FEED_MAX_MB。`,
  );
}

function errorsOf(e: FeedErrorSummary, where: string): NonNullable<FeedPushResponse['errors']> {
  return { bad_rows: e.badRows, by_rule: e.byRule, first: e.first, report: where };
}

function answer(r: IngestFeedResult, where: string): FeedPushResponse {
  return {
    accepted: true,
    rows: r.rows,
    accepted_rows: r.accepted,
    batches: r.batches.map((b) => ({
      id: b.id,
      period: b.period,
      status: b.status,
      rows: b.rows,
      rejected: b.rejected,
      observations: b.observations,
    })),
    errors: r.errors ? errorsOf(r.errors, where) : null,
  };
}
