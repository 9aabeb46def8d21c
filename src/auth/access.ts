/**
 * Who is calling and what they may do: the roles, the actor of a request, how a route declares who may call
 * it, and the scope helpers handlers use. Small and stable on purpose: the forms, workflow and audit code
 * builds on it.
 *
 * - A route of the contract (`src/api/contract/routes.ts`) has an `access` field; a route registered with
 *   `app.get/post/…` directly carries it as `config: { access }`. A preHandler (src/auth/enforce-access.ts)
 *   checks it before the handler runs; a route without one is refused (and a test fails the build).
 * - The handler reads the caller from `request.actor` (anonymous when nobody signed in), or from the second
 *   argument of the contract's `serve(route, (input, { actor }) => …)`.
 * - Data a reader sees is narrowed in SQL by {@link readScopeOf} (src/store/visibility.ts); one object
 *   outside the actor's scope is answered 404 exactly like a missing one ({@link notInScope}), so its
 *   existence never leaks.
 *
 * @example
 * // routes.ts
 * submissions: route({ path: `${API_BASE}/submissions/{id}`, access: ['district_reporter', 'analyst'], … }),
 * // handler
 * serve(routes.submission, async (q, { actor }) => {
 *   const s = await findSubmission(q.id);
 *   if (!s || !canSeeArea(actor, s.area)) throw notInScope('id', q.id, '报表');
 *   return s;
 * });
 */
import { HttpProblem } from '../api/http-problem.js';
import type { ReadScope } from '../store/visibility.js';
import { type AccountRole, ROLE_LABELS, type Role } from './roles.js';

export {
  ACCOUNT_ROLES,
  type AccountRole,
  ROLE_LABELS,
  ROLES,
  type Role,
} from './roles.js';

/** Roles that see and act on every area (the city 市局 level). */
export const CITY_ROLES: readonly Role[] = ['admin', 'analyst'];
/** Roles bound to their own area(s). */
export const DISTRICT_ROLES: readonly Role[] = ['district_reporter', 'district_reviewer'];

/** The caller of a request. */
export interface Actor {
  /** Account id; null for the public. */
  id: string | null;
  /** Login name (`jinjiang-tj`), or `anonymous`. */
  name: string;
  role: Role;
  /**
   * The areas the actor is scoped to, as area codes: `all` for city roles and for an account scoped to the
   * plan's root area (510100); a zone in the account's scope is expanded to its member areas. Empty for
   * roles without an area scope (enterprise, platform, public).
   */
  areas: 'all' | readonly string[];
  /** 统一社会信用代码 of the enterprises an enterprise reporter reports for. */
  enterprises: readonly string[];
  /** The platform code a platform token pushes for (`sim-mall`); null otherwise. */
  platform: string | null;
  /** How the caller proved who it is: a session cookie, a bearer token, the local CLI, or nothing. */
  via: 'session' | 'token' | 'cli' | 'anonymous';
  /** A demonstration account created by `npm start` (shown as such in the header). */
  demo?: boolean;
}

export const ANONYMOUS: Actor = Object.freeze({
  id: null,
  name: 'anonymous',
  role: 'anonymous',
  areas: [],
  enterprises: [],
  platform: null,
  via: 'anonymous',
});

/** The operator running `ecmon` on the server machine (also through the serve's CLI forwarding). */
export const CLI_ACTOR: Actor = Object.freeze({
  id: null,
  name: 'cli',
  role: 'admin',
  areas: 'all',
  enterprises: [],
  platform: null,
  via: 'cli',
});

/**
 * Who may call a route.
 * - `public`: everyone, the anonymous public included; what is read is narrowed by {@link readScopeOf}.
 * - `signed_in`: any account (401 for the public).
 * - a list of roles: 401 for the public, 403 for an account of another role.
 * - `cli`: only ecmon processes on the server machine holding the serve file's token (`/internal/cli`).
 */
export type Access = 'public' | 'signed_in' | 'cli' | readonly AccountRole[];

/** Whether `actor` may call a route declared with `access` (scope is the handler's business). */
export function allows(access: Access, actor: Actor): boolean {
  if (access === 'public') return true;
  if (access === 'cli') return actor.via === 'cli';
  if (actor.role === 'anonymous') return false;
  if (access === 'signed_in') return true;
  return (access as readonly Role[]).includes(actor.role);
}

/** Whether the actor's scope covers an area (an area code of the plan). */
export function canSeeArea(actor: Actor, area: string): boolean {
  return actor.areas === 'all' || actor.areas.includes(area);
}

/** Whether the actor's scope covers an enterprise (its 统一社会信用代码); city roles cover all. */
export function canSeeEnterprise(actor: Actor, uscc: string): boolean {
  return CITY_ROLES.includes(actor.role) || actor.enterprises.includes(uscc);
}

/**
 * The observations an actor reads: the public, enterprises and platforms read published figures only;
 * analysts and administrators the working layer (pending figures over published ones); district users
 * published figures plus their own areas' pending ones.
 */
export function readScopeOf(actor: Actor): ReadScope {
  if (CITY_ROLES.includes(actor.role)) return { visibility: 'working' };
  if (DISTRICT_ROLES.includes(actor.role))
    return { visibility: 'working', workingAreas: actor.areas === 'all' ? undefined : actor.areas };
  return { visibility: 'published' };
}

/**
 * The scope of a read that asks for `published` (the default) or `working` figures: anyone may read
 * published figures; working figures need an account that reads them (401 for the public, 403 for
 * enterprise and platform accounts).
 */
export function readScopeFor(actor: Actor, asked: 'published' | 'working' | undefined): ReadScope {
  if (asked !== 'working') return { visibility: 'published' };
  if (actor.role === 'anonymous')
    throw unauthorized('请先登录：待审数据（as=working）只对登录的分析员和区县用户开放。');
  const scope = readScopeOf(actor);
  if (scope.visibility !== 'working')
    throw forbidden(actor, `当前账号（${actor.name}，${ROLE_LABELS[actor.role].zh}）只能查看已发布的数据。`);
  return scope;
}

/** 401: nobody signed in (or the session expired) where an account is needed. */
export function unauthorized(detail = '请先登录：该操作需要账号。'): HttpProblem {
  return new HttpProblem(401, detail);
}

/** 403: signed in, but the role may not do this. */
export function forbidden(actor: Actor, detail?: string): HttpProblem {
  return new HttpProblem(
    403,
    detail ?? `当前账号（${actor.name}，${ROLE_LABELS[actor.role].zh}）无权执行该操作。`,
  );
}

/**
 * 404 for an object outside the actor's scope, worded exactly like one that does not exist, so a caller
 * cannot tell the two apart.
 */
export function notInScope(parameter: string, value: string, what: string): HttpProblem {
  return HttpProblem.notFound(parameter, value, `找不到${what}「${value}」。`);
}
