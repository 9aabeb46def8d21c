/**
 * What a reader of the registry may see, from the signed-in caller (src/auth/access.ts): the public,
 * enterprises and platforms read published batches and public (公示) credit records; the city's roles and
 * district users read pending figures of their scope and every credit record.
 */
import { type Actor, CITY_ROLES, canSeeEnterprise, DISTRICT_ROLES, readScopeOf } from '../auth/access.js';
import type { Visibility } from '../store/visibility.js';
import type { SettingWriter, Via } from '../store/write/audit-log.js';

const VIA = { session: 'account', token: 'token', cli: 'cli', anonymous: 'system' } as const;

/** Where a request came from, as the audit log records it: an account's session, a token, the CLI. */
export const viaOf = (actor: Actor): Via => VIA[actor.via];

/** The caller as the writer of a setting, with the reason the request gives. */
export const settingWriterOf = (actor: Actor, reason?: string): SettingWriter => ({
  actor: actor.name,
  via: viaOf(actor),
  reason: reason?.trim() || null,
});

export interface Reader {
  /** Which batches' figures the reader sees. */
  visibility: Visibility;
  /** Whether credit records not marked public (公示) are shown (bureau staff only). */
  internal: boolean;
}

/** The public reader: published figures, public credit records only. */
export const PUBLIC_READER: Reader = { visibility: 'published', internal: false };

/**
 * The reader of the registry; with `entity`, the reader of that one entity: an enterprise reporter reads its
 * own enterprise's credit records in full (public or not), any other entity like the public.
 */
export function readerOf(actor: Actor, entity?: string): Reader {
  const own = actor.role === 'enterprise_reporter' && entity !== undefined && canSeeEnterprise(actor, entity);
  const staff = CITY_ROLES.includes(actor.role) || DISTRICT_ROLES.includes(actor.role) || own;
  // A district user's working view is scoped by area in the dashboard; per-seller registry figures are
  // city-wide, so only the city's roles read them pending.
  const visibility = CITY_ROLES.includes(actor.role) ? readScopeOf(actor).visibility : 'published';
  return staff ? { visibility, internal: true } : PUBLIC_READER;
}
