/**
 * Every write of a setting is in the audit log with who, from where, old → new and why: account changes over
 * the admin API (add, role and area change, disable, password reset), API keys added and revoked, and plan
 * loads that change a target or a publication policy (an unchanged reload writes nothing). No password or
 * key ever reaches an audit row. On every engine.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Plan } from '../src/plan/plan-types.js';
import { addApiKey, disableApiKey } from '../src/store/api-keys.js';
import { savePlan } from '../src/store/plan-repository.js';
import { type AuditRow, queryAudit } from '../src/store/write/audit-log.js';
import { type AuthServer, openAuthServer } from './support/auth-server.js';
import { PLAN_FILE } from './support/dashboard-store.js';
import { engines } from './support/engines.js';

const row = (r: AuditRow): string =>
  [r.actor, r.via, r.what, r.subject, r.old_value ?? '—', r.new_value ?? '—', r.reason ?? ''].join(' | ');

describe.each(engines())('settings in the audit log on $engine', (target) => {
  let s: AuthServer;
  let seq = 0;
  /** The setting rows written since the last call. */
  const newRows = async (): Promise<string[]> => {
    const rows = (await queryAudit(s.store.driver, s.store.dialect, { what: 'setting', limit: 5000 })).filter(
      (r) => r.seq > seq,
    );
    seq = Math.max(seq, ...rows.map((r) => r.seq));
    return rows.map(row);
  };

  beforeAll(async () => {
    s = await openAuthServer(target);
    await newRows();
  });
  afterAll(async () => {
    await s.close();
    await target.cleanup();
  });

  it('an administrator’s account changes over the API: who, from an account, old → new, why; never the password', async () => {
    const add = await s.as('admin', 'POST', '/api/v1/users', {
      name: 's-new',
      role: 'district_reporter',
      areas: ['510104'],
      password: 'Secret-pass-2026',
      reason: '新进统计员',
    });
    expect(add.statusCode, add.body).toBe(200);
    const scope = await s.as('admin', 'PUT', '/api/v1/users/s-new/scope', {
      role: 'district_reviewer',
      areas: ['510104', '510105'],
      reason: '调任审核岗',
    });
    expect(scope.statusCode, scope.body).toBe(200);
    expect(scope.json()).toMatchObject({ role: 'district_reviewer', areas: ['510104', '510105'] });
    await s.as('admin', 'PUT', '/api/v1/users/s-new/disabled', { disabled: true, reason: '离岗' });
    // Disabled again: nothing changes, nothing is written.
    await s.as('admin', 'PUT', '/api/v1/users/s-new/disabled', { disabled: true });
    await s.as('admin', 'POST', '/api/v1/users/s-new/password', {
      password: 'Other-pass-2027',
      reason: '本人申请',
    });
    expect(await newRows()).toEqual([
      'm-admin | account | setting | account:s-new | — | role=district_reporter areas=510104 | 新进统计员',
      'm-admin | account | setting | account:s-new | role=district_reporter areas=510104 | role=district_reviewer areas=510104,510105 | 调任审核岗',
      'm-admin | account | setting | account:s-new | disabled=false | disabled=true | 离岗',
      'm-admin | account | setting | account:s-new | — | password=reset | 本人申请',
    ]);
    const all = JSON.stringify(await queryAudit(s.store.driver, s.store.dialect, { limit: 5000 }));
    expect(all).not.toContain('Secret-pass-2026');
    expect(all).not.toContain('Other-pass-2027');
  });

  it('the audit route answers them by kind and subject to the bureau, never to a district', async () => {
    const q = '/api/v1/audit?what=setting&subject=account:s-new';
    const rows = (await s.as('analyst', 'GET', q)).json().rows;
    expect(rows.map((r: { new_value: string }) => r.new_value)).toEqual([
      'role=district_reporter areas=510104',
      'role=district_reviewer areas=510104,510105',
      'disabled=true',
      'password=reset',
    ]);
    expect((await s.as('jinjiangReviewer', 'GET', q)).json().rows).toEqual([]);
  });

  it('an API key added and revoked, from the command line; the key itself is never stored', async () => {
    const by = { actor: 'ops', via: 'cli' as const, reason: '区数据局申请' };
    const k = await addApiKey(s.store.driver, { name: '区数据局', perMinute: 120, by });
    expect(await disableApiKey(s.store.driver, k.id, { ...by, reason: '停止合作' })).toBe(true);
    expect(await newRows()).toEqual([
      `ops | cli | setting | api_key:${k.id} | — | name=区数据局 per_minute=120 | 区数据局申请`,
      `ops | cli | setting | api_key:${k.id} | disabled=false | disabled=true | 停止合作`,
    ]);
    expect(JSON.stringify(await queryAudit(s.store.driver, s.store.dialect))).not.toContain(k.key);
  });

  it('a plan reload writes nothing unless a target or publication policy changes; then each change, old → new', async () => {
    await savePlan(s.store.driver, s.store.dialect, s.plan, PLAN_FILE);
    // Same settings from another file: the plan is stored again, but no setting changed.
    await savePlan(s.store.driver, s.store.dialect, s.plan, `${PLAN_FILE}.copy`);
    expect(await newRows()).toEqual([]);
    const changed: Plan = {
      ...s.plan,
      publication: { ...s.plan.publication, feed: 'on_approval' },
      indicators: s.plan.indicators.map((i) =>
        i.id === 'online_retail_sales' ? { ...i, targets: i.targets.map((t) => ({ ...t, value: 8500 })) } : i,
      ),
    };
    await savePlan(s.store.driver, s.store.dialect, changed, PLAN_FILE, {
      actor: 'ops',
      via: 'cli',
      reason: '中期评估后调整',
    });
    expect(await newRows()).toEqual([
      `ops | cli | setting | plan:${s.plan.id}:target:online_retail_sales:510100:2025 | >= 8000 亿元 | >= 8500 亿元 | 中期评估后调整`,
      `ops | cli | setting | plan:${s.plan.id}:publication:feed | ${s.plan.publication?.feed ?? 'on_commit'} | on_approval | 中期评估后调整`,
    ]);
  });
});
