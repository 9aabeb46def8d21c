import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parsePeriod } from '../src/domain/period.js';
import { IndicatorEngine } from '../src/engine/indicator-engine.js';
import type { IndicatorResult } from '../src/engine/indicator-result.js';
import { loadDemoRegistry } from '../src/ingest/load-demo-data.js';
import { loadPlan } from '../src/plan/load-plan.js';
import type { Store } from '../src/store/open-store.js';
import { savePlan } from '../src/store/plan-repository.js';
import { engines, freshStore } from './support/engines.js';

const PLAN_FILE = 'plans/chengdu-ec-2021-2025.yaml';
const plan = loadPlan(PLAN_FILE);
const counted = new Set(plan.registry.counts.map((r) => r.measure));
const countIndicators = plan.indicators.filter(
  (i) => i.measure && counted.has(i.measure) && i.targets.length > 0,
);

describe.each(engines())('simulated registry on $engine', (target) => {
  let store: Store;
  let results: IndicatorResult[];

  beforeAll(async () => {
    store = (await freshStore(target)).store;
    await savePlan(store.driver, store.dialect, plan, PLAN_FILE);
    await loadDemoRegistry(store, plan, { seed: 20211221, through: '2025-12' });
    results = await new IndicatorEngine(store.driver, plan).evaluate({ periods: [parsePeriod('2025')] });
  }, 600_000);
  afterAll(async () => {
    await store.close();
    await target.cleanup();
  });

  it('every count target of 专栏4, 二(三)1, 专栏6, 专栏8 and 专栏10 has a simulated value and a light', () => {
    expect(countIndicators).toHaveLength(27);
    const missing = countIndicators.filter(
      (i) => !results.some((r) => r.indicator === i.id && r.value !== null),
    );
    expect(missing.map((i) => i.id)).toEqual([]);
    for (const r of results.filter((x) => countIndicators.some((i) => i.id === x.indicator))) {
      expect(r.simulated, r.indicator).toBe(true);
      expect(r.progress?.status, `${r.indicator} ${r.area}`).not.toBe('not_available');
    }
  });

  it('is calibrated to the plan: 5 unicorn/gazelle firms in 2020 (the plan’s figure), 11 in 2025', () => {
    const at = (id: string, area = '510100') => results.find((r) => r.indicator === id && r.area === area);
    expect(at('ec_unicorn_gazelle_firms')?.value).toBe(11);
    expect(at('ec_unicorn_gazelle_firms')?.progress?.status).toBe('target_achieved');
    expect(at('agri_traceability_demo_bases', '510181')?.value).toBe(5);
    expect(at('influencer_anchors')?.value).toBe(9300);
    expect(at('origin_live_events', '510185')?.value).toBe(26);
  });
});
