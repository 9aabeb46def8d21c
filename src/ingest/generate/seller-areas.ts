/**
 * Where simulated sellers are registered: Chengdu's 23 reporting units (20 county-level units plus the
 * functional zones 天府新区成都直管区, 东部新区, 高新区) and three weighting profiles. The weights are
 * assumptions for demonstration (docs/generator.md), not measured shares.
 */
import { cumulate } from './prng.js';

export interface SellerArea {
  code: string;
  name: string;
  /** Weight for ordinary sellers: the core districts and 高新区 are heaviest. */
  urban: number;
  /** Weight for rural sellers (is_rural_seller = 1): the 农村电商创新发展片区 counties. */
  rural: number;
  /** Weight for cross-border sellers: ports, bonded zones and the 跨境电商及综合配套发展片区. */
  crossBorder: number;
}

export const SELLER_AREAS: readonly SellerArea[] = [
  { code: '510104', name: '锦江区', urban: 9, rural: 0, crossBorder: 3 },
  { code: '510105', name: '青羊区', urban: 8, rural: 0, crossBorder: 2 },
  { code: '510106', name: '金牛区', urban: 9, rural: 0, crossBorder: 3 },
  { code: '510107', name: '武侯区', urban: 12, rural: 0, crossBorder: 4 },
  { code: '510108', name: '成华区', urban: 8, rural: 0, crossBorder: 3 },
  { code: '510112', name: '龙泉驿区', urban: 3, rural: 1, crossBorder: 3 },
  { code: '510113', name: '青白江区', urban: 2, rural: 2, crossBorder: 10 },
  { code: '510114', name: '新都区', urban: 4, rural: 2, crossBorder: 4 },
  { code: '510115', name: '温江区', urban: 3, rural: 5, crossBorder: 2 },
  { code: '510116', name: '双流区', urban: 5, rural: 2, crossBorder: 18 },
  { code: '510117', name: '郫都区', urban: 3, rural: 4, crossBorder: 2 },
  { code: '510118', name: '新津区', urban: 1.5, rural: 5, crossBorder: 2 },
  { code: '510121', name: '金堂县', urban: 1, rural: 8, crossBorder: 2 },
  { code: '510129', name: '大邑县', urban: 1, rural: 8, crossBorder: 0.5 },
  { code: '510131', name: '蒲江县', urban: 1, rural: 12, crossBorder: 0.5 },
  { code: '510181', name: '都江堰市', urban: 1.5, rural: 10, crossBorder: 0.5 },
  { code: '510182', name: '彭州市', urban: 1.5, rural: 10, crossBorder: 0.5 },
  { code: '510183', name: '邛崃市', urban: 1, rural: 10, crossBorder: 0.5 },
  { code: '510184', name: '崇州市', urban: 1, rural: 9, crossBorder: 0.5 },
  { code: '510185', name: '简阳市', urban: 1.5, rural: 8, crossBorder: 3 },
  { code: '510171', name: '天府新区成都直管区', urban: 5, rural: 1, crossBorder: 10 },
  { code: '510172', name: '东部新区', urban: 1, rural: 3, crossBorder: 6 },
  { code: '510173', name: '高新区', urban: 14, rural: 0, crossBorder: 20 },
];

export type AreaProfile = 'urban' | 'rural' | 'crossBorder';

/** Cumulative weight tables per profile, for drawing a seller's area. */
export const AREA_CUMULATIVE: Readonly<Record<AreaProfile, Float64Array>> = {
  urban: cumulate(SELLER_AREAS.map((a) => a.urban)),
  rural: cumulate(SELLER_AREAS.map((a) => a.rural)),
  crossBorder: cumulate(SELLER_AREAS.map((a) => a.crossBorder)),
};
