/** The fields issue 3 requires on every evaluated indicator (JSON output and API alike): present, null when n/a. */
export const REQUIRED_RESULT_FIELDS = [
  'indicator',
  'area',
  'period',
  'value',
  'unit',
  'yoy',
  'avg_growth_since_baseline',
  'completion',
  'schedule',
  'required_growth',
  'projection',
  'progress',
  'components',
] as const;
