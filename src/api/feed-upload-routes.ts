/**
 * The resumable push of a large feed file (docs/push.md), in the manner of tus:
 *
 * - `POST /api/v1/feeds/{platform}/{period}/uploads` with `Upload-Length: <bytes>` (and `?format=`,
 *   `?on_error=` as for the PUT) → 201, `Location` of the upload, `Upload-Offset: 0`;
 * - `PATCH …/uploads/{id}` with `Upload-Offset: <n>` and a chunk as the body → the new offset; the chunk that
 *   brings the last byte ingests the file exactly as the single PUT does, and the answer carries the result
 *   (200 accepted, 422 refused);
 * - `HEAD` (or `GET`) `…/uploads/{id}` → `Upload-Offset`: where an interrupted client resumes;
 * - `DELETE …/uploads/{id}` abandons it.
 *
 * A token sees only its own platform's uploads: any other answers 404, like one that does not exist. An
 * offset other than the server's is 409 with the server's offset in `Upload-Offset`.
 */
import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { type Actor, notInScope } from '../auth/access.js';
import { DEFAULT_UPLOAD_LIMITS, FeedUploadStore, type UploadRecord } from '../push/feed-upload-store.js';
import { API_BASE } from './contract/api-base.js';
import {
  FeedPushParams,
  FeedPushQuery,
  FeedUploadParams,
  type FeedUploadStatus,
  feedUploadRoutes,
} from './contract/auth-contract.js';
import {
  DEFAULT_MAX_BYTES,
  deliverPushed,
  type FeedPushOptions,
  formatOf,
  mayPush,
  parseOr400,
  tooLarge,
} from './feed-push-route.js';
import { HttpProblem } from './http-problem.js';

const fastifyPath = (path: string): string => path.replace(/\{(\w+)\}/g, ':$1');

/** A byte count from a header: a non-negative integer, else 400 naming the header. */
function bytesHeader(request: FastifyRequest, name: string): number {
  const raw = request.headers[name.toLowerCase()];
  const text = Array.isArray(raw) ? raw[0] : raw;
  if (text === undefined || !/^\d{1,15}$/.test(text))
    throw HttpProblem.badParameter(
      name,
      text ?? null,
      `缺少或无效的请求头 ${name}：应为非负整数（字节数），见 ${API_BASE}/docs`,
    );
  return Number(text);
}

export function registerFeedUploads(app: FastifyInstance, opts: FeedPushOptions): void {
  const maxBytes = opts.maxBytes ?? DEFAULT_MAX_BYTES;
  const uploads = new FeedUploadStore(
    `${opts.reportsDir}/uploads`,
    { ...DEFAULT_UPLOAD_LIMITS, ...opts.uploads },
    opts.clock,
  );
  // Abandoned uploads go within the hour even when nobody starts a new one.
  const sweeper = setInterval(() => uploads.sweep(), 3600_000);
  sweeper.unref();
  app.addHook('onClose', async () => clearInterval(sweeper));

  /** The upload the URL names, if the caller may touch it; else 404, as for one that does not exist. */
  const mine = (request: FastifyRequest): UploadRecord => {
    const { platform, period, id } = parseOr400(FeedUploadParams, request.params);
    const r = uploads.find(id);
    const { actor } = request;
    if (
      !r ||
      r.platform !== platform ||
      r.period !== period ||
      (actor.role === 'platform' && actor.platform !== r.platform)
    )
      throw notInScope('id', id, '上传');
    return r;
  };

  const send = (reply: FastifyReply, s: FeedUploadStatus, code = 200): FastifyReply =>
    reply
      .code(code)
      .header('cache-control', 'no-store')
      .header('upload-offset', String(s.offset))
      .header('upload-length', String(s.length))
      .send(s);

  /** Ingests a complete upload, once: its answer is kept with it. */
  const ingest = async (actor: Actor, r: UploadRecord): Promise<UploadRecord> => {
    const answer = await deliverPushed(
      opts,
      actor,
      { platform: r.platform, period: r.period, format: r.format, query: { on_error: r.on_error } },
      uploads.partFile(r.id),
    );
    return uploads.finish(r, { status: answer.accepted ? 200 : 422, body: answer });
  };

  const { create, status, append, cancel } = feedUploadRoutes;
  app.register(async (sub) => {
    // A chunk is bytes, whatever its type: streamed to the upload's file, not parsed.
    sub.removeAllContentTypeParsers();
    sub.addContentTypeParser('*', (_request, payload, done) => done(null, payload));

    sub.post(fastifyPath(create.path), { config: { access: create.access } }, async (request, reply) => {
      const { platform, period } = parseOr400(FeedPushParams, request.params);
      const query = parseOr400(FeedPushQuery, request.query);
      mayPush(request.actor, platform);
      const length = bytesHeader(request, 'Upload-Length');
      if (length === 0)
        throw HttpProblem.badParameter('Upload-Length', '0', 'Upload-Length 为 0：数据文件不能为空。');
      if (length > maxBytes) throw tooLarge(maxBytes);
      const r = uploads.create({
        platform,
        period,
        format: formatOf(query.format, request.headers['content-type']),
        on_error: query.on_error ?? 'reject',
        length,
        created_by: request.actor.name,
      });
      reply.header('location', `${API_BASE}/feeds/${platform}/${period}/uploads/${r.id}`);
      return send(reply, uploads.status(r), 201);
    });

    sub.get(fastifyPath(status.path), { config: { access: status.access } }, async (request, reply) => {
      const r = mine(request);
      return send(reply, uploads.status(r), r.answer?.status ?? 200);
    });

    sub.patch(fastifyPath(append.path), { config: { access: append.access } }, async (request, reply) => {
      const r = mine(request);
      const offset = bytesHeader(request, 'Upload-Offset');
      const body = request.body as NodeJS.ReadableStream | undefined;
      return uploads.exclusive(r, async () => {
        // As it is now that this request holds it (another may have finished it meanwhile).
        const now = uploads.find(r.id);
        if (!now) throw notInScope('id', r.id, '上传');
        await uploads.append(now, offset, body ?? Readable.from([]));
        // The last byte is in (or a retry at the final offset): ingest, once.
        const done =
          uploads.offset(now) === now.length && !now.answer ? await ingest(request.actor, now) : now;
        return send(reply, uploads.status(done), done.answer?.status ?? 200);
      });
    });

    sub.delete(fastifyPath(cancel.path), { config: { access: cancel.access } }, async (request, reply) => {
      const r = mine(request);
      return uploads.exclusive(r, async () => {
        uploads.remove(r.id);
        return reply.code(204).send();
      });
    });
  });
}
