import { monthSpan, type Period } from './period.js';

/** How a measure aggregates over time: a flow sums (sales), a stock takes the last value (enterprise count). */
export type Aggregation = 'flow' | 'stock';

export interface MonthValue {
  /** `YYYY-MM` */
  month: string;
  value: number;
}

/**
 * Rolls monthly values up to any period: flows sum the covered months, stocks take the value of the
 * latest covered month present. Returns null when a flow is missing any month (an incomplete sum would
 * understate the level) or a stock has no month at all.
 */
export function rollUp(
  values: readonly MonthValue[],
  period: Period,
  aggregation: Aggregation,
): number | null {
  const { year, from, to } = monthSpan(period);
  const byMonth = new Map(values.map((v) => [v.month, v.value]));
  if (aggregation === 'flow') {
    let sum = 0;
    for (let m = from; m <= to; m++) {
      const v = byMonth.get(`${year}-${String(m).padStart(2, '0')}`);
      if (v === undefined) return null;
      sum += v;
    }
    return sum;
  }
  for (let m = to; m >= from; m--) {
    const v = byMonth.get(`${year}-${String(m).padStart(2, '0')}`);
    if (v !== undefined) return v;
  }
  return null;
}
