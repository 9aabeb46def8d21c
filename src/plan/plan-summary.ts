import type { Plan } from './plan-types.js';

/** The short Chinese text `ecmon plan check` prints for a plan that loaded cleanly. */
export function planSummary(plan: Plan): string {
  const { metadata: m } = plan;
  const targets = plan.indicators.reduce((n, x) => n + x.targets.length, 0);
  const headline = plan.indicators.filter((x) => x.headline).length;
  const tasks = plan.actions.reduce((n, a) => n + a.tasks.length, 0);
  return [
    `${m.title}（${plan.id} 版本 ${plan.version}，${m.period.start}–${m.period.end}年，基期 ${m.period.base_year}年）`,
    `指标 ${plan.indicators.length} 个（主要目标 ${headline} 个），目标值 ${targets} 个，计量项 ${plan.measures.length} 个`,
    `区划 ${plan.areas.length} 个，片区 ${plan.zones.length} 个，重点领域 ${plan.domains.length} 个`,
    `重点行动 ${plan.actions.length} 项，任务 ${tasks} 项，责任部门 ${plan.departments.length} 个，基期事实 ${plan.baseline_facts.length} 条`,
  ].join('\n');
}
