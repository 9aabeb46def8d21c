import { shiftDecimal } from './decimal-string.js';

/**
 * Units a figure may arrive in. Each belongs to a dimension with one base unit; values are stored
 * normalised to the base unit (amounts in 元) and shown in the measure's display unit.
 */
export type Dimension = 'amount' | 'count' | 'people' | 'percent' | 'multiple' | 'trains';

interface UnitDef {
  dimension: Dimension;
  /** Power of ten from this unit to the base unit: 亿元 → 8 (1亿元 = 10^8 元). */
  exp: number;
  en: string;
}

const UNITS: Record<string, UnitDef> = {
  元: { dimension: 'amount', exp: 0, en: 'CNY' },
  万元: { dimension: 'amount', exp: 4, en: '10k CNY' },
  亿元: { dimension: 'amount', exp: 8, en: '100m CNY' },
  万亿元: { dimension: 'amount', exp: 12, en: 'trillion CNY' },
  个: { dimension: 'count', exp: 0, en: 'units' },
  家: { dimension: 'count', exp: 0, en: 'firms' },
  场: { dimension: 'count', exp: 0, en: 'events' },
  名: { dimension: 'people', exp: 0, en: 'persons' },
  人: { dimension: 'people', exp: 0, en: 'persons' },
  万人: { dimension: 'people', exp: 4, en: '10k persons' },
  '%': { dimension: 'percent', exp: 0, en: '%' },
  倍: { dimension: 'multiple', exp: 0, en: 'times' },
  列: { dimension: 'trains', exp: 0, en: 'trains' },
};

export const KNOWN_UNITS: readonly string[] = Object.keys(UNITS);

export function isKnownUnit(unit: string): boolean {
  return Object.hasOwn(UNITS, unit);
}

export function unitDimension(unit: string): Dimension {
  const def = UNITS[unit];
  if (!def) throw new Error(`unknown unit ${unit}`);
  return def.dimension;
}

export function unitEnglish(unit: string): string {
  return UNITS[unit]?.en ?? unit;
}

/** Whether a value in `from` can be expressed in `to` (same dimension). */
export function convertible(from: string, to: string): boolean {
  const a = UNITS[from];
  const b = UNITS[to];
  return !!a && !!b && a.dimension === b.dimension;
}

/** Converts a decimal string exactly between units of one dimension: convertDecimal('22637.5', '亿元', '元') = '2263750000000'. */
export function convertDecimal(value: string, from: string, to: string): string {
  const a = UNITS[from];
  const b = UNITS[to];
  if (!a || !b || a.dimension !== b.dimension) throw new Error(`cannot convert ${from} to ${to}`);
  return shiftDecimal(value, a.exp - b.exp);
}

/** The base unit of a unit's dimension (元 for amounts). */
export function baseUnit(unit: string): string {
  const d = unitDimension(unit);
  const found = Object.entries(UNITS).find(([, u]) => u.dimension === d && u.exp === 0);
  return found ? found[0] : unit;
}

/** The power of ten from a unit to its base unit: unitExponent('亿元') = 8 (SDMX's UNIT_MULT). */
export function unitExponent(unit: string): number {
  const def = UNITS[unit];
  if (!def) throw new Error(`unknown unit ${unit}`);
  return def.exp;
}
