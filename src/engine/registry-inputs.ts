/**
 * With `explain: true`, a count indicator's explanation lists the entities it counted (name, code,
 * designation, document) as a `counted_entities` component, read from the registry for the result's area
 * (a zone's members, or every area for the plan's root) and period.
 */
import type { Plan } from '../plan/plan-types.js';
import { countedEntities } from '../registry/counted-entities.js';
import type { Driver } from '../store/driver.js';
import type { IndicatorResult } from './indicator-result.js';

export async function addRegistryInputs(
  driver: Driver,
  plan: Plan,
  results: IndicatorResult[],
): Promise<void> {
  const measures = new Map(plan.indicators.map((i) => [i.id, i.measure]));
  const counted = new Set(plan.registry.counts.map((r) => r.measure));
  const zones = new Map(plan.zones.map((z) => [z.id, z.areas]));
  for (const r of results) {
    const measure = measures.get(r.indicator);
    if (!measure || !counted.has(measure) || r.value === null) continue;
    const areas = r.area === plan.root_area ? null : (zones.get(r.area) ?? [r.area]);
    const entities = await countedEntities(driver, plan, measure, r.period, areas);
    if (!entities) continue;
    r.components.push({
      of: 'counted_entities',
      formula: `${r.name} = 计数(${entities.length} 个对象)`,
      method: '重点企业项目库：按计划计数规则，期末有效（或期内开始）的认定所属对象',
      inputs: [],
      entities,
    });
  }
}
