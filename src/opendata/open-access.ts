/**
 * Who may read open data how often. Anonymous clients are limited per IP address; a registered API key
 * (`X-API-Key` header, or `?api_key=`) gets its own, higher limit and the bulk downloads (a whole dataflow).
 * Over the limit the answer is 429 with `Retry-After` (seconds to the next minute). The counts are shared by
 * every server process over the store (SharedWindowLimiter). Requests with a key are also counted per key and
 * day (api_key_usage), written every few seconds and when the server closes.
 */
import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { addKeyUsage, findApiKey } from '../store/api-keys.js';
import type { Driver } from '../store/driver.js';
import { syncRateUsage } from '../store/rate-usage.js';

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

/**
 * Per-minute limits shared by every server process over one store. A request is judged in memory against
 * every process's count of the client's current minute (as last read) plus this process's own since; each
 * second `sync` adds this process's counts to the store and reads everyone's (src/store/rate-usage.ts). So the
 * hot path never waits for the store, and another process's requests count here within about a second.
 * Windows are the clock's minutes, so every process agrees where one ends. Clients are stored hashed.
 */
export class SharedWindowLimiter {
  private minute = Number.NaN;
  /** This process's requests of the current minute not yet written. */
  private pending = new Map<string, number>();
  /** Every process's requests of the current minute, as last read. */
  private counted = new Map<string, number>();
  private running: Promise<void> | null = null;
  private pruned = Number.NaN;

  constructor(
    private readonly driver: Driver,
    private readonly now: () => number = Date.now,
  ) {}

  private windowAt(t: number): number {
    const m = Math.floor(t / 60_000);
    if (m !== this.minute) {
      this.minute = m;
      this.pending = new Map();
      this.counted = new Map();
    }
    return m;
  }

  /** Takes one request; when refused, the seconds until the minute ends. */
  take(client: string, limit: number): { ok: true } | { ok: false; retryAfter: number } {
    const t = this.now();
    const m = this.windowAt(t);
    const id = createHash('sha256').update(client).digest('base64url').slice(0, 22);
    const mine = this.pending.get(id) ?? 0;
    if ((this.counted.get(id) ?? 0) + mine >= limit)
      return { ok: false, retryAfter: Math.max(1, Math.ceil(((m + 1) * 60_000 - t) / 1000)) };
    this.pending.set(id, mine + 1);
    return { ok: true };
  }

  /** Writes this process's counts and reads every process's (nothing when this minute saw no request here). */
  sync(): Promise<void> {
    this.running ??= this.write().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async write(): Promise<void> {
    const minute = this.windowAt(this.now());
    if (this.pending.size === 0 && this.counted.size === 0) return;
    const counts = this.pending;
    this.pending = new Map();
    try {
      const totals = await syncRateUsage(this.driver, minute, counts, this.pruned !== minute);
      this.pruned = minute;
      if (this.minute === minute) this.counted = totals;
    } catch (e) {
      // Not written: keep counting them here.
      if (this.minute === minute)
        for (const [id, n] of counts) this.pending.set(id, (this.pending.get(id) ?? 0) + n);
      throw e;
    }
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
  opts: { driver: Driver; limits: OpenLimits; limiter: SharedWindowLimiter; now?: () => number },
): void {
  const { limiter } = opts;
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
  const shared = setInterval(() => {
    limiter.sync().catch((e) => app.log.error({ err: e }, 'open-data request counts not shared'));
  }, 1_000);
  shared.unref();
  app.addHook('onClose', async () => {
    clearInterval(timer);
    clearInterval(shared);
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
