import { describe, expect, it } from 'vitest';
import { loadPlan } from '../plan/load-plan.js';
import { compileCountedEntitiesQuery, compileCountQuery } from './compile-count-rules.js';
import { countMonths } from './materialise-counts.js';

const plan = loadPlan('plans/chengdu-ec-2021-2025.yaml');
const rule = (measure: string) => {
  const r = plan.registry.counts.find((x) => x.measure === measure);
  if (!r) throw new Error(measure);
  return r;
};

describe('count rules compile to parameterised SQL', () => {
  it('a stock counts designations in force at each month-end; values are parameters (golden SQL)', () => {
    const q = compileCountQuery(plan, rule('ec_unicorn_gazelle_firms'), countMonths(2025, '2025-02'), [
      '510104',
      '510107',
    ]);
    expect(q.params).toEqual([
      '2025-01',
      '2025-01-01',
      '2025-01-31',
      '2025-02',
      '2025-02-01',
      '2025-02-28',
      '510104',
      '510107',
      'enterprise',
      'unicorn',
      'gazelle',
      '510100',
    ]);
    expect(q.sql).toMatchSnapshot();
  });

  it('a “new since” stock and a flow of events compile their own conditions', () => {
    const brands = compileCountQuery(plan, rule('new_brands'), countMonths(2025, '2025-01'), ['510183']);
    expect(brands.sql).toContain('d.valid_from >= $');
    expect(brands.params).toContain('2021-01-01');
    const events = compileCountQuery(plan, rule('origin_live_events'), countMonths(2025, '2025-01'), [
      '510185',
    ]);
    expect(events.sql).toContain('d.valid_from >= m.first_day AND d.valid_from <= m.last_day');
    expect(
      compileCountedEntitiesQuery(
        plan,
        rule('origin_live_events'),
        { first: '2025-01-01', last: '2025-12-31' },
        ['510185'],
      ).sql,
    ).toMatchSnapshot();
  });

  it('countMonths: every month from January of the base year up to the latest month', () => {
    const months = countMonths(2020, '2022-03').map((m) => m.period);
    expect(months).toHaveLength(27);
    expect(months.slice(0, 2)).toEqual(['2020-01', '2020-02']);
    expect(months.slice(-4)).toEqual(['2021-12', '2022-01', '2022-02', '2022-03']);
    expect(countMonths(2024, '2024-02').map((m) => m.last)).toEqual(['2024-01-31', '2024-02-29']);
  });
});
