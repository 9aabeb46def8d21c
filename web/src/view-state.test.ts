import { describe, expect, it } from 'vitest';
import type { MetaResponse } from '../../src/api/contract/schemas.js';
import { urlProblem, yearRange } from './view-state.js';

const meta = {
  plan: { metadata: { period: { start: 2021, end: 2025, base_year: 2020 } } },
  latest_month: '2024-12',
  root_area: '510100',
  areas: [{ code: '510100' }, { code: '510104' }],
  zones: [{ id: 'core' }],
  indicators: [{ id: 'online_retail_sales' }],
} as unknown as MetaResponse;

describe('URL parameters the plan cannot show', () => {
  it('accepts the plan’s ids, areas, zones and periods from the base year to the end', () => {
    expect(yearRange(meta)).toEqual({ from: 2020, to: 2025 });
    expect(
      urlProblem({ period: '2025-01/2025-06', indicator: 'online_retail_sales', area: 'core' }, meta),
    ).toBeNull();
    expect(urlProblem({ period: '2020', area: '510104', frequency: 'month' }, meta)).toBeNull();
  });

  it('names a period outside the plan with its range, and one that is no period', () => {
    expect(urlProblem({ period: '2099' }, meta)).toEqual({
      kind: 'periodRange',
      parameter: 'period',
      value: '2099',
      params: { value: '2099', from: 2020, to: 2025 },
    });
    expect(urlProblem({ period: '2025-13' }, meta)).toMatchObject({ kind: 'badPeriod', value: '2025-13' });
  });

  it('names an unknown indicator, area or frequency', () => {
    expect(urlProblem({ indicator: 'nonexistent' }, meta)).toMatchObject({
      kind: 'unknownIndicator',
      parameter: 'indicator',
    });
    expect(urlProblem({ area: '999999' }, meta)).toMatchObject({ kind: 'unknownArea', value: '999999' });
    expect(urlProblem({ frequency: 'weekly' }, meta)).toMatchObject({ kind: 'badFrequency' });
  });

  it('extends the range to the latest year with data beyond the plan’s end', () => {
    expect(yearRange({ ...meta, latest_month: '2026-03' } as MetaResponse)).toEqual({ from: 2020, to: 2026 });
  });
});
