/**
 * A data query of the SDMX REST API: the key filter (`M.510104+510105.ONLINE_RETAIL_SALES.`: one part per
 * dimension in key order, `+` for alternatives, empty for any, `all` for everything), startPeriod/endPeriod
 * and dimensionAtObservation. Bad parameters are errors naming the parameter, the value and the rule.
 */
import { HttpProblem } from '../api/http-problem.js';
import type { OpenObservation } from './open-observations.js';
import { FIXED_DIMENSIONS, type SdmxStructure, TIME_DIMENSION, TOTAL_CODE } from './sdmx-structure.js';

export interface DataQuery {
  /** Per dimension id, the codes asked for; absent = any. */
  key: Map<string, Set<string>>;
  /** Inclusive month indexes (year × 12 + month − 1). */
  from?: number;
  to?: number;
  /** TIME_PERIOD, AllDimensions or a dimension id. */
  dimensionAtObservation: string;
}

export const ALL_DIMENSIONS = 'AllDimensions';

export function parseDataQuery(
  s: SdmxStructure,
  key: string | undefined,
  q: { startPeriod?: string; endPeriod?: string; dimensionAtObservation?: string },
): DataQuery {
  const order = s.dimensions.map((d) => d.id);
  const filter = new Map<string, Set<string>>();
  if (key !== undefined && key !== '' && key !== 'all') {
    let parts = key.split('.');
    // The short form: the first four parts only, the totals (`_T`) of the plan's own dimensions.
    if (parts.length === FIXED_DIMENSIONS.length && order.length > parts.length)
      parts = [...parts, ...order.slice(parts.length).map(() => TOTAL_CODE)];
    if (parts.length !== order.length)
      throw HttpProblem.badParameter(
        'key',
        key,
        `键「${key}」有 ${parts.length} 段，本数据结构的键有 ${order.length} 段：${order.join('.')}（每段可用 + 连接多个代码，留空表示全部；或用 all${
          order.length > FIXED_DIMENSIONS.length
            ? `；只写前 ${FIXED_DIMENSIONS.length} 段表示其余维度取总计 ${TOTAL_CODE}`
            : ''
        }）。`,
      );
    parts.forEach((part, i) => {
      if (part !== '') filter.set(order[i] as string, new Set(part.split('+')));
    });
  }
  const dimensionAtObservation = q.dimensionAtObservation ?? TIME_DIMENSION;
  const allowed = [TIME_DIMENSION, ALL_DIMENSIONS, ...order];
  if (!allowed.includes(dimensionAtObservation))
    throw HttpProblem.badParameter(
      'dimensionAtObservation',
      dimensionAtObservation,
      `参数 dimensionAtObservation 的值「${dimensionAtObservation}」无效：可用 ${allowed.join('、')}。`,
    );
  return {
    key: filter,
    from: q.startPeriod ? periodBound('startPeriod', q.startPeriod, 'start') : undefined,
    to: q.endPeriod ? periodBound('endPeriod', q.endPeriod, 'end') : undefined,
    dimensionAtObservation,
  };
}

const BOUND = /^(\d{4})(?:-(?:Q([1-4])|(\d{2}))(?:-(\d{2}))?)?$/;

/** The first (start) or last (end) month index of an SDMX period bound: 2021, 2021-Q2, 2021-05, 2021-05-31. */
function periodBound(parameter: string, text: string, side: 'start' | 'end'): number {
  const m = BOUND.exec(text);
  const month = m?.[3] !== undefined ? Number(m[3]) : undefined;
  if (!m || (month !== undefined && (month < 1 || month > 12)))
    throw HttpProblem.badParameter(
      parameter,
      text,
      `参数 ${parameter} 的值「${text}」不是 SDMX 时期：应为 2021、2021-Q2、2021-05 或 2021-05-31。`,
    );
  const year = Number(m[1]);
  if (month !== undefined) return year * 12 + month - 1;
  if (m[2] !== undefined) {
    const q = Number(m[2]);
    return year * 12 + (side === 'start' ? q * 3 - 3 : q * 3 - 1);
  }
  return year * 12 + (side === 'start' ? 0 : 11);
}

/** The months an observation's TIME_PERIOD covers, as month indexes (YTD counts from January). */
function span(o: OpenObservation): [number, number] {
  const t = o.time;
  const year = Number(t.slice(0, 4));
  if (o.key.FREQ === 'A') return [year * 12, year * 12 + 11];
  if (o.key.FREQ === 'Q') {
    const q = Number(t.slice(6));
    return [year * 12 + q * 3 - 3, year * 12 + q * 3 - 1];
  }
  const range = /^\d{4}-(\d{2})-01\/P(\d+)M$/.exec(t);
  if (range) {
    const first = year * 12 + Number(range[1]) - 1;
    return [first, first + Number(range[2]) - 1];
  }
  const last = year * 12 + Number(t.slice(5, 7)) - 1;
  return [o.key.ACCUMULATION === 'YTD' ? year * 12 : last, last];
}

export function selectObservations(all: readonly OpenObservation[], q: DataQuery): OpenObservation[] {
  return all.filter((o) => {
    for (const [dim, codes] of q.key) if (!codes.has(o.key[dim] ?? '')) return false;
    const [first, last] = span(o);
    if (q.from !== undefined && last < q.from) return false;
    if (q.to !== undefined && first > q.to) return false;
    return true;
  });
}
