/**
 * Signing in and out as a user meets it: the password policy, the cookie's flags, the CSRF token on every
 * change, lock-out after repeated failures (with a clock the test moves), disabling and resetting accounts,
 * the security headers and the size limits. On every engine.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../src/api/security-headers.js';
import { verifyPassword } from '../src/auth/password.js';
import { type AuthServer, openAuthServer, PASSWORD } from './support/auth-server.js';
import { engines } from './support/engines.js';

describe.each(engines())('accounts and sessions on $engine', (target) => {
  let s: AuthServer;
  let now = new Date('2026-03-02T02:00:00Z');
  beforeAll(async () => {
    s = await openAuthServer(target, () => now);
  }, 180_000);
  afterAll(async () => {
    await s?.close();
    await target.cleanup();
  });

  const login = (name: string, password: string) =>
    s.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { name, password } });

  it('stores only a salted scrypt hash: two accounts with one password have different hashes', async () => {
    await s.accounts.add({ name: 'same-a', role: 'analyst', password: PASSWORD }, 'test');
    await s.accounts.add({ name: 'same-b', role: 'analyst', password: PASSWORD }, 'test');
    const rows = await s.store.driver.query(
      "SELECT password_hash FROM accounts WHERE name IN ('same-a', 'same-b') ORDER BY name",
    );
    const [a, b] = rows.map((r) => String(r.password_hash));
    expect(a).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(a).not.toBe(b);
    expect(a).not.toContain(PASSWORD);
    expect(await verifyPassword(PASSWORD, a as string)).toBe(true);
    expect(await verifyPassword('matrix-pass-2026', a as string)).toBe(false);
  });

  it('refuses a weak password with the rule, naming the field', async () => {
    const res = await s.as('admin', 'POST', '/api/v1/users', {
      name: 'weak-one',
      role: 'analyst',
      password: 'abcdefghij',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({
      parameter: 'password',
      detail: 'password: 密码须至少 10 位，并同时包含字母和数字（当前缺少数字）',
    });
    const short = await s.as('admin', 'POST', '/api/v1/users', {
      name: 'weak-two',
      role: 'analyst',
      password: 'a1',
    });
    expect(short.json().detail).toBe('password: 密码须至少 10 位，并同时包含字母和数字（当前只有 2 位）');
  });

  it('a district account needs an area of the plan; every problem is named at once', async () => {
    const res = await s.as('admin', 'POST', '/api/v1/users', {
      name: 'Bad Name',
      role: 'district_reporter',
      areas: ['519999'],
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().detail).toBe(
      [
        'name: Bad Name — 账号名须为 3–40 位小写字母、数字、点、下划线或连字符，以字母或数字开头（例如 jinjiang-tj）',
        'areas: 519999 — 不是本规划的区划代码或片区（例如 510104（锦江区）；全市为 510100）',
      ].join('\n'),
    );
  });

  it('a body that breaks the contract is a 400 naming the field', async () => {
    const res = await s.as('admin', 'POST', '/api/v1/users', { role: 'analyst' });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ parameter: 'name', detail: '缺少字段 name' });
  });

  it('a taken name is a 409', async () => {
    const res = await s.as('admin', 'POST', '/api/v1/users', { name: 'm-analyst', role: 'analyst' });
    expect(res.statusCode).toBe(409);
    expect(res.json().detail).toBe('账号名「m-analyst」已存在：换一个账号名。');
  });

  it('signing in sets an HttpOnly, Secure, SameSite=Strict cookie and answers the CSRF token', async () => {
    const res = await login('m-analyst', PASSWORD);
    expect(res.statusCode).toBe(200);
    expect(String(res.headers['set-cookie'])).toMatch(
      /^ecmon_session=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; Secure; SameSite=Strict; Max-Age=43200$/,
    );
    expect(res.json()).toMatchObject({
      signed_in: true,
      account: { name: 'm-analyst', role: 'analyst' },
      csrf_token: expect.stringMatching(/^[A-Za-z0-9_-]{32}$/),
    });
    const stored = await s.store.driver.query('SELECT token_hash FROM sessions');
    const cookie = String(res.headers['set-cookie']).split(';')[0]?.split('=')[1] as string;
    expect(stored.map((r) => r.token_hash)).not.toContain(cookie);
  });

  it('a change without the session’s CSRF token is refused, with it allowed', async () => {
    const { cookie, csrf } = await s.signIn('m-admin');
    const body = { name: 'csrf-check', role: 'analyst' };
    const none = await s.app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: { cookie: cookie as string },
      payload: body,
    });
    expect(none.statusCode).toBe(403);
    expect(none.json().detail).toContain('CSRF');
    const wrong = await s.app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: { cookie: cookie as string, 'x-csrf-token': 'x'.repeat(32) },
      payload: body,
    });
    expect(wrong.statusCode).toBe(403);
    const right = await s.app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: { cookie: cookie as string, 'x-csrf-token': csrf as string },
      payload: body,
    });
    expect(right.statusCode).toBe(200);
    expect(right.json().password).toMatch(/^[A-Za-z0-9]{16}$/);
  });

  it('a wrong password reads the same as an unknown account', async () => {
    const wrong = await login('m-analyst', 'not-the-pass-1');
    const unknown = await login('no-such-user', 'not-the-pass-1');
    expect([wrong.statusCode, unknown.statusCode]).toEqual([401, 401]);
    expect(wrong.json().detail).toBe(unknown.json().detail);
  });

  it('five wrong passwords lock the account for 15 minutes, saying until when; then it opens again', async () => {
    await s.accounts.add({ name: 'lock-me', role: 'analyst', password: PASSWORD }, 'test');
    for (let i = 0; i < 5; i++) expect((await login('lock-me', `wrong-pass-${i}x`)).statusCode).toBe(401);
    const locked = await login('lock-me', PASSWORD);
    expect(locked.statusCode).toBe(429);
    expect(locked.headers['retry-after']).toBe('900');
    // 02:00 UTC is 10:00 in Beijing: locked until 10:15.
    expect(locked.json().detail).toBe(
      '连续 5 次密码错误，账号已锁定，请于 10:15（北京时间，约 15 分钟后）重试；急需使用请联系系统管理员重置密码。',
    );
    now = new Date('2026-03-02T02:15:01Z');
    expect((await login('lock-me', PASSWORD)).statusCode).toBe(200);
  });

  it('one address failing too often must wait, whatever names it tries', async () => {
    now = new Date('2026-03-02T04:00:00Z');
    const tries = [];
    for (let i = 0; i < 21; i++) tries.push((await login(`nobody-${i}`, 'wrong-pass-1x')).statusCode);
    expect(tries.slice(0, 20).every((c) => c === 401)).toBe(true);
    expect(tries[20]).toBe(429);
    now = new Date('2026-03-02T04:10:01Z');
    expect((await login('m-analyst', PASSWORD)).statusCode).toBe(200);
  });

  it('signing out ends the session: the cookie no longer signs anyone in', async () => {
    const { cookie, csrf } = await s.signIn('m-analyst');
    const out = await s.app.inject({
      method: 'POST',
      url: '/api/v1/auth/logout',
      headers: { cookie: cookie as string, 'x-csrf-token': csrf as string },
    });
    expect(out.statusCode).toBe(200);
    expect(String(out.headers['set-cookie'])).toContain('Max-Age=0');
    const after = await s.app.inject({ url: '/api/v1/users', headers: { cookie: cookie as string } });
    expect(after.statusCode).toBe(401);
    const session = await s.app.inject({
      url: '/api/v1/auth/session',
      headers: { cookie: cookie as string },
    });
    expect(session.json()).toEqual({
      signed_in: false,
      account: null,
      csrf_token: null,
      demo_accounts: false,
    });
  });

  it('a session expires after 12 hours', async () => {
    now = new Date('2026-03-03T00:00:00Z');
    const { cookie } = await s.signIn('m-analyst');
    now = new Date('2026-03-03T12:00:01Z');
    const res = await s.app.inject({ url: '/api/v1/auth/session', headers: { cookie: cookie as string } });
    expect(res.json().signed_in).toBe(false);
  });

  it('disabling an account ends its sessions and refuses its sign-in; an administrator cannot disable himself', async () => {
    now = new Date('2026-03-04T00:00:00Z');
    // The callers' sessions of 2 March have expired: sign in again.
    for (const key of ['admin', 'analyst'] as const) s.credentials.set(key, await s.signIn(`m-${key}`));
    await s.accounts.add({ name: 'leaver', role: 'analyst', password: PASSWORD }, 'test');
    const { cookie } = await s.signIn('leaver');
    expect((await s.as('admin', 'PUT', '/api/v1/users/leaver/disabled', { disabled: true })).statusCode).toBe(
      200,
    );
    expect(
      (await s.app.inject({ url: '/api/v1/auth/session', headers: { cookie: cookie as string } })).json()
        .signed_in,
    ).toBe(false);
    const again = await login('leaver', PASSWORD);
    expect(again.statusCode).toBe(403);
    expect(again.json().detail).toBe('该账号已停用，请联系系统管理员。');
    const self = await s.as('admin', 'PUT', '/api/v1/users/m-admin/disabled', { disabled: true });
    expect(self.statusCode).toBe(400);
  });

  it('a reset password is shown once and works; the old one does not', async () => {
    await s.accounts.add({ name: 'forgetful', role: 'analyst', password: PASSWORD }, 'test');
    const res = await s.as('admin', 'POST', '/api/v1/users/forgetful/password', {});
    const { password } = res.json();
    expect(password).toMatch(/^[A-Za-z0-9]{16}$/);
    expect((await login('forgetful', PASSWORD)).statusCode).toBe(401);
    expect((await login('forgetful', password)).statusCode).toBe(200);
  });

  it('a platform token: stored hashed, refused once revoked by a new one, and a wrong token is 401', async () => {
    const made = await s.accounts.add({ name: 'pf-feed', role: 'platform', platform: 'pf-mall' }, 'test');
    expect(made.token).toMatch(/^ecmon_pf-mall_[A-Za-z0-9_-]{32}$/);
    const rows = await s.store.driver.query('SELECT token_hash FROM api_tokens');
    expect(rows.map((r) => r.token_hash)).not.toContain(made.token);
    const session = (token: string) =>
      s.app.inject({ url: '/api/v1/auth/session', headers: { authorization: `Bearer ${token}` } });
    expect((await session(made.token as string)).json().account.platform).toBe('pf-mall');
    const renewed = await s.accounts.resetPassword('pf-feed');
    expect((await session(made.token as string)).statusCode).toBe(401);
    expect((await session(renewed.token as string)).statusCode).toBe(200);
    const wrong = await session('ecmon_pf-mall_not-a-token');
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json().detail).toBe('令牌无效或已被撤销：请向系统管理员索取新的令牌。');
  });

  it('sends the security headers on pages and API answers', async () => {
    for (const url of ['/api/v1/meta', '/api/v1/users', '/nowhere']) {
      const res = await s.app.inject({ url });
      expect(res.headers['content-security-policy'], url).toBe(CONTENT_SECURITY_POLICY);
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['referrer-policy']).toBe('same-origin');
      expect(res.headers['x-frame-options']).toBe('DENY');
    }
    expect(CONTENT_SECURITY_POLICY).toContain("frame-ancestors 'none'");
    const signedIn = await s.as('analyst', 'GET', '/api/v1/meta');
    expect(signedIn.headers['cache-control']).toBe('private, no-store');
  });

  it('refuses a JSON body over 256 KiB and a pushed feed over the limit with 413, without a trace', async () => {
    const big = await s.as('admin', 'POST', '/api/v1/users', { name: 'x'.repeat(300_000), role: 'analyst' });
    expect(big.statusCode).toBe(413);
    const feed = await s.as('simMall', 'PUT', '/api/v1/feeds/sim-mall/2021-03', 'a'.repeat(70 * 1024), {
      'content-type': 'text/csv',
    });
    expect(feed.statusCode).toBe(413);
    expect(feed.json().detail).toContain('请按月份拆分后分别推送');
    for (const r of [big, feed]) expect(r.body).not.toMatch(/\n\s+at |\/tmp\/|node_modules/);
  });
});
