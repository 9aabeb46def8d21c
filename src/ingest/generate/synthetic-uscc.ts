/**
 * Well-formed simulated 统一社会信用代码: 登记管理部门 9 (市场监管), 机构类别 1 (enterprise) or
 * 2 (个体工商户), the seller's area code, a 9-character organisation code with its GB 11714 check
 * digit, and the GB 32100 check character. They pass validation but identify no real entity.
 */
import { usccCheckChar } from '../../domain/uscc.js';
import { mix32 } from './prng.js';

const ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2];

/** GB 11714 organisation-code check digit for 8 digits. */
function orgCheckDigit(digits: string): string {
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += Number(digits[i]) * (ORG_WEIGHTS[i] as number);
  const c = 11 - (sum % 11);
  return c === 10 ? 'X' : c === 11 ? '0' : String(c);
}

/** A valid-looking USCC for a seller, drawn from a store hash `h`. */
export function syntheticUscc(h: number, area: string, soleProprietor: boolean): string {
  const a = mix32(h + 0x1234567);
  const b = mix32(h + 0x7654321);
  const digits = String(a % 10000).padStart(4, '0') + String(b % 10000).padStart(4, '0');
  const first17 = `9${soleProprietor ? '2' : '1'}${area}${digits}${orgCheckDigit(digits)}`;
  return first17 + (usccCheckChar(first17) as string);
}
