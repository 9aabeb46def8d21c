import { describe, expect, it } from 'vitest';
import { loadPlan } from '../plan/load-plan.js';
import { dataCsv } from './sdmx-ml.js';
import { planStructure } from './sdmx-structure.js';

const structure = planStructure(loadPlan('plans/national-ec-2021-2025.yaml'));

describe('SDMX-CSV', () => {
  it('quotes fields and neutralises a formula in a text attribute; numbers stay numbers', () => {
    const csv = dataCsv(structure, [
      {
        key: { FREQ: 'A', REF_AREA: '100000', MEASURE: 'M', ACCUMULATION: 'N', CUSTOMS_MODE: '_T' },
        time: '2024',
        value: '-12.5',
        attributes: { UNIT_MEASURE: 'CNY', UNIT_MULT: '8', OBS_STATUS: 'A', SOURCE: '=HYPERLINK("x"),来源' },
        period: '2024',
        measure: 'm',
        loadedAt: '2024-01-01',
      },
    ]);
    const [, row] = csv.split('\r\n');
    expect(row).toBe(
      `dataflow,${structure.agency}:${structure.flowId}(1.0),I,A,100000,M,N,_T,2024,-12.5,CNY,8,A,,"'=HYPERLINK(""x""),来源"`,
    );
  });
});
