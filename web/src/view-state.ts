/**
 * The view state kept in the URL query (`indicator`, `area`, `period`, `frequency`), so any view can be
 * shared as a link. Absent values fall back to defaults from the plan metadata.
 */
import { computed } from 'vue';
import { type LocationQuery, useRoute, useRouter } from 'vue-router';
import type { Frequency } from '../../src/api/contract/schemas.js';
import { meta } from './meta-store.js';
import { FREQUENCIES, frequencyOf, latestFullYear, normalizePeriod } from './periods.js';

export type ViewKey = 'indicator' | 'area' | 'period' | 'frequency';

const first = (q: LocationQuery, key: string): string | null => {
  const v = q[key];
  const s = Array.isArray(v) ? v[0] : v;
  return s ? String(s) : null;
};

export function useViewState() {
  const route = useRoute();
  const router = useRouter();

  /** The selected area, or null for the whole plan area. */
  const area = computed(() => {
    const code = first(route.query, 'area');
    return code && code !== meta.value?.root_area ? code : null;
  });
  const defaultPeriod = computed(() =>
    String(
      latestFullYear(meta.value?.latest_month ?? null, meta.value?.plan.metadata.period.base_year ?? 2020),
    ),
  );
  const period = computed(() => normalizePeriod(first(route.query, 'period')) ?? defaultPeriod.value);
  const frequency = computed<Frequency>(() => {
    const f = first(route.query, 'frequency');
    return FREQUENCIES.find((x) => x === f) ?? frequencyOf(period.value);
  });
  const indicator = computed(() => {
    const id = first(route.query, 'indicator');
    const indicators = meta.value?.indicators ?? [];
    return indicators.find((i) => i.id === id)?.id ?? indicators[0]?.id ?? null;
  });

  /** Changes part of the state; `null` removes a key. Keeps the other keys. */
  function update(patch: Partial<Record<ViewKey, string | null>>, path?: string) {
    const query: Record<string, string> = {};
    for (const [k, v] of Object.entries(route.query)) {
      const s = Array.isArray(v) ? v[0] : v;
      if (s) query[k] = String(s);
    }
    for (const [k, v] of Object.entries(patch)) {
      if (v === null || v === undefined || v === '') delete query[k];
      else query[k] = v;
    }
    return router.push({ path: path ?? route.path, query });
  }

  return { area, period, frequency, indicator, update, query: computed(() => route.query) };
}
