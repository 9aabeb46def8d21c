/**
 * How categories differ in the simulation: store size, order value and how likely a store is rural,
 * agricultural or custom-made. Assumptions for demonstration (docs/generator.md).
 */

export interface CategoryTraits {
  /** Multiplier on a store's size draw (electronics and raw materials sell more per store). */
  valueFactor: number;
  /** Typical retail order value in 元 (B2B orders are {@link B2B_ORDER_FACTOR} times larger). */
  orderValue: number;
  /** Probability that a store is a rural seller (农村网商). */
  rural: number;
  /** Probability that a store's sales are agricultural products (农产品). */
  agricultural: number;
  /** Probability that a store sells custom-made (C2M 定制) products. */
  custom: number;
}

export const B2B_ORDER_FACTOR = 25;

const t = (
  valueFactor: number,
  orderValue: number,
  rural: number,
  agricultural: number,
  custom: number,
): CategoryTraits => ({ valueFactor, orderValue, rural, agricultural, custom });

export const CATEGORY_TRAITS: Readonly<Record<string, CategoryTraits>> = {
  apparel: t(1, 160, 0.03, 0, 0.06),
  footwear: t(0.8, 220, 0.03, 0, 0.08),
  food: t(0.9, 85, 0.18, 0.25, 0),
  agri_products: t(0.7, 70, 0.55, 1, 0),
  beverages_liquor: t(1.3, 260, 0.15, 0.2, 0.02),
  electronics: t(1.6, 1100, 0.01, 0, 0.01),
  home_furnishing: t(1.2, 650, 0.04, 0, 0.1),
  beauty: t(1, 180, 0.01, 0, 0.02),
  books: t(0.5, 60, 0.02, 0, 0.01),
  industrial_goods: t(2, 8000, 0.03, 0, 0.05),
  raw_materials: t(2.5, 30000, 0.04, 0, 0),
  catering: t(0.8, 55, 0.05, 0, 0),
  travel_hotel: t(1.3, 600, 0.08, 0, 0),
  health_medical: t(0.9, 150, 0.01, 0, 0),
  education: t(1, 900, 0.01, 0, 0),
  local_services: t(0.7, 120, 0.03, 0, 0),
  entertainment: t(0.8, 90, 0.02, 0, 0),
};
