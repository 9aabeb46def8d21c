import { type Figure, formatNumber, formatPoints, isNumber, unavailable } from './explained-figure.js';

/** A part (a district, a domain) and the total it belongs to, in this period and the comparison period. */
export interface PartOfTotal {
  part: number | null;
  partPrevious: number | null;
  total: number | null;
  totalPrevious: number | null;
}

const CONTRIBUTION = 'contribution rate to the growth of the total (贡献率)';
const PULL = 'pull on the growth of the total (拉动百分点)';

/**
 * Contribution rate (贡献率) in percent: the part's increase as a share of the total's increase,
 * (part_t − part_{t−1}) / (total_t − total_{t−1}) × 100. The contributions of all parts sum to 100.
 * Null when the total did not change or an input is missing.
 */
export function contribution(x: PartOfTotal): Figure {
  const { part, partPrevious, total, totalPrevious } = x;
  if (!isNumber(part) || !isNumber(partPrevious) || !isNumber(total) || !isNumber(totalPrevious)) {
    return unavailable(CONTRIBUTION, 'a current or previous value is missing');
  }
  if (total === totalPrevious) return unavailable(CONTRIBUTION, 'the total did not change');
  const value = ((part - partPrevious) / (total - totalPrevious)) * 100;
  return {
    value,
    formula: `(${formatNumber(part)} − ${formatNumber(partPrevious)})/(${formatNumber(total)} − ${formatNumber(totalPrevious)}) × 100 = ${formatNumber(value)}%`,
    method: CONTRIBUTION,
  };
}

/**
 * Pull (拉动) in percentage points: how much of the total's growth the part accounts for,
 * (part_t − part_{t−1}) / total_{t−1} × 100. The pulls of all parts sum to the total's growth in percent.
 * Null when the previous total is 0 or an input is missing.
 */
export function pull(x: Omit<PartOfTotal, 'total'>): Figure {
  const { part, partPrevious, totalPrevious } = x;
  if (!isNumber(part) || !isNumber(partPrevious) || !isNumber(totalPrevious)) {
    return unavailable(PULL, 'a current or previous value is missing');
  }
  if (totalPrevious === 0) return unavailable(PULL, 'the previous total is 0');
  const value = ((part - partPrevious) / totalPrevious) * 100;
  return {
    value,
    formula: `(${formatNumber(part)} − ${formatNumber(partPrevious)})/${formatNumber(totalPrevious)} × 100 = ${formatPoints(value)}`,
    method: PULL,
  };
}
