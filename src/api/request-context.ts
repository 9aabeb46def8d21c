/**
 * What a reader of the registry may see, from the signed-in caller (src/auth/access.ts): the public,
 * enterprises and platforms read published batches and public (公示) credit records; the city's roles and
 * district users read pending figures of their scope and every credit record.
 */
import { type Actor, CITY_ROLES, DISTRICT_ROLES, readScopeOf } from '../auth/access.js';
import type { Visibility } from '../store/visibility.js';

export interface Reader {
  /** Which batches' figures the reader sees. */
  visibility: Visibility;
  /** Whether credit records not marked public (公示) are shown (bureau staff only). */
  internal: boolean;
}

/** The public reader: published figures, public credit records only. */
export const PUBLIC_READER: Reader = { visibility: 'published', internal: false };

export function readerOf(actor: Actor): Reader {
  const staff = CITY_ROLES.includes(actor.role) || DISTRICT_ROLES.includes(actor.role);
  // A district user's working view is scoped by area in the dashboard; per-seller registry figures are
  // city-wide, so only the city's roles read them pending.
  const visibility = CITY_ROLES.includes(actor.role) ? readScopeOf(actor).visibility : 'published';
  return staff ? { visibility, internal: true } : PUBLIC_READER;
}
