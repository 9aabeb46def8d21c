/**
 * Budget cells: each market segment's annual amount split over platforms and months, in 分. Every
 * calibrated total of a year is an exact sum of cells, so a feed whose rows sum to their cells
 * reproduces the totals to the cent, whatever the number of rows.
 */

import { splitByWeights } from './cumulative-rounding.js';
import { contribution, MARKET_SEGMENTS, type MarketSegment } from './market-segments.js';
import { PLATFORM_CODES, type PlatformCode } from './platforms.js';
import {
  CALIBRATED_KEYS,
  type CalibratedTotals,
  MONTH_WEIGHTS_PER_MILLE,
  simulatedAnnualTotals,
} from './simulated-totals.js';

export interface BudgetCell {
  year: number;
  month: number;
  platform: PlatformCode;
  segment: MarketSegment;
  /** sum(gmv) of the cell's rows, 分. */
  gross: number;
  /** sum(refunds) of the cell's rows, 分. */
  refunds: number;
}

function cellAmount(cell: BudgetCell, basis: 'net' | 'gross'): number {
  return basis === 'gross' ? cell.gross : cell.gross - cell.refunds;
}

function segmentCells(year: number, segment: MarketSegment, amount: number): BudgetCell[] {
  const platforms = PLATFORM_CODES.filter((p) => (segment.platformShares[p] ?? 0) > 0);
  const perPlatform = splitByWeights(
    amount,
    platforms.map((p) => segment.platformShares[p] as number),
  );
  const cells: BudgetCell[] = [];
  platforms.forEach((platform, p) => {
    splitByWeights(perPlatform[p] as number, MONTH_WEIGHTS_PER_MILLE).forEach((part, m) => {
      const r = segment.refundPerMille;
      const gross = segment.budget.basis === 'gross' ? part : Math.round((part * 1000) / (1000 - r));
      const refunds = segment.budget.basis === 'gross' ? Math.round((part * r) / 1000) : gross - part;
      cells.push({ year, month: m + 1, platform, segment, gross, refunds });
    });
  });
  return cells;
}

/** All cells of a year (every platform, every month), computed segment by segment. */
function computeYearCells(year: number): BudgetCell[] {
  const targets = simulatedAnnualTotals(year);
  const done: BudgetCell[] = [];
  for (const segment of MARKET_SEGMENTS) {
    const { of } = segment.budget;
    let amount: number;
    if ('share' in segment.budget) {
      amount = Math.round(targets[of] * segment.budget.share);
    } else {
      amount = targets[of];
      for (const cell of done) {
        const basis = contribution(cell.segment, of);
        if (basis) amount -= cellAmount(cell, basis);
      }
    }
    if (amount <= 0) throw new Error(`segment ${segment.letter} of ${year} has no budget left (${amount})`);
    done.push(...segmentCells(year, segment, amount));
  }
  return done;
}

const cache = new Map<number, readonly BudgetCell[]>();

/** The budget cells of `year`, ordered by month, then platform, then segment. */
export function yearCells(year: number): readonly BudgetCell[] {
  let cells = cache.get(year);
  if (!cells) {
    const platformOrder = (p: PlatformCode) => PLATFORM_CODES.indexOf(p);
    const segmentOrder = (s: MarketSegment) => s.letter;
    cells = computeYearCells(year).sort(
      (a, b) =>
        a.month - b.month ||
        platformOrder(a.platform) - platformOrder(b.platform) ||
        segmentOrder(a.segment).localeCompare(segmentOrder(b.segment)),
    );
    cache.set(year, cells);
  }
  return cells;
}

/** The cells a feed covers: one year or one month, all platforms or one. */
export function selectCells(year: number, month: number | null, platform: PlatformCode | null): BudgetCell[] {
  return yearCells(year).filter(
    (c) => (month === null || c.month === month) && (platform === null || c.platform === platform),
  );
}

/** The calibrated totals a set of cells adds up to (plus refunds), in 分. */
export function cellTotals(cells: readonly BudgetCell[]): CalibratedTotals & { refunds: number } {
  const totals = {
    transactionVolume: 0,
    onlineRetail: 0,
    onlineRetailGoods: 0,
    onlineRetailServices: 0,
    crossBorder: 0,
    liveStream: 0,
    refunds: 0,
  };
  for (const cell of cells) {
    for (const key of CALIBRATED_KEYS) {
      const basis = contribution(cell.segment, key);
      if (basis) totals[key] += cellAmount(cell, basis);
    }
    totals.refunds += cell.refunds;
  }
  return totals;
}

/**
 * Rows per cell for a feed of `rows` rows: at least one per cell, the rest by gross^0.6 × the
 * segment's row density (bigger cells have more stores, but fewer than in proportion to their value).
 */
export function rowsPerCell(cells: readonly BudgetCell[], rows: number): number[] {
  if (rows < cells.length) throw new Error(`need at least ${cells.length} rows`);
  const extra = splitByWeights(
    rows - cells.length,
    cells.map((c) => c.gross ** 0.6 * c.segment.rowDensity),
  );
  return extra.map((n) => n + 1);
}
