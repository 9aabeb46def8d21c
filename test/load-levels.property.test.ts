import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rollUp } from '../src/domain/aggregation.js';
import { addDecimals } from '../src/domain/decimal-string.js';
import type { Period } from '../src/domain/period.js';
import { loadLevels, loadLevelsBy } from '../src/engine/load-levels.js';
import { loadPlan } from '../src/plan/load-plan.js';
import type { Store } from '../src/store/open-store.js';
import { writeObservations } from '../src/store/write/write-observations.js';
import { engines, freshStore } from './support/engines.js';

const plan = loadPlan('plans/chengdu-ec-2021-2025.yaml');
const flow = plan.measures.find((m) => m.id === 'cross_border_ec_volume');
const stock = plan.measures.find((m) => m.id === 'ec_unicorn_gazelle_firms');
const AREA = '510104';

/** Some months of one year, each with a value of up to four decimals (亿元) or a count. */
const months = fc.uniqueArray(
  fc.record({
    month: fc.integer({ min: 1, max: 12 }),
    value: fc.integer({ min: 0, max: 10_000_000 }).map((n) => (n / 10_000).toString()),
    count: fc.integer({ min: 0, max: 500 }).map(String),
  }),
  { selector: (m) => m.month, minLength: 1, maxLength: 12 },
);
const range = fc
  .tuple(fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 12 }))
  .map(([a, b]) => [Math.min(a, b), Math.max(a, b)] as const);

describe.each(engines())('SQL roll-up equals the pure roll-up (property-based) on $engine', (target) => {
  let store: Store;
  let year = 2000;
  beforeAll(async () => {
    store = (await freshStore(target)).store;
  });
  afterAll(async () => {
    await store.close();
    await target.cleanup();
  });

  it('flows sum their months exactly (none missing), stocks take the period’s last month', async () => {
    if (!flow || !stock) throw new Error('plan measures missing');
    await fc.assert(
      fc.asyncProperty(months, range, async (ms, [from, to]) => {
        // Each run writes a year of its own, so runs do not see each other's months.
        year += 1;
        const mm = (m: number): string => `${year}-${String(m).padStart(2, '0')}`;
        await writeObservations(store.driver, store.dialect, [
          ...ms.map((m) => ({
            measure: flow.id,
            area: AREA,
            period: mm(m.month),
            value: m.value,
            unit: '亿元',
          })),
          ...ms.map((m) => ({
            measure: stock.id,
            area: AREA,
            period: mm(m.month),
            value: m.count,
            unit: '个',
          })),
        ]);
        const periods: Period[] = [
          { kind: 'year', year },
          { kind: 'quarter', year, quarter: Math.ceil(to / 3) },
          { kind: 'range', year, from, to },
        ];
        const grid = await loadLevels(store.driver, { measures: [flow, stock], areas: [AREA], periods });
        for (const p of periods) {
          const key =
            p.kind === 'year'
              ? String(year)
              : p.kind === 'quarter'
                ? `${year}-Q${p.quarter}`
                : `${mm(p.from)}/${mm(p.to)}`;
          const f = grid.get(`${flow.id}|${AREA}|${key}`);
          const pureFlow = rollUp(
            ms.map((m) => ({ month: mm(m.month), value: Number(m.value) })),
            p,
            'flow',
          );
          const span =
            p.kind === 'year'
              ? [1, 12]
              : p.kind === 'quarter'
                ? [p.quarter * 3 - 2, p.quarter * 3]
                : [p.from, p.to];
          const inSpan = ms.filter((m) => m.month >= (span[0] as number) && m.month <= (span[1] as number));
          if (pureFlow === null) expect(f).toBeUndefined();
          else {
            // The database sums decimals exactly; the pure roll-up sums doubles.
            expect(f?.decimal).toBe(addDecimals(inSpan.map((m) => m.value)));
            expect(f?.value).toBeCloseTo(pureFlow, 6);
          }
          const s = grid.get(`${stock.id}|${AREA}|${key}`);
          const last = inSpan.find((m) => m.month === span[1]);
          // A stock's level is its value at the period's end: the pure roll-up's latest month, when it is the last.
          const pureStock = rollUp(
            ms.map((m) => ({ month: mm(m.month), value: Number(m.count) })),
            p,
            'stock',
          );
          expect(s?.value ?? null).toBe(last ? pureStock : null);
        }
      }),
      { numRuns: 8 },
    );
  }, 120_000);

  it('rolls up random breakdowns over two dimensions: by either dimension under the other, and by one alone', async () => {
    if (!flow) throw new Error('plan measures missing');
    const modes = ['9610', '9710', '9810'];
    const platforms = ['sim-mall', 'sim-xborder'];
    // Cells (month, customs mode or '' for its total, platform or '' for its total) with values.
    const cells = fc.uniqueArray(
      fc.record({
        month: fc.integer({ min: 1, max: 12 }),
        mode: fc.constantFrom('', ...modes),
        platform: fc.constantFrom('', ...platforms),
        value: fc.integer({ min: 0, max: 10_000_000 }).map((n) => (n / 10_000).toString()),
      }),
      { selector: (c) => `${c.month}|${c.mode}|${c.platform}`, minLength: 1, maxLength: 60 },
    );
    await fc.assert(
      fc.asyncProperty(cells, range, async (cs, [from, to]) => {
        year += 1;
        const mm = (m: number): string => `${year}-${String(m).padStart(2, '0')}`;
        await writeObservations(
          store.driver,
          store.dialect,
          cs.map((c) => ({
            measure: flow.id,
            area: AREA,
            period: mm(c.month),
            value: c.value,
            unit: '亿元',
            breakdown: { customs_mode: c.mode, platform: c.platform },
          })),
        );
        const periods: Period[] = [
          { kind: 'year', year },
          { kind: 'range', year, from, to },
        ];
        const keyOf = (p: Period): string => (p.kind === 'year' ? String(year) : `${mm(from)}/${mm(to)}`);
        /** The pure roll-up of the cells of one breakdown: null unless every month of the span is there. */
        const pure = (p: Period, mode: string, platform: string): string | null => {
          const [a, b] = p.kind === 'year' ? [1, 12] : [from, to];
          const mine = cs.filter((c) => c.mode === mode && c.platform === platform);
          const value = rollUp(
            mine.map((c) => ({ month: mm(c.month), value: Number(c.value) })),
            p,
            'flow',
          );
          return value === null
            ? null
            : addDecimals(mine.filter((c) => c.month >= a && c.month <= b).map((c) => c.value));
        };
        const req = { measures: [flow], areas: [AREA], periods };
        const decimals = (m: Map<string, { decimal: string }> | undefined, p: Period): string | null =>
          m?.get(`${flow.id}|${AREA}|${keyOf(p)}`)?.decimal ?? null;
        for (const mode of ['', ...modes]) {
          const byPlatform = await loadLevelsBy(
            store.driver,
            { ...req, breakdown: { customs_mode: mode } },
            'platform',
          );
          for (const platform of platforms)
            for (const p of periods)
              expect(decimals(byPlatform.get(platform), p)).toBe(pure(p, mode, platform));
          const one = await loadLevels(store.driver, { ...req, breakdown: { customs_mode: mode } });
          for (const p of periods) expect(decimals(one, p)).toBe(pure(p, mode, ''));
        }
        for (const platform of ['', ...platforms]) {
          const byMode = await loadLevelsBy(
            store.driver,
            { ...req, breakdown: { platform } },
            'customs_mode',
          );
          for (const mode of modes)
            for (const p of periods) expect(decimals(byMode.get(mode), p)).toBe(pure(p, mode, platform));
          expect([...byMode.keys()].every((k) => modes.includes(k))).toBe(true);
        }
      }),
      { numRuns: 6 },
    );
  }, 180_000);
});
