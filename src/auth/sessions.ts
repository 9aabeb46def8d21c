/**
 * Signing in and out, and who a request comes from: a session cookie (people, in the web app) or a bearer
 * token (platforms pushing feeds). Failed sign-ins lock the account for a while and are limited per client
 * address; the session's CSRF token comes back with the sign-in and must accompany every state-changing
 * request (src/auth/enforce-access.ts).
 */
import { randomBytes } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { HttpProblem } from '../api/http-problem.js';
import type { Driver, Row } from '../store/driver.js';
import type { Actor } from './access.js';
import { type Account, type Accounts, sha256 } from './accounts.js';
import type { Caller } from './enforce-access.js';
import { verifyPassword } from './password.js';

export const SESSION_COOKIE = 'ecmon_session';

export interface SignInPolicy {
  /** Consecutive failures that lock an account. */
  maxFailures: number;
  lockMinutes: number;
  /** Failed sign-ins one client address may make per window before it must wait. */
  maxFailuresPerAddress: number;
  addressWindowMinutes: number;
  sessionHours: number;
}

export const DEFAULT_SIGN_IN_POLICY: SignInPolicy = {
  maxFailures: 5,
  lockMinutes: 15,
  maxFailuresPerAddress: 20,
  addressWindowMinutes: 10,
  sessionHours: 12,
};

/** A time as the people in Chengdu read it: `14:05`. */
const beijingTime = (t: Date): string => new Date(t.getTime() + 8 * 3600_000).toISOString().slice(11, 16);

function tooMany(detail: string, until: Date, now: Date): HttpProblem {
  const seconds = Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 1000));
  return new HttpProblem(429, detail).withHeader('Retry-After', String(seconds));
}

const WRONG = '账号或密码错误。请检查后重试；连续输错多次账号会被暂时锁定，忘记密码请联系系统管理员重置。';

export interface SignedIn {
  account: Account;
  actor: Actor;
  /** The cookie's value (sent once, stored only hashed). */
  token: string;
  csrfToken: string;
  expiresAt: Date;
}

export class Sessions {
  private readonly failuresByAddress = new Map<string, number[]>();

  constructor(
    private readonly driver: Driver,
    private readonly accounts: Accounts,
    private readonly now: () => Date = () => new Date(),
    readonly policy: SignInPolicy = DEFAULT_SIGN_IN_POLICY,
  ) {}

  /**
   * Signs in with a name and password: a session, or 401 (wrong name or password, worded the same either
   * way), 403 (disabled), 429 (locked, or too many failures from this address; `Retry-After` says when).
   */
  async signIn(name: string, password: string, address: string): Promise<SignedIn> {
    const now = this.now();
    const p = this.policy;
    const window = now.getTime() - p.addressWindowMinutes * 60_000;
    const recent = (this.failuresByAddress.get(address) ?? []).filter((t) => t > window);
    if (recent.length >= p.maxFailuresPerAddress) {
      const until = new Date((recent[0] as number) + p.addressWindowMinutes * 60_000);
      throw tooMany(`本机登录失败次数过多，请于 ${beijingTime(until)}（北京时间）后重试。`, until, now);
    }
    const account = await this.accounts.byName(name);
    if (account?.lockedUntil && new Date(account.lockedUntil) > now) {
      const until = new Date(account.lockedUntil);
      const minutes = Math.ceil((until.getTime() - now.getTime()) / 60_000);
      throw tooMany(
        `连续 ${p.maxFailures} 次密码错误，账号已锁定，请于 ${beijingTime(until)}（北京时间，约 ${minutes} 分钟后）重试；急需使用请联系系统管理员重置密码。`,
        until,
        now,
      );
    }
    const [row] = account
      ? await this.driver.query('SELECT password_hash, failed_logins FROM accounts WHERE id = $1', [
          account.id,
        ])
      : [];
    const ok = await verifyPassword(password, (row?.password_hash as string | null | undefined) ?? null);
    if (!ok || !account || !row) {
      this.failuresByAddress.set(address, [...recent, now.getTime()]);
      this.forgetOldFailures(window);
      if (account && row) {
        const failures = Number(row.failed_logins) + 1;
        const locks = failures >= p.maxFailures;
        await this.driver.query('UPDATE accounts SET failed_logins = $1, locked_until = $2 WHERE id = $3', [
          locks ? 0 : failures,
          locks ? new Date(now.getTime() + p.lockMinutes * 60_000).toISOString() : null,
          account.id,
        ]);
      }
      throw new HttpProblem(401, WRONG);
    }
    if (account.disabled) throw new HttpProblem(403, '该账号已停用，请联系系统管理员。');
    await this.driver.query('UPDATE accounts SET failed_logins = 0, locked_until = NULL WHERE id = $1', [
      account.id,
    ]);
    await this.driver.query('DELETE FROM sessions WHERE expires_at < $1', [now.toISOString()]);
    const token = randomBytes(32).toString('base64url');
    const csrfToken = randomBytes(24).toString('base64url');
    const expiresAt = new Date(now.getTime() + p.sessionHours * 3600_000);
    await this.driver.query(
      'INSERT INTO sessions (token_hash, account_id, csrf_token, created_at, expires_at, ip) VALUES ($1, $2, $3, $4, $5, $6)',
      [sha256(token), account.id, csrfToken, now.toISOString(), expiresAt.toISOString(), address],
    );
    return { account, actor: this.accounts.actorOf(account, 'session'), token, csrfToken, expiresAt };
  }

  /** Keeps the per-address failures bounded: addresses with no failure in the window are dropped. */
  private forgetOldFailures(window: number): void {
    if (this.failuresByAddress.size < 10_000) return;
    for (const [address, times] of this.failuresByAddress)
      if (!times.some((t) => t > window)) this.failuresByAddress.delete(address);
  }

  async signOut(token: string): Promise<void> {
    await this.driver.query('DELETE FROM sessions WHERE token_hash = $1', [sha256(token)]);
  }

  /** The caller of a request: its session cookie, else its bearer token, else nobody (the public). */
  async callerOf(request: FastifyRequest): Promise<Caller | null> {
    const auth = request.headers.authorization;
    if (auth?.startsWith('Bearer ')) return this.tokenCaller(auth.slice(7).trim());
    const token = sessionToken(request);
    if (!token) return null;
    const [row] = await this.driver.query(
      `SELECT s.account_id, s.csrf_token, s.expires_at FROM sessions s JOIN accounts a ON a.id = s.account_id
       WHERE s.token_hash = $1 AND NOT a.disabled`,
      [sha256(token)],
    );
    if (!row || String(row.expires_at) < this.now().toISOString()) return null;
    return this.callerFor(row, 'session');
  }

  private async tokenCaller(token: string): Promise<Caller | null> {
    if (!token) return null;
    const [row] = await this.driver.query(
      `SELECT t.account_id FROM api_tokens t JOIN accounts a ON a.id = t.account_id
       WHERE t.token_hash = $1 AND t.revoked_at IS NULL AND NOT a.disabled`,
      [sha256(token)],
    );
    // A bearer token that is wrong is not the public: it is refused, so a typo is not mistaken for access.
    if (!row) throw new HttpProblem(401, '令牌无效或已被撤销：请向系统管理员索取新的令牌。');
    return this.callerFor(row, 'token');
  }

  private async callerFor(row: Row, via: Actor['via']): Promise<Caller | null> {
    const account = await this.accounts.byId(String(row.account_id));
    if (!account) return null;
    return {
      actor: this.accounts.actorOf(account, via),
      csrfToken: via === 'session' ? String(row.csrf_token) : null,
    };
  }
}

/** The session cookie's value in a request, if any. */
export function sessionToken(request: FastifyRequest): string | null {
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === SESSION_COOKIE) return v.join('=') || null;
  }
  return null;
}

/**
 * The Set-Cookie value: HttpOnly (no script reads it), Secure (HTTPS only; browsers count http://localhost
 * as secure), SameSite=Strict (never sent from another site's page).
 */
export function sessionCookie(token: string, maxAgeSeconds: number): string {
  return `${SESSION_COOKIE}=${token}; Path=/; HttpOnly; Secure; SameSite=Strict; Max-Age=${maxAgeSeconds}`;
}
