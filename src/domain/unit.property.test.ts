import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDecimals, shiftDecimal } from './decimal-string.js';
import { convertDecimal } from './unit.js';

const AMOUNTS = ['元', '万元', '亿元', '万亿元'] as const;
const EXP: Record<(typeof AMOUNTS)[number], number> = { 元: 0, 万元: 4, 亿元: 8, 万亿元: 12 };

/** A decimal as a scaled integer: digits and scale. */
const decimal = fc
  .record({
    digits: fc.bigInt({ min: -(10n ** 20n), max: 10n ** 20n }),
    scale: fc.integer({ min: 0, max: 8 }),
  })
  .map(({ digits, scale }) => ({ digits, scale, text: shiftDecimal(digits.toString(), -scale) }));
const unit = fc.constantFrom(...AMOUNTS);

/** The exact value of a decimal string in units of 10^-20, for comparing without any float. */
const exact = (s: string): bigint => BigInt(shiftDecimal(s, 20));

describe('decimal shifting between 元, 万元, 亿元 and 万亿元 (property-based)', () => {
  it('is exact: the converted figure times the unit is the original, to the last digit', () => {
    fc.assert(
      fc.property(decimal, unit, unit, (d, from, to) => {
        const converted = convertDecimal(d.text, from, to);
        expect(exact(converted) * 10n ** BigInt(EXP[to])).toBe(exact(d.text) * 10n ** BigInt(EXP[from]));
      }),
    );
  });

  it('round-trips, and converting through a third unit is converting directly', () => {
    fc.assert(
      fc.property(decimal, unit, unit, unit, (d, a, b, c) => {
        expect(convertDecimal(convertDecimal(d.text, a, b), b, a)).toBe(d.text);
        expect(convertDecimal(convertDecimal(d.text, a, b), b, c)).toBe(convertDecimal(d.text, a, c));
      }),
    );
  });

  it('reads back the plan figure exactly: x 万亿元 → 元 → 万亿元 is the same double as x', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000_000 }), fc.integer({ min: 0, max: 4 }), (n, scale) => {
        const text = shiftDecimal(String(n), -scale);
        const back = convertDecimal(convertDecimal(text, '万亿元', '元'), '元', '万亿元');
        expect(Number(back)).toBe(Number(text));
      }),
    );
  });

  it('sums exactly: addDecimals equals the sum of the scaled integers', () => {
    fc.assert(
      fc.property(fc.array(decimal, { maxLength: 20 }), (ds) => {
        const sum = ds.reduce((s, d) => s + exact(d.text), 0n);
        expect(exact(addDecimals(ds.map((d) => d.text)))).toBe(sum);
      }),
    );
  });
});
