/**
 * The view state kept in the URL query (`indicator`, `area`, `period`, `frequency`, `lang`), so any view can
 * be shared as a link. Absent values fall back to defaults from the plan metadata; a value the plan does not
 * know is a problem the page shows (`problem`), never silently replaced by another view.
 */
import { computed } from 'vue';
import { type LocationQuery, useRoute, useRouter } from 'vue-router';
import type { Frequency, MetaResponse } from '../../src/api/contract/schemas.js';
import { meta } from './meta-store.js';
import { FREQUENCIES, frequencyOf, latestFullYear, normalizePeriod } from './periods.js';

export type ViewKey = 'indicator' | 'area' | 'period' | 'frequency' | 'lang';

/** A URL parameter the dashboard cannot show, worded by i18n (`urlProblem.<kind>`). */
export interface UrlProblem {
  kind: 'badPeriod' | 'periodRange' | 'unknownIndicator' | 'unknownArea' | 'badFrequency';
  parameter: ViewKey;
  value: string;
  params: Record<string, string | number>;
}

/** The years a period may fall in: the plan's base year to its end, or to the latest year with data. */
export function yearRange(m: MetaResponse): { from: number; to: number } {
  const { base_year, end } = m.plan.metadata.period;
  const latest = m.latest_month ? Number(m.latest_month.slice(0, 4)) : end;
  return { from: base_year, to: Math.max(end, latest) };
}

/** The first parameter of a query the plan cannot show, or null when every one is valid. */
export function urlProblem(q: LocationQuery, m: MetaResponse): UrlProblem | null {
  const at = (parameter: ViewKey, kind: UrlProblem['kind'], value: string, params = {}): UrlProblem => ({
    kind,
    parameter,
    value,
    params: { value, ...params },
  });
  const period = first(q, 'period');
  if (period !== null) {
    const canonical = normalizePeriod(period);
    if (canonical === null) return at('period', 'badPeriod', period);
    const { from, to } = yearRange(m);
    const year = Number(canonical.slice(0, 4));
    if (year < from || year > to) return at('period', 'periodRange', period, { from, to });
  }
  const frequency = first(q, 'frequency');
  if (frequency !== null && !FREQUENCIES.includes(frequency as Frequency))
    return at('frequency', 'badFrequency', frequency);
  const indicator = first(q, 'indicator');
  if (indicator !== null && !m.indicators.some((i) => i.id === indicator))
    return at('indicator', 'unknownIndicator', indicator);
  const area = first(q, 'area');
  if (
    area !== null &&
    area !== m.root_area &&
    !m.areas.some((a) => a.code === area) &&
    !m.zones.some((z) => z.id === area)
  )
    return at('area', 'unknownArea', area);
  return null;
}

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

  const problem = computed(() => (meta.value ? urlProblem(route.query, meta.value) : null));

  return { area, period, frequency, indicator, problem, update, query: computed(() => route.query) };
}
