/**
 * 统一社会信用代码 (Unified Social Credit Code, GB 32100-2015): 18 characters from
 * 0-9 and A-Z without I, O, S, V, Z; the last is a check character (mod 31).
 */
const CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

export function usccCheckChar(first17: string): string | null {
  if (first17.length !== 17) return null;
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const v = CHARSET.indexOf(first17[i] as string);
    if (v < 0) return null;
    sum += v * (WEIGHTS[i] as number);
  }
  return CHARSET[(31 - (sum % 31)) % 31] as string;
}

/** Why a USCC is invalid, or null when it is valid. */
export function usccProblem(code: string): string | null {
  if (code.length !== 18) return `统一社会信用代码应为18位，实际为${code.length}位`;
  for (const ch of code) {
    if (!CHARSET.includes(ch))
      return `统一社会信用代码含非法字符「${ch}」（不可使用 I、O、S、V、Z 及小写字母）`;
  }
  const expected = usccCheckChar(code.slice(0, 17));
  if (expected !== code[17]) return `统一社会信用代码校验位错误：应为 ${expected}，实际为 ${code[17]}`;
  return null;
}

export function isValidUscc(code: string): boolean {
  return usccProblem(code) === null;
}
