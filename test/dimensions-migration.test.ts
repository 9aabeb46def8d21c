/**
 * Migration 5 (dimensions as data) keeps what a store of version 4 held: totals, domain and platform rows,
 * categories and the `k=v;…` breakdowns the plan loader packed into `category` read the same levels after
 * it, each under its canonical breakdown key, with the packed parts now parts of their own.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { loadLevels, loadLevelsBy } from '../src/engine/load-levels.js';
import type { Measure } from '../src/plan/plan-types.js';
import { engineFor } from '../src/store/engines.js';
import { migrate } from '../src/store/migrations.js';
import { queryObservations } from '../src/store/observation-repository.js';
import { openStore } from '../src/store/open-store.js';
import { engines } from './support/engines.js';

const gmv: Measure = { id: 'gmv', name: '交易额', unit: '亿元', aggregation: 'flow' };
const jobs: Measure = { id: 'jobs', name: '就业', unit: '万人', aggregation: 'stock' };

describe.each(engines())('migrating a version-4 store to dimensions on $engine', (target) => {
  afterAll(() => target.cleanup());

  it('gives every row its breakdown key, keeps levels and history, and splits packed categories into parts', async () => {
    const db = await target.create();
    const engine = engineFor(db);
    const old = await engine.open(db);
    expect(await migrate(old, engine.dialect, 4)).toEqual([1, 2, 3, 4]);
    const now = engine.dialect.now;
    const row = (
      period: string,
      kind: string,
      y: number,
      f: number,
      t: number,
      dpc: string,
      v: string,
      base: string,
    ) =>
      `('gmv', '510100', '${period}', '${kind}', ${y}, ${f}, ${t}, ${dpc}, ${v}, '亿元', ${base}, '元', NULL, 's', 'b1', FALSE, ${now}, 'published')`;
    // What version 4 wrote: monthly totals, a domain, a platform, a domain × platform, a category, and the
    // plan's employment figures with their breakdown packed into category; one replaced row in history.
    await old.exec(`INSERT INTO observations VALUES
  ${row('2021-01', 'month', 2021, 1, 1, "'', '', ''", '10', '1000000000')},
  ${row('2021-02', 'month', 2021, 2, 2, "'', '', ''", '20.5', '2050000000')},
  ${row('2021-01', 'month', 2021, 1, 1, "'retail_ec', '', ''", '4', '400000000')},
  ${row('2021-02', 'month', 2021, 2, 2, "'retail_ec', '', ''", '6', '600000000')},
  ${row('2021-01', 'month', 2021, 1, 1, "'', 'sim-mall', ''", '7', '700000000')},
  ${row('2021-01', 'month', 2021, 1, 1, "'retail_ec', 'sim-mall', ''", '3', '300000000')},
  ${row('2021-01', 'month', 2021, 1, 1, "'', '', 'food'", '1.25', '125000000')},
  ('jobs', '510100', '2020', 'year', 2020, 1, 12, '', '', '', 221.9, '万人', 2219000, '人', NULL, 'plan', 'plan:t', FALSE, ${now}, 'published'),
  ('jobs', '510100', '2020', 'year', 2020, 1, 12, '', '', 'employment_type=direct', 100.5, '万人', 1005000, '人', NULL, 'plan', 'plan:t', FALSE, ${now}, 'published'),
  ('jobs', '510100', '2020', 'year', 2020, 1, 12, '', '', 'employment_type=indirect', 121.4, '万人', 1214000, '人', NULL, 'plan', 'plan:t', FALSE, ${now}, 'published');
INSERT INTO observation_history VALUES
  ('gmv', '510100', '2021-01', 'month', 2021, 1, 1, 'retail_ec', 'sim-mall', '', 2, '亿元', 200000000, '元', NULL, 's', 'b0', FALSE, ${now}, ${now}, 'b1', 'published')`);
    await old.close();

    const store = await openStore(db);
    try {
      const periods = [
        { kind: 'month' as const, year: 2021, month: 1 },
        { kind: 'range' as const, year: 2021, from: 1, to: 2 },
      ];
      const level = async (breakdown: Record<string, string>) => {
        const m = await loadLevels(store.driver, { measures: [gmv], areas: ['510100'], periods, breakdown });
        return [m.get('gmv|510100|2021-01')?.decimal, m.get('gmv|510100|2021-01/2021-02')?.decimal ?? null];
      };
      expect(await level({})).toEqual(['10', '30.5']);
      expect(await level({ domain: 'retail_ec' })).toEqual(['4', '10']);
      expect(await level({ platform: 'sim-mall' })).toEqual(['7', null]);
      expect(await level({ domain: 'retail_ec', platform: 'sim-mall' })).toEqual(['3', null]);
      expect(await level({ category: 'food' })).toEqual(['1.25', null]);
      const byPlatform = await loadLevelsBy(
        store.driver,
        { measures: [gmv], areas: ['510100'], periods, breakdown: { domain: 'retail_ec' } },
        'platform',
      );
      expect([...byPlatform.keys()]).toEqual(['sim-mall']);
      expect(byPlatform.get('sim-mall')?.get('gmv|510100|2021-01')?.decimal).toBe('3');

      const year = [{ kind: 'year' as const, year: 2020 }];
      const byType = await loadLevelsBy(
        store.driver,
        { measures: [jobs], areas: ['510100'], periods: year },
        'employment_type',
      );
      expect([...byType].map(([code, m]) => [code, m.get('jobs|510100|2020')?.decimal]).sort()).toEqual([
        ['direct', '100.5'],
        ['indirect', '121.4'],
      ]);
      expect(
        (await loadLevels(store.driver, { measures: [jobs], areas: ['510100'], periods: year })).get(
          'jobs|510100|2020',
        )?.decimal,
      ).toBe('221.9');

      const parts = await store.driver.query(
        'SELECT breakdown, dimension, code, rest FROM breakdown_parts ORDER BY breakdown, dimension',
      );
      expect(parts).toEqual([
        { breakdown: 'category=food', dimension: 'category', code: 'food', rest: '' },
        { breakdown: 'domain=retail_ec', dimension: 'domain', code: 'retail_ec', rest: '' },
        {
          breakdown: 'domain=retail_ec;platform=sim-mall',
          dimension: 'domain',
          code: 'retail_ec',
          rest: 'platform=sim-mall',
        },
        {
          breakdown: 'domain=retail_ec;platform=sim-mall',
          dimension: 'platform',
          code: 'sim-mall',
          rest: 'domain=retail_ec',
        },
        { breakdown: 'employment_type=direct', dimension: 'employment_type', code: 'direct', rest: '' },
        { breakdown: 'employment_type=indirect', dimension: 'employment_type', code: 'indirect', rest: '' },
        { breakdown: 'platform=sim-mall', dimension: 'platform', code: 'sim-mall', rest: '' },
      ]);
      const all = await queryObservations(store.driver, { totalsOnly: false });
      expect(all).toHaveLength(10);
      const [h] = await store.driver.query(
        'SELECT breakdown, CAST(value AS VARCHAR) AS value, layer, replaced_by FROM observation_history',
      );
      expect(h).toEqual({
        breakdown: 'domain=retail_ec;platform=sim-mall',
        value: expect.stringMatching(/^2(\.0+)?$/),
        layer: 'published',
        replaced_by: 'b1',
      });
      const old = await store.driver.query(
        `SELECT count(*) AS n FROM information_schema.columns WHERE table_name = 'observations' AND column_name IN ('domain', 'platform', 'category')`,
      );
      expect(Number(old[0]?.n)).toBe(0);
    } finally {
      await store.close();
    }
  });
});
