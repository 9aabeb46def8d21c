import { describe, expect, it } from 'vitest';
import { levelFacts } from './level-facts.js';
import { loadPlan } from './load-plan.js';

describe('levelFacts', () => {
  const plan = loadPlan('plans/chengdu-ec-2021-2025.yaml');
  const facts = levelFacts(plan);

  it('keeps one total level per measure, area and period, the later one when the text states it twice', () => {
    const keys = facts.map((f) => `${f.measure}|${f.area}|${f.period}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(facts.filter((f) => f.measure === 'cross_border_ec_volume').map((f) => f.value)).toEqual([
      '435.82',
    ]);
  });

  it('leaves growth rates, multiples, shares and breakdown parts out', () => {
    expect(facts.filter((f) => f.measure === 'ec_transaction_volume').map((f) => f.value)).toEqual([
      '22637.5',
    ]);
    expect(facts.filter((f) => f.measure === 'ec_employment').map((f) => f.value)).toEqual(['221.9']);
    expect(facts.some((f) => f.measure === 'ec_service_resource_share')).toBe(false);
    // 22 levels the plan states, plus 社会消费品零售总额 2020 from the statistical bulletin (to check its 32.3%).
    expect(facts).toHaveLength(23);
  });
});
