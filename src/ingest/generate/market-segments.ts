/**
 * Market segments: the unit of calibration. A segment is one combination of trade mode, goods/service,
 * cross-border class and live-stream flag; its annual amount is either a fixed share of one calibrated
 * total or the residual that makes that total exact. Segments are split over platforms by the shares
 * below and over months by the seasonal weights. Assumptions for demonstration (docs/generator.md).
 */
import type { GoodsOrService, TradeMode } from '../../feed-format/feed-schema.js';
import type { PlatformCode } from './platforms.js';
import type { CalibratedTotals } from './simulated-totals.js';

/** `none`; `retail` = 9610/1210 (B2C); `b2b` = 9710/9810. */
export type CrossBorderClass = 'none' | 'retail' | 'b2b';

export type SegmentBudget =
  | { basis: 'net' | 'gross'; of: keyof CalibratedTotals; share: number }
  | { basis: 'net' | 'gross'; of: keyof CalibratedTotals; residual: true };

export interface MarketSegment {
  /** One letter, unique; starts the segment's store ids. */
  letter: string;
  mode: TradeMode;
  kind: GoodsOrService;
  crossBorder: CrossBorderClass;
  live: boolean;
  budget: SegmentBudget;
  /** Refunds as ‰ of gmv. */
  refundPerMille: number;
  /** σ of the lognormal store-size draw: larger = more concentrated in a few big stores. */
  sizeSigma: number;
  /** Rows per unit of budget^0.6 relative to B2C: many small C2C sellers, few large B2B suppliers. */
  rowDensity: number;
  platformShares: Readonly<Partial<Record<PlatformCode, number>>>;
}

/** In processing order: a residual segment comes after every segment it depends on. */
export const MARKET_SEGMENTS: readonly MarketSegment[] = [
  {
    letter: 'B',
    mode: 'C2C',
    kind: 'goods',
    crossBorder: 'none',
    live: false,
    budget: { basis: 'net', of: 'onlineRetailGoods', share: 0.06 },
    refundPerMille: 50,
    sizeSigma: 1.1,
    rowDensity: 3,
    platformShares: { 'sim-mall': 0.75, 'sim-local': 0.05, 'sim-live': 0.2 },
  },
  {
    letter: 'C',
    mode: 'B2C',
    kind: 'goods',
    crossBorder: 'none',
    live: true,
    budget: { basis: 'net', of: 'liveStream', share: 0.72 },
    refundPerMille: 120,
    sizeSigma: 1.8,
    rowDensity: 1,
    platformShares: { 'sim-mall': 0.25, 'sim-local': 0.05, 'sim-live': 0.7 },
  },
  {
    letter: 'D',
    mode: 'C2C',
    kind: 'goods',
    crossBorder: 'none',
    live: true,
    budget: { basis: 'net', of: 'liveStream', share: 0.18 },
    refundPerMille: 100,
    sizeSigma: 1.5,
    rowDensity: 3,
    platformShares: { 'sim-mall': 0.1, 'sim-live': 0.9 },
  },
  {
    letter: 'E',
    mode: 'B2C',
    kind: 'goods',
    crossBorder: 'retail',
    live: false,
    budget: { basis: 'gross', of: 'crossBorder', share: 0.3 },
    refundPerMille: 40,
    sizeSigma: 1.4,
    rowDensity: 1,
    platformShares: { 'sim-mall': 0.35, 'sim-live': 0.05, 'sim-xborder': 0.6 },
  },
  {
    letter: 'G',
    mode: 'C2C',
    kind: 'service',
    crossBorder: 'none',
    live: false,
    budget: { basis: 'net', of: 'onlineRetailServices', share: 0.04 },
    refundPerMille: 20,
    sizeSigma: 1,
    rowDensity: 3,
    platformShares: { 'sim-mall': 0.1, 'sim-local': 0.8, 'sim-live': 0.1 },
  },
  {
    letter: 'J',
    mode: 'B2B',
    kind: 'service',
    crossBorder: 'none',
    live: false,
    budget: { basis: 'gross', of: 'transactionVolume', share: 0.06 },
    refundPerMille: 10,
    sizeSigma: 1.6,
    rowDensity: 0.3,
    platformShares: { 'sim-mall': 0.1, 'sim-b2b': 0.4, 'sim-local': 0.5 },
  },
  {
    letter: 'H',
    mode: 'B2C',
    kind: 'service',
    crossBorder: 'none',
    live: true,
    budget: { basis: 'net', of: 'liveStream', residual: true },
    refundPerMille: 50,
    sizeSigma: 1.6,
    rowDensity: 1,
    platformShares: { 'sim-mall': 0.05, 'sim-local': 0.35, 'sim-live': 0.6 },
  },
  {
    letter: 'K',
    mode: 'B2B',
    kind: 'goods',
    crossBorder: 'b2b',
    live: false,
    budget: { basis: 'gross', of: 'crossBorder', residual: true },
    refundPerMille: 10,
    sizeSigma: 1.7,
    rowDensity: 0.3,
    platformShares: { 'sim-mall': 0.05, 'sim-b2b': 0.55, 'sim-xborder': 0.4 },
  },
  {
    letter: 'A',
    mode: 'B2C',
    kind: 'goods',
    crossBorder: 'none',
    live: false,
    budget: { basis: 'net', of: 'onlineRetailGoods', residual: true },
    refundPerMille: 70,
    sizeSigma: 1.5,
    rowDensity: 1,
    platformShares: {
      'sim-mall': 0.7,
      'sim-b2b': 0.03,
      'sim-local': 0.05,
      'sim-live': 0.17,
      'sim-xborder': 0.05,
    },
  },
  {
    letter: 'F',
    mode: 'B2C',
    kind: 'service',
    crossBorder: 'none',
    live: false,
    budget: { basis: 'net', of: 'onlineRetailServices', residual: true },
    refundPerMille: 30,
    sizeSigma: 1.4,
    rowDensity: 1,
    platformShares: { 'sim-mall': 0.2, 'sim-local': 0.65, 'sim-live': 0.15 },
  },
  {
    letter: 'I',
    mode: 'B2B',
    kind: 'goods',
    crossBorder: 'none',
    live: false,
    budget: { basis: 'gross', of: 'transactionVolume', residual: true },
    refundPerMille: 10,
    sizeSigma: 1.8,
    rowDensity: 0.3,
    platformShares: { 'sim-mall': 0.15, 'sim-b2b': 0.8, 'sim-local': 0.03, 'sim-xborder': 0.02 },
  },
];

/** How a segment contributes to a calibrated total: on which basis, or not at all. */
export function contribution(segment: MarketSegment, total: keyof CalibratedTotals): 'net' | 'gross' | null {
  const retail = segment.mode !== 'B2B';
  switch (total) {
    case 'transactionVolume':
      return 'gross';
    case 'onlineRetail':
      return retail ? 'net' : null;
    case 'onlineRetailGoods':
      return retail && segment.kind === 'goods' ? 'net' : null;
    case 'onlineRetailServices':
      return retail && segment.kind === 'service' ? 'net' : null;
    case 'crossBorder':
      return segment.crossBorder !== 'none' ? 'gross' : null;
    case 'liveStream':
      return retail && segment.live ? 'net' : null;
  }
}
