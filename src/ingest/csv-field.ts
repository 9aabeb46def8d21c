/**
 * CSV fields. Every CSV ecmon writes for people to open (error reports, `--format csv` listings, exports)
 * goes through {@link csvField}, which neutralises spreadsheet formulas (OWASP CSV injection guidance): a
 * text beginning with `=`, `+`, `-`, `@`, tab or CR gets a leading `'`, so Excel or WPS shows it as text and
 * never runs it. Numbers stay numbers: a plain decimal such as `-12.5` is written as it is.
 */

/** A plain decimal number (what the store returns for amounts and counts), never neutralised. */
const NUMBER = /^-?[0-9]+(\.[0-9]+)?$/;
const FORMULA_START = /^[=+\-@\t\r]/;

/** A value quoted as one CSV field (doubled quotes) when it holds a comma, a quote or a line break. */
export function csvQuote(v: unknown): string {
  const s = v === null || v === undefined ? '' : String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** A value as one CSV field of a file people open: quoted as needed, formulas neutralised. */
export function csvField(v: unknown): string {
  const s = v === null || v === undefined ? '' : String(v);
  return csvQuote(FORMULA_START.test(s) && !NUMBER.test(s) ? `'${s}` : s);
}
