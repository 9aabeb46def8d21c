import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { UserError } from '../domain/user-error.js';
import { parsePlan } from '../plan/load-plan.js';
import { DEFAULT_CALENDAR, DEFAULT_LICENCE, openDataTerms } from './open-data-terms.js';
import { registryListSpecs } from './registry-lists.js';
import { structureMessage } from './sdmx-ml.js';
import { planStructure } from './sdmx-structure.js';

const FILE = 'plans/national-ec-2021-2025.yaml';
const TEXT = readFileSync(FILE, 'utf8');
const LINES = TEXT.split('\n').length;

const BLOCK = `
open_data:
  publisher: { name: 商务部电子商务司, name_en: MOFCOM Department of E-commerce }
  contact: { name: 统计处, email: data@example.gov.cn, phone: 010-00000000 }
  licence: { name: 政府数据开放许可, url: https://data.example.gov.cn/licence }
  release_calendar:
    - { data: 年度数据, when: 次年6月 }
`;

describe("the plan's open_data block", () => {
  it('a plan without it loads, and takes the defaults, each marked as a default', () => {
    const plan = parsePlan(TEXT, FILE);
    expect(plan.open_data).toBeUndefined();
    expect(openDataTerms(plan)).toEqual({
      licence: DEFAULT_LICENCE,
      licenceIsDefault: true,
      publisher: { name: plan.metadata.issuer },
      publisherIsDefault: true,
      contact: null,
      calendar: DEFAULT_CALENDAR,
      calendarIsDefault: true,
    });
    // No registry kinds hold a designation in this plan: only the credit lists are publishable.
    expect(registryListSpecs(plan).map((s) => s.id)).toEqual(['credit-dishonest', 'credit-watch']);
  });

  it('gives the licence, publisher, contact and calendar, which the SDMX header carries', () => {
    const plan = parsePlan(`${TEXT}${BLOCK}`, FILE);
    const terms = openDataTerms(plan);
    expect(terms.licence).toEqual({ name: '政府数据开放许可', url: 'https://data.example.gov.cn/licence' });
    expect([terms.licenceIsDefault, terms.publisherIsDefault, terms.calendarIsDefault]).toEqual([
      false,
      false,
      false,
    ]);
    expect(terms.calendar).toEqual([{ data: '年度数据', when: '次年6月' }]);
    const xml = structureMessage(
      planStructure(plan),
      { dataflow: true, datastructure: false, codelists: false, concepts: false },
      new Date('2026-01-01T00:00:00Z'),
    );
    expect(xml).toContain(
      '<mes:Contact><com:Name xml:lang="zh">商务部电子商务司</com:Name><com:Name xml:lang="en">MOFCOM Department of E-commerce</com:Name><mes:Department xml:lang="zh">统计处</mes:Department><mes:Telephone>010-00000000</mes:Telephone><mes:Email>data@example.gov.cn</mes:Email></mes:Contact>',
    );
    expect(xml).toContain(
      '<mes:Source xml:lang="zh">提供单位：商务部电子商务司；许可：政府数据开放许可（https://data.example.gov.cn/licence）</mes:Source>',
    );
  });

  it('names the place of a registry list the plan does not have', () => {
    try {
      parsePlan(`${TEXT}\nopen_data:\n  registry_lists: [credit-watch, enterprise]\n`, FILE);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(UserError);
      const [p] = (e as UserError).problems;
      expect(p?.place).toBe(`${FILE}:${LINES + 2}:34`);
      expect(p?.message).toBe('open_data.registry_lists[1]：名单「enterprise」不是本规划库中可公开的名单');
    }
  });
});
