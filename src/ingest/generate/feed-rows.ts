/**
 * The row generator: walks the selected budget cells and yields one row per store. Each cell is walked
 * twice with the same counter-based draws: first to sum the store weights, then to emit rows scaled to
 * the cell's budget. Amounts are floored to 分, each row's lost fraction carried to the next (error
 * diffusion, so the leftover stays below one 分 however many rows a cell has), and the remainder goes
 * to the cell's largest row, emitted last: every cell — and so every calibrated total — is exact.
 * Memory is constant: nothing but the current row is held.
 */

import {
  CATEGORIES,
  type CrossBorderMode,
  type GoodsOrService,
  type TradeMode,
} from '../../feed-format/feed-schema.js';
import { type BudgetCell, rowsPerCell } from './budget-cells.js';
import { B2B_ORDER_FACTOR, CATEGORY_TRAITS, type CategoryTraits } from './category-traits.js';
import { MARKET_SEGMENTS } from './market-segments.js';
import { B2B_MIX, PLATFORM_CODES, PLATFORMS, type PlatformCode } from './platforms.js';
import { cumulate, hashWith, normal, pickCumulative, uniform } from './prng.js';
import { AREA_CUMULATIVE, SELLER_AREAS } from './seller-areas.js';
import { syntheticUscc } from './synthetic-uscc.js';

/** One feed row; amounts in 分. The generator reuses one object, so copy it to keep it. */
export interface FeedRow {
  period: string;
  platform: string;
  storeId: string;
  sellerArea: string;
  sellerUscc: string;
  category: string;
  goodsOrService: GoodsOrService;
  tradeMode: TradeMode;
  isLive: 0 | 1;
  isSocial: 0 | 1;
  isCustom: 0 | 1;
  isRuralSeller: 0 | 1;
  isAgricultural: 0 | 1;
  crossBorder: CrossBorderMode;
  gmv: number;
  orders: number;
  refunds: number;
}

/** What the emitted rows add up to, in 分 (orders: a count). */
export interface FeedTotals {
  rows: number;
  transactionVolume: number;
  refunds: number;
  orders: number;
  onlineRetail: number;
  onlineRetailGoods: number;
  onlineRetailServices: number;
  crossBorder: number;
  liveStream: number;
}

export function emptyTotals(): FeedTotals {
  return {
    rows: 0,
    transactionVolume: 0,
    refunds: 0,
    orders: 0,
    onlineRetail: 0,
    onlineRetailGoods: 0,
    onlineRetailServices: 0,
    crossBorder: 0,
    liveStream: 0,
  };
}

function addRow(t: FeedTotals, r: FeedRow): void {
  t.rows++;
  t.transactionVolume += r.gmv;
  t.refunds += r.refunds;
  t.orders += r.orders;
  if (r.crossBorder !== 'none') t.crossBorder += r.gmv;
  if (r.tradeMode === 'B2B') return;
  const net = r.gmv - r.refunds;
  t.onlineRetail += net;
  if (r.goodsOrService === 'goods') t.onlineRetailGoods += net;
  else t.onlineRetailServices += net;
  if (r.isLive) t.liveStream += net;
}

/** Per-cell constants: the category table, draws that do not depend on the store, the id base. */
interface CellContext {
  cell: BudgetCell;
  period: string;
  segmentHash: number;
  monthKey: number;
  codes: string[];
  traits: CategoryTraits[];
  mix: Float64Array;
  socialShare: number;
  orderFactor: number;
}

function cellContext(cell: BudgetCell, seed: number): CellContext {
  const { segment, platform } = cell;
  const def = PLATFORMS[platform];
  const mix = segment.mode === 'B2B' ? B2B_MIX[segment.kind] : def.retailMix[segment.kind];
  const codes = Object.keys(mix);
  const platformIndex = PLATFORM_CODES.indexOf(platform);
  const segmentIndex = MARKET_SEGMENTS.indexOf(segment);
  return {
    cell,
    period: `${cell.year}-${String(cell.month).padStart(2, '0')}`,
    segmentHash: hashWith(hashWith(hashWith(0, seed >>> 0), platformIndex), segmentIndex),
    monthKey: cell.year * 12 + cell.month,
    codes,
    traits: codes.map((c) => CATEGORY_TRAITS[c] as CategoryTraits),
    mix: cumulate(codes.map((c) => mix[c] as number)),
    socialShare: def.socialShare,
    orderFactor: segment.mode === 'B2B' ? B2B_ORDER_FACTOR : 1,
  };
}

/** A store's main category (an index into the cell's category table). */
function storeCategory(ctx: CellContext, storeHash: number): number {
  return pickCumulative(ctx.mix, uniform(storeHash, 0));
}

/** A store's weight this month: lognormal size × category factor × month noise. */
function storeWeight(ctx: CellContext, category: number, storeHash: number, monthHash: number): number {
  const size = Math.exp(ctx.cell.segment.sizeSigma * normal(storeHash, 1));
  return size * (ctx.traits[category] as CategoryTraits).valueFactor * Math.exp(0.25 * normal(monthHash, 0));
}

/** Refund propensity of a store this month (0.3–1.7, mean 1). */
function refundNoise(monthHash: number): number {
  return 0.3 + 1.4 * uniform(monthHash, 2);
}

const GOODS_OR_SERVICE = new Map(CATEGORIES.map((c) => [c.code, c.kind]));

/** Fills the descriptive columns of `row` for store `i` of the cell. */
function describeStore(row: FeedRow, ctx: CellContext, category: number, i: number, storeHash: number): void {
  const { segment } = ctx.cell;
  const traits = ctx.traits[category] as CategoryTraits;
  const crossBorder = segment.crossBorder !== 'none';
  const rural = !crossBorder && uniform(storeHash, 3) < traits.rural;
  const profile = crossBorder ? 'crossBorder' : rural ? 'rural' : 'urban';
  const area = (
    SELLER_AREAS[pickCumulative(AREA_CUMULATIVE[profile], uniform(storeHash, 8))] as { code: string }
  ).code;
  const hasUscc = segment.mode === 'B2B' || (segment.mode === 'B2C' && uniform(storeHash, 7) < 0.92);
  row.storeId = segment.letter + String((i * 7_654_321 + 13_579) % 1_000_000_000).padStart(9, '0');
  row.sellerArea = area;
  row.sellerUscc = hasUscc
    ? syntheticUscc(storeHash, area, segment.mode === 'B2C' && uniform(storeHash, 10) < 0.3)
    : '';
  row.category = ctx.codes[category] as string;
  row.goodsOrService = GOODS_OR_SERVICE.get(row.category) as GoodsOrService;
  row.isSocial = uniform(storeHash, 6) < ctx.socialShare ? 1 : 0;
  row.isCustom = uniform(storeHash, 5) < traits.custom ? 1 : 0;
  row.isRuralSeller = rural ? 1 : 0;
  row.isAgricultural = uniform(storeHash, 4) < traits.agricultural ? 1 : 0;
  row.crossBorder =
    segment.crossBorder === 'retail'
      ? uniform(storeHash, 9) < 0.6
        ? '9610'
        : '1210'
      : segment.crossBorder === 'b2b'
        ? uniform(storeHash, 9) < 0.55
          ? '9710'
          : '9810'
        : 'none';
}

function orders(ctx: CellContext, gmv: number, category: string, monthHash: number): number {
  if (gmv <= 0) return 0;
  const value = (CATEGORY_TRAITS[category] as CategoryTraits).orderValue * ctx.orderFactor * 100;
  return Math.max(1, Math.round(gmv / (value * Math.exp(0.3 * normal(monthHash, 3)))));
}

export interface FeedRowsSpec {
  cells: readonly BudgetCell[];
  rows: number;
  seed: number;
}

/**
 * Yields the rows of the selected cells (one reused object) and adds each to `totals`.
 * Store ids are unique per platform × month: the segment letter plus a permuted store number.
 */
export function* feedRows(spec: FeedRowsSpec, totals: FeedTotals): Generator<FeedRow> {
  const counts = rowsPerCell(spec.cells, spec.rows);
  const row: FeedRow = {
    period: '',
    platform: '',
    storeId: '',
    sellerArea: '',
    sellerUscc: '',
    category: '',
    goodsOrService: 'goods',
    tradeMode: 'B2C',
    isLive: 0,
    isSocial: 0,
    isCustom: 0,
    isRuralSeller: 0,
    isAgricultural: 0,
    crossBorder: 'none',
    gmv: 0,
    orders: 0,
    refunds: 0,
  };
  for (let c = 0; c < spec.cells.length; c++) {
    const cell = spec.cells[c] as BudgetCell;
    const n = counts[c] as number;
    const ctx = cellContext(cell, spec.seed);
    let weightSum = 0;
    let refundWeightSum = 0;
    let largest = 0;
    let largestWeight = -1;
    for (let i = 0; i < n; i++) {
      const storeHash = hashWith(ctx.segmentHash, i);
      const monthHash = hashWith(storeHash, ctx.monthKey);
      const w = storeWeight(ctx, storeCategory(ctx, storeHash), storeHash, monthHash);
      weightSum += w;
      refundWeightSum += w * refundNoise(monthHash);
      if (w > largestWeight) {
        largestWeight = w;
        largest = i;
      }
    }
    const gmvScale = cell.gross / weightSum;
    const refundScale = cell.refunds / refundWeightSum;
    row.period = ctx.period;
    row.platform = cell.platform;
    row.tradeMode = cell.segment.mode;
    row.isLive = cell.segment.live ? 1 : 0;
    let gmvSum = 0;
    let refundSum = 0;
    let gmvCarry = 0;
    let refundCarry = 0;
    for (let k = 0; k < n; k++) {
      const last = k === n - 1;
      const i = last ? largest : k < largest ? k : k + 1;
      const storeHash = hashWith(ctx.segmentHash, i);
      const monthHash = hashWith(storeHash, ctx.monthKey);
      const category = storeCategory(ctx, storeHash);
      describeStore(row, ctx, category, i, storeHash);
      if (last) {
        row.gmv = cell.gross - gmvSum;
        row.refunds = cell.refunds - refundSum;
        if (row.refunds > row.gmv) throw new Error(`refund remainder exceeds gmv in cell ${ctx.period}`);
      } else {
        const w = storeWeight(ctx, category, storeHash, monthHash);
        const gmv = w * gmvScale + gmvCarry;
        row.gmv = Math.floor(gmv);
        gmvCarry = gmv - row.gmv;
        const refunds = w * refundNoise(monthHash) * refundScale + refundCarry;
        row.refunds = Math.min(row.gmv, Math.floor(refunds));
        refundCarry = refunds - row.refunds;
        gmvSum += row.gmv;
        refundSum += row.refunds;
      }
      row.orders = orders(ctx, row.gmv, row.category, monthHash);
      addRow(totals, row);
      yield row;
    }
  }
}

/** A store that names its 统一社会信用代码 in the generated feeds: where it sells from and the code. */
export interface SimulatedSeller {
  uscc: string;
  area: string;
  platform: PlatformCode;
  /** Sells through live streams (a live segment). */
  live: boolean;
}

/**
 * The first `perSegment` stores of every platform × B2C/B2B segment that name a USCC, smallest store numbers
 * first (a store with a small number is in every month's feed of its platform). The simulated registry
 * designates these sellers, so a designated firm's page shows its platform figures. Same seed, same sellers.
 */
export function simulatedSellers(seed: number, perSegment = 10): SimulatedSeller[] {
  const row = { sellerArea: '', sellerUscc: '' } as FeedRow;
  const contexts = PLATFORM_CODES.flatMap((platform) =>
    MARKET_SEGMENTS.filter((s) => s.mode !== 'C2C' && (s.platformShares[platform] ?? 0) > 0).map((segment) =>
      cellContext({ year: 2020, month: 1, platform, segment, gross: 0, refunds: 0 }, seed),
    ),
  );
  const out: SimulatedSeller[] = [];
  for (let i = 0; i < perSegment; i++)
    for (const ctx of contexts) {
      const storeHash = hashWith(ctx.segmentHash, i);
      describeStore(row, ctx, storeCategory(ctx, storeHash), i, storeHash);
      if (row.sellerUscc !== '')
        out.push({
          uscc: row.sellerUscc,
          area: row.sellerArea,
          platform: ctx.cell.platform,
          live: ctx.cell.segment.live,
        });
    }
  return out;
}
