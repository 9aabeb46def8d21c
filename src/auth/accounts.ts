/**
 * Accounts: who may sign in, with which role and scope (areas, enterprises, a platform). Created, listed,
 * disabled and reset by an administrator (`ecmon users`, the 用户管理 page); the password is stored only
 * as a scrypt hash, a platform's token only as its SHA-256.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { usccProblem } from '../domain/uscc.js';
import { type Problem, UserError } from '../domain/user-error.js';
import type { Plan } from '../plan/plan-types.js';
import type { Driver, Row } from '../store/driver.js';
import { dialectOf } from '../store/engines.js';
import { appendAudit, type SettingWriter, settingAudit, writerOf } from '../store/write/audit-log.js';
import {
  ACCOUNT_ROLES,
  type AccountRole,
  type Actor,
  CITY_ROLES,
  DISTRICT_ROLES,
  ROLE_LABELS,
} from './access.js';
import { generatePassword, hashPassword, passwordProblem } from './password.js';

export interface Account {
  id: string;
  name: string;
  displayName: string;
  role: AccountRole;
  /** Area codes or zone ids as granted (district roles). */
  areas: string[];
  /** 统一社会信用代码 (enterprise reporters). */
  enterprises: string[];
  platform: string | null;
  demo: boolean;
  disabled: boolean;
  /** ISO time until which sign-in is refused after repeated failures; null when not locked. */
  lockedUntil: string | null;
  createdAt: string;
  createdBy: string;
}

export interface NewAccount {
  name: string;
  displayName?: string;
  role: string;
  areas?: readonly string[];
  enterprises?: readonly string[];
  platform?: string;
  /** Checked against the policy; a platform account has none. Omitted: one is generated and returned. */
  password?: string;
  demo?: boolean;
}

/** What creating an account hands back once: the generated password or the platform's token. */
export interface CreatedAccount {
  account: Account;
  password?: string;
  token?: string;
}

/** The name is taken (HTTP 409). */
export class AccountExistsError extends UserError {}

const NAME = /^[a-z0-9][a-z0-9._-]{2,39}$/;
const PLATFORM = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

export const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

const list = (text: unknown): string[] => (typeof text === 'string' && text ? text.split(',') : []);

function accountOf(r: Row): Account {
  return {
    id: String(r.id),
    name: String(r.name),
    displayName: String(r.display_name),
    role: r.role as AccountRole,
    areas: list(r.areas),
    enterprises: list(r.enterprises),
    platform: (r.platform as string | null) ?? null,
    demo: r.demo === true,
    disabled: r.disabled === true,
    lockedUntil: (r.locked_until as string | null) ?? null,
    createdAt: String(r.created_at),
    createdBy: String(r.created_by),
  };
}

/** An account's settings as the audit log records them (never a password or token). */
function settingsOf(a: Pick<Account, 'role' | 'areas' | 'enterprises' | 'platform'>): string {
  return [
    `role=${a.role}`,
    ...(a.areas.length ? [`areas=${a.areas.join(',')}`] : []),
    ...(a.enterprises.length ? [`enterprises=${a.enterprises.join(',')}`] : []),
    ...(a.platform ? [`platform=${a.platform}`] : []),
  ].join(' ');
}

/** The audit subject of an account. */
const subjectOf = (name: string): string => `account:${name}`;

const COLUMNS = `id, name, display_name, role, areas, enterprises, platform, demo, disabled, locked_until,
  created_at, created_by`;

export class Accounts {
  constructor(
    private readonly driver: Driver,
    private readonly plan: Plan,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async list(): Promise<Account[]> {
    return (await this.driver.query(`SELECT ${COLUMNS} FROM accounts ORDER BY created_at, name`)).map(
      accountOf,
    );
  }

  /** Whether enabled demo accounts exist (npm start without --no-demo). */
  async hasDemo(): Promise<boolean> {
    const [r] = await this.driver.query('SELECT count(*) AS n FROM accounts WHERE demo AND NOT disabled');
    return Number(r?.n) > 0;
  }

  async byName(name: string): Promise<Account | null> {
    const [r] = await this.driver.query(`SELECT ${COLUMNS} FROM accounts WHERE name = $1`, [name]);
    return r ? accountOf(r) : null;
  }

  async byId(id: string): Promise<Account | null> {
    const [r] = await this.driver.query(`SELECT ${COLUMNS} FROM accounts WHERE id = $1`, [id]);
    return r ? accountOf(r) : null;
  }

  /** The account with this name, or a UserError naming it. */
  async existing(name: string): Promise<Account> {
    const found = await this.byName(name);
    if (!found)
      throw new UserError({
        place: 'name',
        value: name,
        message: '没有这个账号',
        hint: '用 ecmon users list 查看已有账号',
      });
    return found;
  }

  /** The scopes a role needs, checked against the plan; every problem at once. */
  private checked(n: NewAccount): {
    role: AccountRole;
    areas: string[];
    enterprises: string[];
    platform: string | null;
  } {
    const problems: Problem[] = [];
    if (!NAME.test(n.name))
      problems.push({
        place: 'name',
        value: n.name,
        message: '账号名须为 3–40 位小写字母、数字、点、下划线或连字符，以字母或数字开头',
        hint: '例如 jinjiang-tj',
      });
    const role = n.role as AccountRole;
    if (!ACCOUNT_ROLES.includes(role)) {
      problems.push({
        place: 'role',
        value: n.role,
        message: '没有这个角色',
        hint: `可用：${ACCOUNT_ROLES.map((r) => `${r}（${ROLE_LABELS[r].zh}）`).join('、')}`,
      });
      throw new UserError(problems);
    }
    const areas = [...new Set(n.areas ?? [])];
    const enterprises = [...new Set(n.enterprises ?? [])];
    const known = new Set([...this.plan.areas.map((a) => a.code), ...this.plan.zones.map((z) => z.id)]);
    if (DISTRICT_ROLES.includes(role)) {
      if (!areas.length)
        problems.push({
          place: 'areas',
          value: '',
          message: `${ROLE_LABELS[role].zh}须指定负责的区划（区县代码、片区或全市 ${this.plan.root_area}）`,
          hint: '例如 --area 510104',
        });
      for (const a of areas)
        if (!known.has(a))
          problems.push({
            place: 'areas',
            value: a,
            message: '不是本规划的区划代码或片区',
            hint: `例如 510104（锦江区）；全市为 ${this.plan.root_area}`,
          });
    } else if (areas.length)
      problems.push({
        place: 'areas',
        value: areas.join(','),
        message: `${ROLE_LABELS[role].zh}不按区划限定范围`,
        hint: '去掉区划，或改为区县填报员/审核员',
      });
    if (role === 'enterprise_reporter') {
      if (!enterprises.length)
        problems.push({
          place: 'enterprises',
          value: '',
          message: '企业填报员须指定企业的统一社会信用代码',
          hint: '例如 --enterprise 91510100MA61XXXXXX',
        });
      for (const e of enterprises) {
        const why = usccProblem(e);
        if (why) problems.push({ place: 'enterprises', value: e, message: why });
      }
    } else if (enterprises.length)
      problems.push({
        place: 'enterprises',
        value: enterprises.join(','),
        message: `${ROLE_LABELS[role].zh}不按企业限定范围`,
        hint: '去掉企业代码，或改为企业填报员',
      });
    const platform = n.platform ?? null;
    if (role === 'platform' && (platform === null || !PLATFORM.test(platform)))
      problems.push({
        place: 'platform',
        value: platform ?? '',
        message: '平台数据接口须指定平台代码：字母、数字、下划线、点和连字符（最长64位）',
        hint: '例如 --platform sim-mall',
      });
    if (role !== 'platform' && platform !== null)
      problems.push({
        place: 'platform',
        value: platform,
        message: '只有平台数据接口账号有平台代码',
      });
    if (role !== 'platform' && n.password !== undefined) {
      const why = passwordProblem(n.password, n.name);
      if (why) problems.push({ place: 'password', value: '', message: why });
    }
    if (problems.length) throw new UserError(problems);
    return { role, areas, enterprises, platform };
  }

  /** Runs `fn` and appends its audit rows in one transaction. */
  private async audited<T>(
    fn: (tx: Driver) => Promise<{ out: T; audit: ReturnType<typeof settingAudit> }>,
  ): Promise<T> {
    return this.driver.transaction(async (tx) => {
      const { out, audit } = await fn(tx);
      await appendAudit(tx, dialectOf(this.driver), audit);
      return out;
    });
  }

  /**
   * Creates an account. A person gets the password given or a generated one (returned once); a platform
   * gets a token instead (returned once). Audited: who created it, with which role and scope.
   */
  async add(n: NewAccount, by: string | SettingWriter): Promise<CreatedAccount> {
    const { role, areas, enterprises, platform } = this.checked(n);
    const password = role === 'platform' ? undefined : (n.password ?? generatePassword());
    const id = randomUUID();
    const writer = writerOf(by);
    const hash = password === undefined ? null : await hashPassword(password);
    try {
      await this.audited(async (tx) => {
        await tx.query(
          `INSERT INTO accounts (id, name, display_name, role, areas, enterprises, platform, password_hash, demo,
           disabled, failed_logins, locked_until, created_at, created_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, FALSE, 0, NULL, $10, $11)`,
          [
            id,
            n.name,
            n.displayName?.trim() || n.name,
            role,
            areas.join(','),
            enterprises.join(','),
            platform,
            hash,
            n.demo === true,
            this.now().toISOString(),
            writer.actor,
          ],
        );
        const settings = settingsOf({ role, areas, enterprises, platform });
        return {
          out: null,
          audit: settingAudit(writer, subjectOf(n.name), null, n.demo ? `${settings} demo` : settings),
        };
      });
    } catch (e) {
      if (await this.byName(n.name))
        throw new AccountExistsError({
          place: 'name',
          value: n.name,
          message: '账号名已存在',
          hint: '换一个账号名，或用 ecmon users reset-password 重置已有账号的密码',
        });
      throw e;
    }
    const account = (await this.byId(id)) as Account;
    if (role === 'platform') return { account, token: await this.issueToken(account) };
    return { account, ...(n.password === undefined ? { password } : {}) };
  }

  /** Disables (signing it out everywhere, its tokens stop) or enables an account; audited when it changes. */
  async setDisabled(
    name: string,
    disabled: boolean,
    by: string | SettingWriter = 'system',
  ): Promise<Account> {
    const account = await this.existing(name);
    return this.audited(async (tx) => {
      await tx.query('UPDATE accounts SET disabled = $1 WHERE id = $2', [disabled, account.id]);
      if (disabled) await tx.query('DELETE FROM sessions WHERE account_id = $1', [account.id]);
      return {
        out: { ...account, disabled },
        audit: settingAudit(
          writerOf(by),
          subjectOf(name),
          `disabled=${account.disabled}`,
          `disabled=${disabled}`,
        ),
      };
    });
  }

  /**
   * Changes an account's role and scope (areas, enterprises, platform), checked like a new account; its
   * sessions end so the new scope applies at once. Audited old → new.
   */
  async setScope(
    name: string,
    scope: Pick<NewAccount, 'role' | 'areas' | 'enterprises' | 'platform'>,
    by: string | SettingWriter,
  ): Promise<Account> {
    const account = await this.existing(name);
    const next = this.checked({ name, ...scope });
    if (next.role === 'platform' || account.role === 'platform')
      if (next.role !== account.role || next.platform !== account.platform)
        throw new UserError({
          place: 'role',
          value: next.role,
          message: '平台数据接口账号不能改为其他角色或平台，其他账号也不能改为平台账号',
          hint: '另建一个账号，并停用原账号',
        });
    return this.audited(async (tx) => {
      await tx.query(
        'UPDATE accounts SET role = $1, areas = $2, enterprises = $3, platform = $4 WHERE id = $5',
        [next.role, next.areas.join(','), next.enterprises.join(','), next.platform, account.id],
      );
      await tx.query('DELETE FROM sessions WHERE account_id = $1', [account.id]);
      const changed = { ...account, ...next };
      return {
        out: changed,
        audit: settingAudit(writerOf(by), subjectOf(name), settingsOf(account), settingsOf(changed)),
      };
    });
  }

  /**
   * Sets a new password (the one given, checked against the policy, or a generated one, returned), unlocks
   * the account and ends its sessions. A platform account gets a new token instead; the old one stops.
   */
  async resetPassword(
    name: string,
    password?: string,
    by: string | SettingWriter = 'system',
  ): Promise<{ password?: string; token?: string }> {
    const account = await this.existing(name);
    // Audited without the secret: only that it was replaced.
    const audit = (what: string) => settingAudit(writerOf(by), subjectOf(name), null, what);
    if (account.role === 'platform') {
      const token = await this.issueToken(account);
      await this.audited(async () => ({ out: null, audit: audit('token=reissued') }));
      return { token };
    }
    if (password !== undefined) {
      const why = passwordProblem(password, name);
      if (why) throw new UserError({ place: 'password', value: '', message: why });
    }
    const pw = password ?? generatePassword();
    const hash = await hashPassword(pw);
    await this.audited(async (tx) => {
      await tx.query(
        'UPDATE accounts SET password_hash = $1, failed_logins = 0, locked_until = NULL WHERE id = $2',
        [hash, account.id],
      );
      await tx.query('DELETE FROM sessions WHERE account_id = $1', [account.id]);
      return { out: null, audit: audit('password=reset') };
    });
    return password === undefined ? { password: pw } : {};
  }

  /** A new token for a platform account (returned once); earlier tokens are revoked. */
  async issueToken(account: Account): Promise<string> {
    const token = `ecmon_${account.platform}_${randomBytes(24).toString('base64url')}`;
    const at = this.now().toISOString();
    await this.driver.query(
      'UPDATE api_tokens SET revoked_at = $1 WHERE account_id = $2 AND revoked_at IS NULL',
      [at, account.id],
    );
    await this.driver.query(
      'INSERT INTO api_tokens (token_hash, account_id, hint, created_at, revoked_at) VALUES ($1, $2, $3, $4, NULL)',
      [sha256(token), account.id, `${token.slice(0, 12)}…${token.slice(-4)}`, at],
    );
    return token;
  }

  /** The caller an account is: its areas resolved (the root area: all; a zone: its members). */
  actorOf(account: Account, via: Actor['via']): Actor {
    const { role } = account;
    let areas: Actor['areas'] = [];
    if (CITY_ROLES.includes(role) || account.areas.includes(this.plan.root_area)) areas = 'all';
    else if (DISTRICT_ROLES.includes(role))
      areas = [
        ...new Set(account.areas.flatMap((a) => this.plan.zones.find((z) => z.id === a)?.areas ?? [a])),
      ];
    return {
      id: account.id,
      name: account.name,
      role,
      areas,
      enterprises: account.enterprises,
      platform: account.platform,
      via,
      ...(account.demo ? { demo: true } : {}),
    };
  }
}
