/**
 * Credit (信用) summaries: per enterprise, its records counted by type and its current status; city-wide, the
 * published list of 失信 entities and the watch list. Callers pass only the records they may show (for the
 * public: those marked 公示), so nothing here can leak a record that is not public.
 */
import type { CreditRecord } from './registry-records.js';

/** The credit type whose records in force put an enterprise on the published 失信 list. */
export const DISHONEST_TYPE = '失信惩戒';
/** Types whose records in force put an enterprise on the watch list (重点关注), unless it is 失信. */
export const WATCH_TYPES: readonly string[] = ['行政处罚'];
/** The type of a commendation (守信激励). */
export const HONEST_TYPE = '守信激励';

export type CreditStatus = 'dishonest' | 'watch' | 'honest' | 'normal' | 'none';

export const CREDIT_STATUS_ZH: Readonly<Record<CreditStatus, string>> = {
  dishonest: '失信',
  watch: '重点关注',
  honest: '守信',
  normal: '无不良记录',
  none: '无信用记录',
};

/** A record is in force on `date` from its date until the day before `valid_to` (none: indefinitely). */
export const inForce = (c: Pick<CreditRecord, 'record_date' | 'valid_to'>, date: string): boolean =>
  c.record_date <= date && (c.valid_to === null || c.valid_to > date);

export interface CreditSummary {
  /** Records by type, every type of the plan listed (0 where none), in the plan's order. */
  counts: { credit_type: string; n: number; in_force: number }[];
  status: CreditStatus;
  status_name: string;
}

/** The summary of one enterprise's records (`records`: only its own, already filtered for the reader). */
export function creditSummary(
  types: readonly string[],
  records: readonly CreditRecord[],
  on: string,
): CreditSummary {
  const all = [...types, ...records.map((r) => r.credit_type).filter((t) => !types.includes(t))];
  const counts = [...new Set(all)].map((t) => {
    const of = records.filter((r) => r.credit_type === t);
    return { credit_type: t, n: of.length, in_force: of.filter((r) => inForce(r, on)).length };
  });
  const live = records.filter((r) => inForce(r, on));
  const status: CreditStatus = live.some((r) => r.credit_type === DISHONEST_TYPE)
    ? 'dishonest'
    : live.some((r) => WATCH_TYPES.includes(r.credit_type))
      ? 'watch'
      : live.some((r) => r.credit_type === HONEST_TYPE)
        ? 'honest'
        : records.length
          ? 'normal'
          : 'none';
  return { counts, status, status_name: CREDIT_STATUS_ZH[status] };
}

export interface ListedEntity {
  entity_id: string;
  /** The records in force that put it on the list, oldest first. */
  records: CreditRecord[];
}

/**
 * The 失信 list (`dishonest`) or the watch list (`watch`) on `on`: enterprises with a record in force of the
 * list's types; the watch list leaves out those already on the 失信 list.
 */
export function creditList(
  records: readonly CreditRecord[],
  list: 'dishonest' | 'watch',
  on: string,
): ListedEntity[] {
  const live = records.filter((r) => inForce(r, on));
  const dishonest = new Set(live.filter((r) => r.credit_type === DISHONEST_TYPE).map((r) => r.entity_id));
  const picked = live.filter((r) =>
    list === 'dishonest'
      ? r.credit_type === DISHONEST_TYPE
      : WATCH_TYPES.includes(r.credit_type) && !dishonest.has(r.entity_id),
  );
  const by = new Map<string, CreditRecord[]>();
  for (const r of [...picked].sort((a, b) => a.record_date.localeCompare(b.record_date)))
    by.set(r.entity_id, [...(by.get(r.entity_id) ?? []), r]);
  return [...by].map(([entity_id, rs]) => ({ entity_id, records: rs }));
}
