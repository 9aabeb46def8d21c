/**
 * Exact decimal arithmetic on strings, for unit conversion without float drift
 * (22637.5亿元 → 2263750000000元 exactly). Only what conversion needs: parse, shift the decimal point, format.
 */
const DECIMAL = /^([+-]?)(\d+)(?:\.(\d+))?$/;

/** Normalises a user-written number: trims, drops thousands separators (`1,234.5`), keeps sign and digits. */
export function cleanDecimal(s: string): string | null {
  const t = s.trim().replace(/,/g, '');
  return DECIMAL.test(t) ? t : null;
}

/** Multiplies a decimal string by 10^exp (exp may be negative) exactly. */
export function shiftDecimal(s: string, exp: number): string {
  const m = DECIMAL.exec(s.trim());
  if (!m) throw new Error(`not a decimal: ${s}`);
  const sign = m[1] === '-' ? '-' : '';
  let int = m[2] ?? '0';
  let frac = m[3] ?? '';
  if (exp > 0) {
    frac = frac.padEnd(exp, '0');
    int += frac.slice(0, exp);
    frac = frac.slice(exp);
  } else if (exp < 0) {
    const k = -exp;
    int = int.padStart(k + 1, '0');
    frac = int.slice(int.length - k) + frac;
    int = int.slice(0, int.length - k);
  }
  int = int.replace(/^0+(?=\d)/, '');
  frac = frac.replace(/0+$/, '');
  const out = frac ? `${int}.${frac}` : int;
  return out === '0' ? '0' : sign + out;
}

/** Number of digits after the decimal point. */
export function scaleOf(s: string): number {
  const m = DECIMAL.exec(s.trim());
  return m?.[3]?.length ?? 0;
}

/** The exact sum of decimal strings: addDecimals(['0.1', '0.2']) = '0.3' (the doubles would give 0.30000000000000004). */
export function addDecimals(values: readonly string[]): string {
  let scale = 0;
  for (const v of values) scale = Math.max(scale, scaleOf(v));
  let sum = 0n;
  for (const v of values) sum += BigInt(shiftDecimal(v, scale));
  return shiftDecimal(sum.toString(), -scale);
}

/** A decimal string without trailing fractional zeros: '12.500' → '12.5', '3.000' → '3', '40' → '40'. */
export function trimDecimalZeros(s: string): string {
  return s.includes('.') ? s.replace(/0+$/, '').replace(/\.$/, '') : s;
}
