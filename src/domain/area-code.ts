/**
 * GB/T 2260 administrative division codes (6 digits: province, prefecture, county).
 * Format rules live here; whether a code is one of the plan's areas is checked against the plan.
 */
const PROVINCES = new Set([
  11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52, 53, 54, 61,
  62, 63, 64, 65, 71, 81, 82,
]);

/** Why a string is not a well-formed GB/T 2260 code, or null when it is. */
export function areaCodeProblem(code: string): string | null {
  if (!/^\d{6}$/.test(code)) return `区划代码应为6位数字（GB/T 2260），实际为「${code}」`;
  if (code === '100000') return null;
  if (!PROVINCES.has(Number(code.slice(0, 2))))
    return `区划代码 ${code} 的省级部分 ${code.slice(0, 2)} 不存在`;
  return null;
}
