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
import type { FeedAlertSink } from '../forms/feed-alerts.js';
import type { FeedFormat } from '../ingest/feed/feed-input.js';
import type { ErrorPolicy } from '../ingest/feed/ingest-feed.js';
import type { Plan } from '../plan/plan-types.js';
import { type DeliveryAnswer, deliverFeed } from '../push/deliver-feed.js';
import type { UploadLimits } from '../push/feed-upload-store.js';
import type { Store } from '../store/open-store.js';
import { API_BASE } from './contract/api-base.js';
import { FeedPushParams, FeedPushQuery, feedPushRoutes } from './contract/auth-contract.js';
import { HttpProblem } from './http-problem.js';

export interface FeedPushOptions {
  store: Store;
  plan: Plan;
  /** Where error reports are kept (one CSV per push). */
  reportsDir: string;
  /** The largest body accepted, in bytes (default 2 GiB); also the largest resumable upload. */
  maxBytes?: number;
  /** Where 平台数据被拒收 and 指标亮红灯 alerts go (the server's FormService); none without it. */
  alerts?: FeedAlertSink;
  /** Resumable uploads: how long an untouched one is kept, how many a platform may have open. */
  uploads?: Partial<UploadLimits>;
  /** The time, for the uploads' expiry (tests). */
  clock?: () => number;
}

export const DEFAULT_MAX_BYTES = 2 * 1024 ** 3;
const REPORT_ID = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}--\d{4}-\d{2}--[a-z0-9]{1,16}$/;

/** The format from `?format=`, else from the Content-Type. */
export function formatOf(query: string | undefined, contentType: string | undefined): FeedFormat {
  if (query) return query as FeedFormat;
  const type = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (type.includes('parquet')) return 'parquet';
  if (type.includes('ndjson') || type.includes('x-ndjson')) return 'ndjson';
  if (type.includes('spreadsheetml')) return 'xlsx';
  return 'csv';
}

export function parseOr400<T>(
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
          const answer = await deliverPushed(opts, request.actor, { platform, period, format, query }, file);
          return reply.code(answer.accepted ? 200 : 422).send(answer);
        } finally {
          rmSync(dir, { recursive: true, force: true });
        }
      },
    );
  });

  app.get(`${API_BASE}/feeds/reports/:id`, { config: { access: report.access } }, async (request, reply) => {
    const { id } = request.params as { id: string };
    const file = reportFile(opts, id);
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

const reportFile = (opts: FeedPushOptions, id: string): string => join(opts.reportsDir, `${id}.errors.csv`);

/**
 * Ingests a pushed file (the PUT's body, or a resumable upload's bytes) as `ecmon ingest feed` does: the
 * error report goes to the reports directory under an id of the platform and month, the answer names it.
 */
export function deliverPushed(
  opts: FeedPushOptions,
  actor: Actor,
  spec: {
    platform: string;
    period: string;
    format: FeedFormat;
    query: { on_error?: ErrorPolicy | undefined };
  },
  file: string,
): Promise<DeliveryAnswer> {
  const id = `${spec.platform}--${spec.period}--${Date.now().toString(36)}`;
  return deliverFeed(opts, {
    platform: spec.platform,
    period: spec.period,
    format: spec.format,
    onError: spec.query.on_error ?? 'reject',
    file,
    name: `${spec.platform}-${spec.period}.${spec.format}`,
    actor: `${actor.name}（${actor.via === 'token' ? '平台令牌' : '账号'}）`,
    errorsFile: reportFile(opts, id),
    report: `${API_BASE}/feeds/reports/${id}`,
  });
}

/** A platform token pushes its own platform only (403 otherwise); administrators push any. */
export function mayPush(actor: Actor, platform: string): void {
  if (actor.role === 'platform' && actor.platform !== platform)
    throw forbidden(actor, `该令牌属于平台 ${actor.platform}，不能推送平台 ${platform} 的数据。`);
}

export function tooLarge(maxBytes: number): HttpProblem {
  return new HttpProblem(
    413,
    `数据文件超过服务器允许的 ${(maxBytes / 1024 ** 2).toFixed(0)} MiB：请按月份拆分后分别推送，或请管理员调高 ECMON_FEED_MAX_MB。`,
  );
}
