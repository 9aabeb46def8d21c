/**
 * The totals a simulated feed is calibrated to. 2020 reproduces the plan's published figures (一(一),
 * 专栏4); later years grow at assumed rates for demonstration only: they are not forecasts.
 * All amounts are integer 分 (cents), so sums over millions of rows stay exact.
 */

/** The calibrated measures of one year (or one slice of it), in 分. */
export interface CalibratedTotals {
  /** 电子商务交易额: sum(gmv) over all rows. */
  transactionVolume: number;
  /** 网上零售额: sum(gmv − refunds) where trade_mode in (B2C, C2C). */
  onlineRetail: number;
  /** 实物商品网上零售额: the goods part of online retail. */
  onlineRetailGoods: number;
  /** 服务型网上零售额: the service part of online retail. */
  onlineRetailServices: number;
  /** 跨境电商交易额: sum(gmv) where cross_border ≠ none. */
  crossBorder: number;
  /** 直播电商交易额 (net): sum(gmv − refunds) where is_live = 1 and trade_mode in (B2C, C2C). */
  liveStream: number;
}

export const CALIBRATED_KEYS: readonly (keyof CalibratedTotals)[] = [
  'transactionVolume',
  'onlineRetail',
  'onlineRetailGoods',
  'onlineRetailServices',
  'crossBorder',
  'liveStream',
];

export const BASE_YEAR = 2020;
/** The last year simulated (the plan's 2035 outlook); keeps every amount far inside exact integer range. */
export const LAST_YEAR = 2035;

const WAN_YUAN = 1_000_000; // 1万元 in 分

/** 2020 in 万元: 22637.5亿, 4129.5亿 (of which goods 2618.8亿), 435.82亿 (专栏4; 正文 435.8亿), and 直播 "超过百亿" taken as 102.6亿. */
const BASE_WAN = {
  transactionVolume: 226_375_000,
  onlineRetail: 41_295_000,
  crossBorder: 4_358_200,
  liveStream: 1_026_000,
};
const BASE_GOODS_WAN = 26_188_000;

type GrowthSeries = keyof typeof BASE_WAN;

/** Assumed annual growth for 2021–2025 (per cent); after 2025 each rate is 0.8 × the year before's. */
export const SIMULATED_GROWTH_PERCENT: Readonly<Record<GrowthSeries, readonly number[]>> = {
  transactionVolume: [11, 11, 10.5, 10, 9.5],
  onlineRetail: [14, 14, 13, 12.5, 12],
  crossBorder: [25, 25, 22, 20, 18],
  liveStream: [60, 50, 40, 30, 25],
};

/** The assumed growth rate (a fraction) of a series from year − 1 to year. */
export function simulatedGrowthRate(series: GrowthSeries, year: number): number {
  const table = SIMULATED_GROWTH_PERCENT[series];
  const i = year - BASE_YEAR - 1;
  if (i < 0) throw new Error(`no simulated growth before ${BASE_YEAR + 1}`);
  const last = table.length - 1;
  const percent = i <= last ? (table[i] as number) : (table[last] as number) * 0.8 ** (i - last);
  return percent / 100;
}

/**
 * Annual totals the generator is calibrated to for `year` (2020–2035), in 分. Each series is rounded to
 * 万元 every year; the goods share of online retail stays at its 2020 value (2618.8 / 4129.5).
 *
 * @example simulatedAnnualTotals(2020).transactionVolume === 226_375_000_000_000 // 22637.5亿元
 */
export function simulatedAnnualTotals(year: number): CalibratedTotals {
  if (!Number.isInteger(year) || year < BASE_YEAR || year > LAST_YEAR) {
    throw new Error(`simulated totals cover ${BASE_YEAR}–${LAST_YEAR}, not ${year}`);
  }
  const wan: Record<GrowthSeries, number> = { ...BASE_WAN };
  for (let y = BASE_YEAR + 1; y <= year; y++) {
    for (const series of Object.keys(wan) as GrowthSeries[]) {
      wan[series] = Math.round(wan[series] * (1 + simulatedGrowthRate(series, y)));
    }
  }
  const goodsWan = Math.round(wan.onlineRetail * (BASE_GOODS_WAN / BASE_WAN.onlineRetail));
  return {
    transactionVolume: wan.transactionVolume * WAN_YUAN,
    onlineRetail: wan.onlineRetail * WAN_YUAN,
    onlineRetailGoods: goodsWan * WAN_YUAN,
    onlineRetailServices: (wan.onlineRetail - goodsWan) * WAN_YUAN,
    crossBorder: wan.crossBorder * WAN_YUAN,
    liveStream: wan.liveStream * WAN_YUAN,
  };
}

/**
 * Seasonal weights of months 1–12 in ‰ (sum 1000): a Spring Festival dip in February, 618 in June,
 * 双11 in November, and a year-end lift in December. One profile for every measure and platform.
 */
export const MONTH_WEIGHTS_PER_MILLE: readonly number[] = [75, 55, 75, 78, 82, 98, 78, 80, 84, 85, 120, 90];

/** Formats 分 as 元 with two decimals, exactly: 12345 → "123.45". */
export function centsToYuan(cents: number): string {
  const negative = cents < 0;
  const abs = negative ? -cents : cents;
  const yuan = Math.floor(abs / 100);
  const fen = abs - yuan * 100;
  return `${negative ? '-' : ''}${yuan}${fen < 10 ? '.0' : '.'}${fen}`;
}
