/**
 * Validation of dashboard query parameters. Every failure becomes a 400 whose message, in Chinese,
 * names the parameter, the value received and the accepted forms.
 */

import { PeriodError, parsePeriod } from '../domain/period.js';
import type { Frequency, MetaResponse } from './contract.js';

/** A bad query parameter: sent as `{ error: 'bad_request', message, field }` with status 400. */
export class QueryError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
    this.name = 'QueryError';
  }
}

export const FREQUENCIES: readonly Frequency[] = ['month', 'quarter', 'year', 'cumulative'];

type Query = Record<string, unknown>;

/** A query parameter as a single string; repeated or non-string values are rejected. */
function single(query: Query, field: string): string | undefined {
  const raw = query[field];
  if (raw === undefined || raw === '') return undefined;
  if (typeof raw !== 'string') {
    throw new QueryError(field, `参数 ${field} 只能出现一次，实际收到 ${JSON.stringify(raw)}`);
  }
  return raw.trim();
}

/** A period (`2021`, `2021-Q1`, `2021-03`, `2021-01/2021-03`), returned in canonical form, or undefined. */
export function periodParam(query: Query, field = 'period'): string | undefined {
  const value = single(query, field);
  if (value === undefined) return undefined;
  try {
    parsePeriod(value);
  } catch (e) {
    if (!(e instanceof PeriodError)) throw e;
    const forms = '可用格式：2021（年）、2021-Q1（季度）、2021-03（月）、2021-01/2021-03（同一年内的累计）';
    const reason = e.reason.includes('可用格式') ? e.reason : `${e.reason}。${forms}`;
    throw new QueryError(field, `参数 ${field} 的值「${value}」不是有效的期间：${reason}`);
  }
  return value;
}

export function frequencyParam(query: Query, fallback: Frequency): Frequency {
  const value = single(query, 'frequency');
  if (value === undefined) return fallback;
  const found = FREQUENCIES.find((f) => f === value);
  if (!found) {
    throw new QueryError(
      'frequency',
      `参数 frequency 的值「${value}」无效。可用值：month（月）、quarter（季度）、year（年）、cumulative（1–N月累计）`,
    );
  }
  return found;
}

/** An area code the plan knows, or undefined (= the plan's whole area). */
export function areaParam(query: Query, meta: MetaResponse): string | undefined {
  const value = single(query, 'area');
  if (value === undefined) return undefined;
  if (!meta.areas.some((a) => a.code === value) && value !== meta.root_area) {
    throw new QueryError(
      'area',
      `参数 area 的值「${value}」不是本规划的区域代码。可用值：${meta.root_area}（全市）或 ${meta.areas
        .filter((a) => a.code !== meta.root_area)
        .slice(0, 3)
        .map((a) => `${a.code}（${a.name}）`)
        .join('、')} 等，见 /api/meta 的 areas`,
    );
  }
  return value;
}

/** An indicator id the plan defines; a missing value is an error too. */
export function indicatorParam(value: string | undefined, field: string, meta: MetaResponse): string {
  const ids = meta.indicators.map((i) => i.id);
  if (value === undefined || value === '') {
    throw new QueryError(
      field,
      `缺少参数 ${field}：请给出指标编号，如 ${ids.slice(0, 2).join('、')}，见 /api/meta 的 indicators`,
    );
  }
  if (!ids.includes(value)) {
    throw new QueryError(
      field,
      `参数 ${field} 的值「${value}」不是本规划的指标编号。可用值：${ids.join('、')}`,
    );
  }
  return value;
}

export function indicatorQueryParam(query: Query, field: string, meta: MetaResponse): string {
  return indicatorParam(single(query, field), field, meta);
}

/**
 * The period a view shows when the request names none: the latest complete year (the year of
 * `latest_month` when that is December, else the year before), or the base year when only baselines exist.
 */
export function defaultPeriod(meta: MetaResponse): string {
  if (meta.latest_month === null) return String(meta.plan.metadata.period.base_year);
  const [year, month] = meta.latest_month.split('-').map(Number) as [number, number];
  return month === 12 ? String(year) : String(year - 1);
}
