import { describe, expect, it } from 'vitest';
import { ExpressionError, evaluate, parseExpression, referencedIds } from './expression.js';

const values: Record<string, number | null> = { a: 2618.8, b: 8118.5, zero: 0, missing: null };
const lookup = (id: string): number | null => values[id] ?? null;
const run = (text: string): number | null => evaluate(parseExpression(text), lookup);

function errorOf(text: string): ExpressionError {
  try {
    parseExpression(text);
  } catch (e) {
    if (e instanceof ExpressionError) return e;
  }
  throw new Error(`no ExpressionError for ${text}`);
}

describe('parseExpression / evaluate', () => {
  it('computes a share in percent', () => {
    expect(run('a / b * 100')).toBeCloseTo(32.2572, 4);
  });

  it('applies precedence, parentheses and unary minus', () => {
    expect(run('1 + 2 * 3')).toBe(7);
    expect(run('(1 + 2) * 3')).toBe(9);
    expect(run('-(1 - 3) / 4')).toBe(0.5);
    expect(run('10 - 2 - 3')).toBe(5);
    expect(run('8 / 2 / 2')).toBe(2);
    expect(run('--4')).toBe(4);
  });

  it('returns null on a missing input or division by zero', () => {
    expect(run('a + missing')).toBeNull();
    expect(run('a / zero')).toBeNull();
    expect(run('-missing')).toBeNull();
  });

  it('lists referenced ids once, with their columns', () => {
    expect(referencedIds(parseExpression('a / (b + a) * 100'))).toEqual([
      { name: 'a', column: 1 },
      { name: 'b', column: 6 },
    ]);
  });

  it('names the column of a syntax error', () => {
    expect(errorOf('a + * b').column).toBe(5);
    expect(errorOf('a + * b').message).toBe('第 5 列：此处应为数字、标识符或「(」，实际为「*」');
    expect(errorOf('(a + b').message).toBe('第 7 列：缺少右括号「)」');
    expect(errorOf('a +').message).toBe('第 4 列：表达式不完整，缺少运算数');
    expect(errorOf('a b').message).toBe('第 3 列：多余的「b」');
    expect(errorOf('a % b').message).toContain('第 3 列：无法识别的字符「%」');
    expect(errorOf('Share').column).toBe(1);
  });
});
