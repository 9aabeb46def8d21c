/**
 * A breakdown: which part of a measure an observation is, keyed by the plan's dimensions
 * (`{ domain: 'retail_ec', platform: 'sim-mall' }`); no dimension = the total. The store keeps it as one
 * canonical key, `dimension=code` pairs sorted by dimension id and joined by `;` ('' = the total), so that
 * equal breakdowns are equal text and a key is an ordinary indexed column on every engine.
 */
import { UserError } from './user-error.js';

export type Breakdown = Readonly<Record<string, string>>;

/** The key of the total (no breakdown). */
export const TOTAL_KEY = '';

/** A dimension id or a code may not hold the key's separators. */
const SAFE = /^[^;=\s]+$/;

/** The canonical key of a breakdown; dimensions with an empty code are left out (= total over them). */
export function breakdownKey(b: Breakdown | undefined): string {
  if (!b) return TOTAL_KEY;
  return Object.entries(b)
    .filter(([, code]) => code !== '')
    .sort(([a], [z]) => (a < z ? -1 : a > z ? 1 : 0))
    .map(([dim, code]) => {
      if (!SAFE.test(dim) || !SAFE.test(code))
        throw new UserError({
          place: 'breakdown',
          value: `${dim}=${code}`,
          message: '分组维度或编码含有空白、分号或等号',
          hint: '维度编号和编码只用字母、数字、下划线或连字符',
        });
      return `${dim}=${code}`;
    })
    .join(';');
}

/** The breakdown a canonical key stands for. */
export function parseBreakdownKey(key: string): Record<string, string> {
  const out: Record<string, string> = {};
  if (key === TOTAL_KEY) return out;
  for (const part of key.split(';')) {
    const i = part.indexOf('=');
    out[part.slice(0, i)] = part.slice(i + 1);
  }
  return out;
}

/**
 * The parts of a key, one per dimension, each with `rest`: the key without that dimension. A roll-up by a
 * dimension under a fixed breakdown F reads the parts whose dimension is it and whose rest is F's key.
 */
export function breakdownParts(key: string): { dimension: string; code: string; rest: string }[] {
  const b = parseBreakdownKey(key);
  return Object.entries(b).map(([dimension, code]) => {
    const rest = { ...b };
    delete rest[dimension];
    return { dimension, code, rest: breakdownKey(rest) };
  });
}
