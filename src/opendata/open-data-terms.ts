/**
 * The terms of the open data, from the plan's `open_data:` block (src/plan/open-data-spec.ts): the licence, the
 * publisher (提供单位), the contact and the release calendar. What the plan leaves out takes a default, and
 * the terms say which parts are defaults, so the portal can say so instead of presenting a placeholder as
 * the bureau's decision.
 */
import type { Plan } from '../plan/plan-types.js';

export interface Licence {
  name: string;
  name_en?: string;
  url?: string;
}

export interface OpenDataTerms {
  licence: Licence;
  /** The licence is the default, not the plan's (the portal says so). */
  licenceIsDefault: boolean;
  publisher: { name: string; name_en?: string };
  /** The publisher is the plan's issuer because the plan names none. */
  publisherIsDefault: boolean;
  contact: { name?: string; email?: string; phone?: string; url?: string } | null;
  calendar: { data: string; data_en?: string; when: string; when_en?: string }[];
  calendarIsDefault: boolean;
}

/** The licence when the plan names none: a bureau should confirm it or name its own open-data licence. */
export const DEFAULT_LICENCE: Licence = {
  name: '知识共享署名 4.0 国际许可（CC BY 4.0），使用时请注明来源',
  name_en: 'Creative Commons Attribution 4.0 International (CC BY 4.0): cite the source',
  url: 'https://creativecommons.org/licenses/by/4.0/deed.zh-hans',
};

/** The release calendar when the plan states none: how ecmon publishes (after approval). */
export const DEFAULT_CALENDAR: OpenDataTerms['calendar'] = [
  {
    data: '月度数据',
    data_en: 'Monthly figures',
    when: '次月报送截止、审核通过后发布',
    when_en: "after the following month's reporting deadline and approval",
  },
  {
    data: '年度数据',
    data_en: 'Annual figures',
    when: '统计部门公布后发布',
    when_en: 'after the statistics office releases them',
  },
  {
    data: '重点企业项目库名单',
    data_en: 'Registry lists',
    when: '认定、移除登记后即时更新',
    when_en: 'as soon as a designation or removal is recorded',
  },
];

export function openDataTerms(plan: Plan): OpenDataTerms {
  const spec = plan.open_data ?? {};
  return {
    licence: spec.licence ?? DEFAULT_LICENCE,
    licenceIsDefault: !spec.licence,
    publisher: spec.publisher ?? { name: plan.metadata.issuer },
    publisherIsDefault: !spec.publisher,
    contact: spec.contact && Object.keys(spec.contact).length ? spec.contact : null,
    calendar: spec.release_calendar ?? DEFAULT_CALENDAR,
    calendarIsDefault: !spec.release_calendar,
  };
}
