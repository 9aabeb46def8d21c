import type { Plan } from './plan-types.js';

/**
 * The years a plan monitors, the range every entrance holds data to: from the year before the base year (the
 * basis of the base year's growth) to the outlook year, or the end year when the plan states no outlook.
 */
export function monitoredYears(plan: Plan): { first: number; last: number } {
  const p = plan.metadata.period;
  return {
    first: Math.min(p.base_year, p.start) - 1,
    last: Math.max(p.end, plan.metadata.outlook?.year ?? p.end),
  };
}
