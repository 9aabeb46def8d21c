/**
 * The five simulated platforms: what each sells (category mix), how social its sales are, and the
 * base of its store ids. How much of each total each platform carries is set per segment
 * (market-segments.ts). Assumptions for demonstration (docs/generator.md).
 */
import type { GoodsOrService } from '../../feed-format/feed-schema.js';

export const PLATFORM_CODES = ['sim-mall', 'sim-b2b', 'sim-local', 'sim-live', 'sim-xborder'] as const;
export type PlatformCode = (typeof PLATFORM_CODES)[number];

/** Relative weights of categories; stores draw their main category from such a mix. */
export type CategoryMix = Readonly<Record<string, number>>;

export interface PlatformDef {
  code: PlatformCode;
  zh: string;
  /** Category mix of retail (B2C/C2C) stores by goods/service; B2B stores use {@link B2B_MIX}. */
  retailMix: Readonly<Record<GoodsOrService, CategoryMix>>;
  /** Probability that a store's sales count as social e-commerce (社交电商: group buying, sharing). */
  socialShare: number;
}

const LOCAL_SERVICES_MIX: CategoryMix = {
  catering: 40,
  local_services: 25,
  travel_hotel: 15,
  entertainment: 12,
  health_medical: 8,
};

export const PLATFORMS: Readonly<Record<PlatformCode, PlatformDef>> = {
  'sim-mall': {
    code: 'sim-mall',
    zh: '综合零售',
    retailMix: {
      goods: {
        apparel: 16,
        footwear: 6,
        food: 12,
        agri_products: 5,
        beverages_liquor: 6,
        electronics: 18,
        home_furnishing: 14,
        beauty: 10,
        books: 4,
        industrial_goods: 5,
      },
      service: { travel_hotel: 35, entertainment: 20, education: 20, health_medical: 10, local_services: 15 },
    },
    socialShare: 0.1,
  },
  'sim-b2b': {
    code: 'sim-b2b',
    zh: '工业品B2B',
    retailMix: {
      goods: { industrial_goods: 40, electronics: 30, home_furnishing: 15, books: 5, food: 10 },
      service: LOCAL_SERVICES_MIX,
    },
    socialShare: 0.01,
  },
  'sim-local': {
    code: 'sim-local',
    zh: '本地生活服务',
    retailMix: {
      goods: {
        food: 35,
        agri_products: 15,
        beverages_liquor: 15,
        beauty: 10,
        home_furnishing: 10,
        electronics: 5,
        apparel: 10,
      },
      service: LOCAL_SERVICES_MIX,
    },
    socialShare: 0.25,
  },
  'sim-live': {
    code: 'sim-live',
    zh: '直播/内容',
    retailMix: {
      goods: {
        apparel: 22,
        footwear: 7,
        food: 16,
        agri_products: 10,
        beverages_liquor: 8,
        electronics: 8,
        home_furnishing: 8,
        beauty: 18,
        books: 3,
      },
      service: { catering: 30, travel_hotel: 30, entertainment: 25, education: 15 },
    },
    socialShare: 0.45,
  },
  'sim-xborder': {
    code: 'sim-xborder',
    zh: '跨境',
    retailMix: {
      goods: {
        beauty: 25,
        food: 15,
        electronics: 20,
        apparel: 15,
        footwear: 5,
        beverages_liquor: 10,
        home_furnishing: 10,
      },
      service: LOCAL_SERVICES_MIX,
    },
    socialShare: 0.05,
  },
};

/** Category mix of B2B stores on every platform. */
export const B2B_MIX: Readonly<Record<GoodsOrService, CategoryMix>> = {
  goods: {
    industrial_goods: 35,
    raw_materials: 30,
    electronics: 14,
    food: 6,
    agri_products: 6,
    beverages_liquor: 4,
    home_furnishing: 5,
  },
  service: { travel_hotel: 30, local_services: 30, education: 20, catering: 10, health_medical: 10 },
};

export function isPlatformCode(s: string): s is PlatformCode {
  return (PLATFORM_CODES as readonly string[]).includes(s);
}
