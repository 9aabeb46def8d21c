import { type Figure, formatNumber, formatPoints, isNumber, unavailable } from './explained-figure.js';

const SHARE = 'share of the total (占比)';
const CHANGE = 'change of a share in percentage points (百分点)';

/** A part's share of the total in percent: part/total × 100 (32.3 means 32.3%). Null when the total is 0 or missing. */
export function share(part: number | null, total: number | null): Figure {
  if (!isNumber(part) || !isNumber(total)) return unavailable(SHARE, 'part or total missing');
  if (total === 0) return unavailable(SHARE, 'total is 0');
  const value = (part / total) * 100;
  return {
    value,
    formula: `${formatNumber(part)}/${formatNumber(total)} × 100 = ${formatNumber(value)}%`,
    method: SHARE,
  };
}

/**
 * How many percentage points (百分点) a share moved: current − previous, both in percent. A share change is a
 * difference, never a ratio: 15.0% → 32.3% is +17.3个百分点, not +115%.
 */
export function shareChangePoints(current: number | null, previous: number | null): Figure {
  if (!isNumber(current) || !isNumber(previous)) return unavailable(CHANGE, 'one of the shares is missing');
  const value = current - previous;
  return {
    value,
    formula: `${formatNumber(current)}% − ${formatNumber(previous)}% = ${formatPoints(value)}`,
    method: CHANGE,
  };
}

/** The earlier share from a later one and its stated change: 32.3% after rising 17.3个百分点 was 15.0%. */
export function shareBeforeChange(current: number, pointsChange: number): Figure {
  const value = current - pointsChange;
  return {
    value,
    formula: `${formatNumber(current)}% − ${formatPoints(pointsChange)} = ${formatNumber(value)}%`,
    method: CHANGE,
  };
}
