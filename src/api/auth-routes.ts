/**
 * The handlers of signing in and out and of account administration (contract: contract/auth-contract.ts).
 */
import type { FastifyReply } from 'fastify';
import { type Actor, ANONYMOUS, notInScope } from '../auth/access.js';
import { type Account, AccountExistsError, type Accounts } from '../auth/accounts.js';
import { SESSION_COOKIE, type Sessions, sessionCookie, sessionToken } from '../auth/sessions.js';
import type { AccountSummary, SessionResponse } from './contract/auth-contract.js';
import { authRoutes } from './contract/auth-contract.js';
import { HttpProblem } from './http-problem.js';
import { settingWriterOf } from './request-context.js';
import type { Serve } from './server.js';

export interface AuthServices {
  accounts: Accounts;
  sessions: Sessions;
}

export function accountSummary(a: Account): AccountSummary {
  return {
    id: a.id,
    name: a.name,
    display_name: a.displayName,
    role: a.role,
    areas: a.areas,
    enterprises: a.enterprises,
    platform: a.platform,
    demo: a.demo,
    disabled: a.disabled,
    locked_until: a.lockedUntil,
    created_at: a.createdAt,
  };
}

function clearCookie(reply: FastifyReply): void {
  reply.header('set-cookie', `${SESSION_COOKIE}=; Path=/; HttpOnly; Secure; SameSite=Strict; Max-Age=0`);
}

/** Maps a taken name to 409; other errors pass on. */
async function conflictAs409<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (e) {
    if (e instanceof AccountExistsError) {
      const p = e.problems[0];
      throw new HttpProblem(409, `账号名「${p?.value}」已存在：换一个账号名。`, 'name', p?.value);
    }
    throw e;
  }
}

/** An account an administrator names, 404 when there is none. */
async function named(accounts: Accounts, name: string): Promise<Account> {
  const found = await accounts.byName(name);
  if (!found) throw notInScope('name', name, '账号');
  return found;
}

export function registerAuthRoutes(serve: Serve, { accounts, sessions }: AuthServices): void {
  const sessionOf = async (actor: Actor, csrf: string | null): Promise<SessionResponse> => {
    const account = actor.id ? await accounts.byId(actor.id) : null;
    const demo_accounts = await accounts.hasDemo();
    if (!account) return { signed_in: false, account: null, csrf_token: null, demo_accounts };
    return { signed_in: true, account: accountSummary(account), csrf_token: csrf, demo_accounts };
  };

  serve(authRoutes.signIn, async ({ body }, { request, reply }) => {
    const s = await sessions.signIn(body.name, body.password, request.ip);
    reply.header('set-cookie', sessionCookie(s.token, sessions.policy.sessionHours * 3600));
    return {
      signed_in: true,
      account: accountSummary(s.account),
      csrf_token: s.csrfToken,
      demo_accounts: await accounts.hasDemo(),
    };
  });

  serve(authRoutes.signOut, async (_q, { request, reply }) => {
    const token = sessionToken(request);
    if (token) await sessions.signOut(token);
    clearCookie(reply);
    return sessionOf(ANONYMOUS, null);
  });

  serve(authRoutes.session, async (_q, { actor, request }) => sessionOf(actor, request.csrfToken));

  serve(authRoutes.users, async () => ({ accounts: (await accounts.list()).map(accountSummary) }));

  serve(authRoutes.addUser, async ({ body }, { actor }) =>
    conflictAs409(async () => {
      const created = await accounts.add(
        {
          name: body.name,
          role: body.role,
          ...(body.display_name !== undefined ? { displayName: body.display_name } : {}),
          ...(body.areas ? { areas: body.areas } : {}),
          ...(body.enterprises ? { enterprises: body.enterprises } : {}),
          ...(body.platform !== undefined ? { platform: body.platform } : {}),
          ...(body.password !== undefined ? { password: body.password } : {}),
        },
        settingWriterOf(actor, body.reason),
      );
      return {
        account: accountSummary(created.account),
        password: created.password ?? null,
        token: created.token ?? null,
      };
    }),
  );

  serve(authRoutes.setDisabled, async ({ name, body }, { actor }) => {
    const account = await named(accounts, name);
    if (body.disabled && account.id === actor.id)
      throw HttpProblem.badParameter('name', name, '不能停用自己正在使用的账号：请用另一个管理员账号操作。');
    return accountSummary(
      await accounts.setDisabled(account.name, body.disabled, settingWriterOf(actor, body.reason)),
    );
  });

  serve(authRoutes.setScope, async ({ name, body }, { actor }) => {
    const account = await named(accounts, name);
    if (account.id === actor.id && body.role !== account.role)
      throw HttpProblem.badParameter(
        'name',
        name,
        '不能更改自己正在使用的账号的角色：请用另一个管理员账号操作。',
      );
    const scope = {
      role: body.role,
      ...(body.areas ? { areas: body.areas } : {}),
      ...(body.enterprises ? { enterprises: body.enterprises } : {}),
      ...(body.platform !== undefined ? { platform: body.platform } : {}),
    };
    return accountSummary(await accounts.setScope(account.name, scope, settingWriterOf(actor, body.reason)));
  });

  serve(authRoutes.resetPassword, async ({ name, body }, { actor }) => {
    const account = await named(accounts, name);
    const reset = await accounts.resetPassword(
      account.name,
      body.password,
      settingWriterOf(actor, body.reason),
    );
    return {
      account: accountSummary((await accounts.byId(account.id)) as Account),
      password: reset.password ?? null,
      token: reset.token ?? null,
    };
  });
}
