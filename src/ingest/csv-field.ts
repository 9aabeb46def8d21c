/** A value as one CSV field: quoted (with doubled quotes) when it holds a comma, a quote or a line break. */
export function csvField(v: unknown): string {
  const s = v === null || v === undefined ? '' : String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
