/**
 * The platform feed format (docs/feeds.md): one row per store × month × category. Column order, value
 * kinds, coded values and the category list are shared by the generator, the plan checker and the ingest
 * path. This module imports nothing of ecmon's: plan/ and ingest/ both depend on it.
 */

/** The file formats a feed may come in. */
export type FeedFormat = 'csv' | 'parquet' | 'ndjson' | 'xlsx';
export const FEED_FORMATS: readonly FeedFormat[] = ['csv', 'parquet', 'ndjson', 'xlsx'];

export const FEED_COLUMNS = [
  'period',
  'platform',
  'store_id',
  'seller_area',
  'seller_uscc',
  'category',
  'goods_or_service',
  'trade_mode',
  'is_live',
  'is_social',
  'is_custom',
  'is_rural_seller',
  'is_agricultural',
  'cross_border',
  'gmv',
  'orders',
  'refunds',
] as const;

export type FeedColumn = (typeof FEED_COLUMNS)[number];

export type TradeMode = 'B2B' | 'B2C' | 'C2C';
export type GoodsOrService = 'goods' | 'service';
export type CrossBorderMode = 'none' | '9610' | '9710' | '9810' | '1210';

export const TRADE_MODES: readonly TradeMode[] = ['B2B', 'B2C', 'C2C'];
export const CROSS_BORDER_MODES: readonly CrossBorderMode[] = ['none', '9610', '9710', '9810', '1210'];

export interface CategoryDef {
  code: string;
  kind: GoodsOrService;
  zh: string;
}

/** The fixed category list (实物型 goods first, then 服务型 services). */
export const CATEGORIES: readonly CategoryDef[] = [
  { code: 'apparel', kind: 'goods', zh: '服装' },
  { code: 'footwear', kind: 'goods', zh: '鞋类' },
  { code: 'food', kind: 'goods', zh: '食品' },
  { code: 'agri_products', kind: 'goods', zh: '农产品' },
  { code: 'beverages_liquor', kind: 'goods', zh: '饮料酒茶' },
  { code: 'electronics', kind: 'goods', zh: '电子产品' },
  { code: 'home_furnishing', kind: 'goods', zh: '家居家装' },
  { code: 'beauty', kind: 'goods', zh: '美妆个护' },
  { code: 'books', kind: 'goods', zh: '图书文创' },
  { code: 'industrial_goods', kind: 'goods', zh: '工业品' },
  { code: 'raw_materials', kind: 'goods', zh: '原材料' },
  { code: 'catering', kind: 'service', zh: '餐饮' },
  { code: 'travel_hotel', kind: 'service', zh: '旅游住宿' },
  { code: 'health_medical', kind: 'service', zh: '医疗健康' },
  { code: 'education', kind: 'service', zh: '教育培训' },
  { code: 'local_services', kind: 'service', zh: '本地生活服务' },
  { code: 'entertainment', kind: 'service', zh: '文娱休闲' },
];

/** Sheet rows available for data in an XLSX feed: 1,048,576 minus the header row. */
export const XLSX_MAX_DATA_ROWS = 1_048_575;

/**
 * What each column carries: text, an amount (元, at most two decimals), a count (an integer) or a flag
 * (0/1 or true/false).
 */
export type FeedValueKind = 'text' | 'amount' | 'count' | 'flag';

export const COLUMN_KINDS: Readonly<Record<FeedColumn, FeedValueKind>> = {
  period: 'text',
  platform: 'text',
  store_id: 'text',
  seller_area: 'text',
  seller_uscc: 'text',
  category: 'text',
  goods_or_service: 'text',
  trade_mode: 'text',
  is_live: 'flag',
  is_social: 'flag',
  is_custom: 'flag',
  is_rural_seller: 'flag',
  is_agricultural: 'flag',
  cross_border: 'text',
  gmv: 'amount',
  orders: 'count',
  refunds: 'amount',
};
