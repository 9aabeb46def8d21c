/**
 * Who may read open data how often. Anonymous clients are limited per IP address; a registered API key
 * (`X-API-Key` header, or `?api_key=`) gets its own, higher limit and the bulk downloads (a whole dataflow).
 * Over the limit the answer is 429 with `Retry-After` (seconds to the next window). Requests with a key are
 * counted per key and day (api_key_usage), written every few seconds and when the server closes.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { addKeyUsage, findApiKey } from '../store/api-keys.js';
import type { Driver } from '../store/driver.js';

export interface OpenLimits {
  /** Requests per minute per IP address without a key. */
  anonymousPerMinute: number;
  /** The limit of a new key unless `ecmon keys add --per-minute` says otherwise. */
  keyPerMinute: number;
}

export const DEFAULT_LIMITS: OpenLimits = { anonymousPerMinute: 120, keyPerMinute: 1200 };

export function limitsFromEnv(env: NodeJS.ProcessEnv = process.env): OpenLimits {
  const n = (v: string | undefined, d: number): number => {
    const x = Number(v);
    return v !== undefined && Number.isInteger(x) && x > 0 ? x : d;
  };
  return {
    anonymousPerMinute: n(env.ECMON_OPEN_RATE_ANON, DEFAULT_LIMITS.anonymousPerMinute),
    keyPerMinute: n(env.ECMON_OPEN_RATE_KEY, DEFAULT_LIMITS.keyPerMinute),
  };
}

/** A fixed-window counter per client: at most `limit` requests in each window of `windowMs`. */
export class FixedWindowLimiter {
  private readonly windows = new Map<string, { start: number; used: number }>();

  constructor(
    private readonly windowMs = 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** Takes one request; when refused, the seconds until the client's window ends. */
  take(client: string, limit: number): { ok: true } | { ok: false; retryAfter: number } {
    const t = this.now();
    let w = this.windows.get(client);
    if (!w || t - w.start >= this.windowMs) {
      if (this.windows.size > 50_000) this.prune(t);
      w = { start: t, used: 0 };
      this.windows.set(client, w);
    }
    if (w.used >= limit)
      return { ok: false, retryAfter: Math.max(1, Math.ceil((w.start + this.windowMs - t) / 1000)) };
    w.used++;
    return { ok: true };
  }

  private prune(t: number): void {
    for (const [k, w] of this.windows) if (t - w.start >= this.windowMs) this.windows.delete(k);
  }
}

export const OPEN_PREFIXES = ['/sdmx', '/open'];

/** Sends an RFC 9457 problem from the open-data layer. */
export function openProblem(
  reply: FastifyReply,
  request: FastifyRequest,
  status: number,
  title: string,
  detail: string,
): FastifyReply {
  return reply
    .code(status)
    .type('application/problem+json; charset=utf-8')
    .send({ type: 'about:blank', title, status, detail, instance: request.url });
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The open-data API key the request came with (its id), if any. */
    openDataKey?: string;
  }
}

export function registerOpenAccess(
  app: FastifyInstance,
  opts: { driver: Driver; limits: OpenLimits; now?: () => number },
): void {
  const limiter = new FixedWindowLimiter(60_000, opts.now);
  const keys = new Map<string, { at: number; found: { id: string; per_minute: number } | null }>();
  const usage = new Map<string, number>();
  const day = (): string => new Date(opts.now?.() ?? Date.now()).toISOString().slice(0, 10);
  let usageDay = day();
  const flush = async (): Promise<void> => {
    if (usage.size === 0) return;
    const counts = new Map(usage);
    usage.clear();
    await addKeyUsage(opts.driver, usageDay, counts);
    usageDay = day();
  };
  const timer = setInterval(() => {
    flush().catch((e) => app.log.error({ err: e }, 'api key usage not written'));
  }, 5_000);
  timer.unref();
  app.addHook('onClose', async () => {
    clearInterval(timer);
    await flush();
  });

  app.addHook('onRequest', async (request, reply) => {
    const path = request.url.split('?')[0] ?? '';
    if (!OPEN_PREFIXES.some((p) => path === p || path.startsWith(`${p}/`))) return;
    const given =
      request.headers['x-api-key'] ?? (request.query as Record<string, unknown> | undefined)?.api_key;
    let client = `ip:${request.ip}`;
    let limit = opts.limits.anonymousPerMinute;
    if (typeof given === 'string' && given !== '') {
      const t = Date.now();
      let hit = keys.get(given);
      if (!hit || t - hit.at > 60_000) {
        hit = { at: t, found: await findApiKey(opts.driver, given) };
        keys.set(given, hit);
      }
      if (!hit.found)
        return openProblem(
          reply,
          request,
          401,
          'API 密钥无效 Invalid API key',
          'API 密钥无效或已停用：请检查 X-API-Key，或向管理员申请（ecmon keys add）。',
        );
      client = `key:${hit.found.id}`;
      limit = hit.found.per_minute;
      request.openDataKey = hit.found.id;
      if (day() !== usageDay) await flush();
      usage.set(hit.found.id, (usage.get(hit.found.id) ?? 0) + 1);
    }
    const taken = limiter.take(client, limit);
    if (!taken.ok) {
      reply.header('Retry-After', String(taken.retryAfter));
      return openProblem(
        reply,
        request,
        429,
        '请求过于频繁 Too many requests',
        `${request.openDataKey ? '该 API 密钥' : '匿名访问'}每分钟最多 ${limit} 次请求，请 ${taken.retryAfter} 秒后再试${request.openDataKey ? '' : '；需要更多请申请 API 密钥'}。`,
      );
    }
  });
}
