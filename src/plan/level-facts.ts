import type { BaselineFact, Plan } from './plan-types.js';

/**
 * The baseline facts that are plain levels of a measure's total (no `kind` other than `level`, no breakdown):
 * the ones the observation store can hold as measure × area × period values. Growth rates, multiples, shares
 * and breakdown parts stay facts of the plan. When the text states one level twice (正文 435.8 and 专栏4 435.82),
 * the later fact in the file wins, so a plan lists the figure it prefers last.
 */
export function levelFacts(plan: Plan): BaselineFact[] {
  const byKey = new Map<string, BaselineFact>();
  for (const f of plan.baseline_facts) {
    if ((f.kind ?? 'level') !== 'level' || f.breakdown !== undefined) continue;
    const key = `${f.measure}\u0000${f.area}\u0000${f.period}`;
    byKey.delete(key);
    byKey.set(key, f);
  }
  return [...byKey.values()];
}
