/**
 * Text written into a sheet or CSV that a spreadsheet would run as a formula (=, +, -, @, and the tab/CR
 * variants) is prefixed with an apostrophe, so a value from the registry can never execute on opening.
 */
export function neutralised(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/** A sheet cell read back as text: the apostrophe that {@link neutralised} added is removed. */
export function unneutralised(value: string): string {
  return /^'[=+\-@\t\r]/.test(value) ? value.slice(1) : value;
}
