/**
 * `ecmon users` as an administrator runs it: on the database file directly, and forwarded to a running
 * `ecmon serve` (which holds the file); the accounts it makes sign in to that server, and a platform token
 * it prints pushes a feed. The built CLI in child processes, on DuckDB.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ecmonOn } from './support/ecmon-cli.js';
import { feedCsv, feedRow } from './support/feed-rows.js';

const dir = mkdtempSync(join(tmpdir(), 'ecmon-users-cli-'));
const db = join(dir, 'store.duckdb');
const serveFile = `${db}.serve.json`;

const ecmon = ecmonOn(db);

const secretIn = (text: string, label: string): string =>
  new RegExp(`${label}[^：]*：(\\S+)`).exec(text)?.[1] ?? '';

describe('ecmon users', () => {
  let server: ChildProcess | undefined;
  let url = '';
  let jinjiangPassword = '';

  beforeAll(async () => {
    expect((await ecmon(['init'])).code).toBe(0);
  }, 240_000);
  afterAll(() => {
    if (server && server.exitCode === null) server.kill('SIGKILL');
  });

  it('adds a district account with a generated password shown once', async () => {
    const r = await ecmon(['users', 'add', 'jinjiang-tj', '--role', 'district_reporter', '--area', '510104']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('已新建账号 jinjiang-tj（区县填报员，范围 510104）');
    jinjiangPassword = secretIn(r.stdout, '初始密码');
    expect(jinjiangPassword).toMatch(/^[A-Za-z0-9]{16}$/);
  }, 240_000);

  it('records account changes in the audit log: who, from the command line, old → new, why', async () => {
    const change = (role: string, reason: string) =>
      ecmon([
        'users',
        'set-scope',
        'jinjiang-tj',
        '--role',
        role,
        '--area',
        '510104',
        '--actor',
        'ops',
        '--reason',
        reason,
      ]);
    expect((await change('district_reviewer', '临时代审')).code).toBe(0);
    expect((await change('district_reporter', '恢复填报')).code).toBe(0);
    const r = await ecmon([
      'audit',
      '--what',
      'setting',
      '--subject',
      'account:jinjiang-tj',
      '--format',
      'csv',
    ]);
    expect(r.code, r.stderr).toBe(0);
    const rows = r.stdout
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => l.split(',').slice(2));
    expect(rows.map((c) => [c[1], c[2], c[3], c[7], c[8], c[9]])).toEqual([
      ['cli', 'setting', 'account:jinjiang-tj', '', 'role=district_reporter areas=510104', ''],
      [
        'cli',
        'setting',
        'account:jinjiang-tj',
        'role=district_reporter areas=510104',
        'role=district_reviewer areas=510104',
        '临时代审',
      ],
      [
        'cli',
        'setting',
        'account:jinjiang-tj',
        'role=district_reviewer areas=510104',
        'role=district_reporter areas=510104',
        '恢复填报',
      ],
    ]);
    expect(rows.slice(1).map((c) => c[0])).toEqual(['ops', 'ops']);
  }, 240_000);

  it('refuses an account without the scope its role needs, naming the option, and writes nothing', async () => {
    const r = await ecmon([
      'users',
      'add',
      'nowhere-tj',
      '--role',
      'district_reviewer',
      '--password',
      'short',
    ]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      'areas: 区县审核员须指定负责的区划（区县代码、片区或全市 510100）（例如 --area 510104）',
    );
    expect(r.stderr).toContain('password: 密码须至少 10 位，并同时包含字母和数字（当前只有 5 位）');
    expect((await ecmon(['users', 'list', '--format', 'csv'])).stdout).not.toContain('nowhere-tj');
  }, 240_000);

  it('lists accounts with role and scope', async () => {
    const r = await ecmon(['users', 'list', '--format', 'csv']);
    expect(r.stdout.split('\n')[0]).toBe('name,displayName,role,scope,state,demo,createdAt');
    expect(r.stdout).toContain('jinjiang-tj,jinjiang-tj,district_reporter,510104,正常,false,');
  }, 240_000);

  describe('with ecmon serve holding the database', () => {
    beforeAll(async () => {
      server = spawn('node', ['bin/ecmon.js', '--db', db, 'serve', '--port', '0'], {
        stdio: 'ignore',
        env: { ...process.env, ECMON_FEED_REPORTS: join(dir, 'reports') },
      });
      // The serve file appears once the server listens (written whole, then read).
      for (
        let i = 0;
        i < 1200 && !(existsSync(serveFile) && readFileSync(serveFile, 'utf8').endsWith('}'));
        i++
      )
        await new Promise((r) => setTimeout(r, 100));
      url = (JSON.parse(readFileSync(serveFile, 'utf8')) as { url: string }).url;
    }, 240_000);

    const signIn = (name: string, password: string) =>
      fetch(`${url}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name, password }),
      });

    it('the server runs the commands; the account signs in there', async () => {
      const r = await ecmon(['users', 'list']);
      expect(r.stderr).toContain('命令交由该服务器执行');
      expect(r.stdout).toContain('jinjiang-tj');
      const res = await signIn('jinjiang-tj', jinjiangPassword);
      expect(res.status).toBe(200);
      expect(res.headers.get('set-cookie')).toContain('HttpOnly; Secure; SameSite=Strict');
    }, 240_000);

    it('disable refuses the sign-in; reset-password gives a new one; enable lets it in again', async () => {
      expect((await ecmon(['users', 'disable', 'jinjiang-tj'])).stdout).toContain('已停用账号 jinjiang-tj');
      expect((await signIn('jinjiang-tj', jinjiangPassword)).status).toBe(403);
      const reset = await ecmon(['users', 'reset-password', 'jinjiang-tj']);
      const fresh = secretIn(reset.stdout, '新密码');
      expect(fresh).toMatch(/^[A-Za-z0-9]{16}$/);
      await ecmon(['users', 'enable', 'jinjiang-tj']);
      expect((await signIn('jinjiang-tj', jinjiangPassword)).status).toBe(401);
      expect((await signIn('jinjiang-tj', fresh)).status).toBe(200);
    }, 240_000);

    it('a platform account’s token, printed once, pushes that platform’s feed and no other', async () => {
      const r = await ecmon([
        'users',
        'add',
        'sim-mall-feed',
        '--role',
        'platform',
        '--platform',
        'sim-mall',
      ]);
      const token = secretIn(r.stdout, '平台令牌');
      expect(token).toMatch(/^ecmon_sim-mall_/);
      const body = readFileSync(feedCsv([feedRow('S1'), feedRow('S2')]));
      const push = (platform: string) =>
        fetch(`${url}/api/v1/feeds/${platform}/2021-03`, {
          method: 'PUT',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv' },
          body,
        });
      const ok = await push('sim-mall');
      expect(ok.status).toBe(200);
      const answer = (await ok.json()) as { batches: { period: string; status: string; rows: number }[] };
      expect(answer.batches.map((b) => [b.period, b.status, b.rows])).toEqual([['2021-03', 'published', 2]]);
      expect((await push('other-mall')).status).toBe(403);
    }, 240_000);
  });
});
