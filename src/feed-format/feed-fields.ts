/**
 * The feed fields a mapping rule may filter on, and the values each coded field allows. Rules are
 * checked against these lists when a plan loads, and compiled only from them, so nothing a plan or a
 * file says reaches SQL except a whitelisted code.
 */
import { CATEGORIES, CROSS_BORDER_MODES, TRADE_MODES } from './feed-schema.js';

export type FlagField = 'is_live' | 'is_social' | 'is_custom' | 'is_rural_seller' | 'is_agricultural';
export type CodedField = 'goods_or_service' | 'trade_mode' | 'cross_border' | 'category';

export const FLAG_FIELDS: readonly FlagField[] = [
  'is_live',
  'is_social',
  'is_custom',
  'is_rural_seller',
  'is_agricultural',
];

/** Allowed values of each coded feed column. */
export const CODED_VALUES: Readonly<Record<CodedField, readonly string[]>> = {
  goods_or_service: ['goods', 'service'],
  trade_mode: TRADE_MODES,
  cross_border: CROSS_BORDER_MODES,
  category: CATEGORIES.map((c) => c.code),
};

export const CODED_FIELDS = Object.keys(CODED_VALUES) as CodedField[];

/** Every field a rule's `where` may name. */
export const FILTER_FIELDS: readonly string[] = [...CODED_FIELDS, ...FLAG_FIELDS];

export function isFlagField(field: string): field is FlagField {
  return (FLAG_FIELDS as readonly string[]).includes(field);
}

export function isCodedField(field: string): field is CodedField {
  return Object.hasOwn(CODED_VALUES, field);
}

/** Breakdowns a feed rule can produce (observation columns). */
export const FEED_BREAKDOWNS = ['domain', 'platform', 'category'] as const;
export type FeedBreakdown = (typeof FEED_BREAKDOWNS)[number];
