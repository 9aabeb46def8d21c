import { describe, expect, it } from 'vitest';
import type { Alerts, Progress } from './collect-api.js';
import { filterRows, groupAlerts, progressOverview } from './progress-view.js';

type Row = Progress['rows'][number];
const MONTHLY = { zh: '区（市）县电子商务月报', en: 'District monthly e-commerce report' };
const FIRMS = { zh: '重点电子商务企业季报', en: 'Key e-commerce enterprises, quarterly' };

function row(form: string, area: string, period: string, state: Row['state'], days_overdue = 0): Row {
  return {
    form,
    form_name: form === 'district_monthly_ec' ? MONTHLY : FIRMS,
    area,
    area_name: { zh: area, en: area },
    period,
    state,
    awaiting: state === 'submitted' ? 'city' : null,
    batch_id: null,
    deadline: form === 'district_monthly_ec' ? '2026-11-10' : '2026-10-15',
    days_overdue,
  };
}

const rows: Row[] = [
  row('district_monthly_ec', '510104', '2026-10', 'published'),
  row('district_monthly_ec', '510105', '2026-10', 'submitted', 21),
  row('district_monthly_ec', '510106', '2026-10', 'district_approved', 21),
  row('district_monthly_ec', '510107', '2026-10', 'not_started', 21),
  row('key_enterprise_quarterly_ec', '91510185485343123W', '2026-Q3', 'approved'),
  row('key_enterprise_quarterly_ec', '91510100MA6C5XXXXX', '2026-Q3', 'returned', 47),
  row('district_monthly_ec', '510104', '2026-09', 'published'),
];

describe('报送进度 overview', () => {
  it('counts each form × period’s units by state, those awaiting review and those overdue', () => {
    expect(progressOverview(rows)).toEqual([
      {
        form: 'district_monthly_ec',
        form_name: MONTHLY,
        period: '2026-10',
        deadline: '2026-11-10',
        units: 4,
        states: { published: 1, submitted: 1, district_approved: 1, not_started: 1 },
        awaiting: 2,
        overdue: 3,
      },
      {
        form: 'key_enterprise_quarterly_ec',
        form_name: FIRMS,
        period: '2026-Q3',
        deadline: '2026-10-15',
        units: 2,
        states: { approved: 1, returned: 1 },
        awaiting: 0,
        overdue: 1,
      },
      {
        form: 'district_monthly_ec',
        form_name: MONTHLY,
        period: '2026-09',
        deadline: '2026-11-10',
        units: 1,
        states: { published: 1 },
        awaiting: 0,
        overdue: 0,
      },
    ]);
  });

  it('narrows the unit rows to a form × period, a state, or the overdue ones', () => {
    const areas = (f: Parameters<typeof filterRows>[1]) =>
      filterRows(rows, f).map((r) => `${r.area} ${r.period}`);
    expect(areas({ form: 'district_monthly_ec', period: '2026-10', state: '' })).toEqual([
      '510104 2026-10',
      '510105 2026-10',
      '510106 2026-10',
      '510107 2026-10',
    ]);
    expect(areas({ form: '', period: '', state: 'overdue' })).toEqual([
      '510105 2026-10',
      '510106 2026-10',
      '510107 2026-10',
      '91510100MA6C5XXXXX 2026-Q3',
    ]);
    expect(areas({ form: '', period: '', state: 'published' })).toEqual(['510104 2026-10', '510104 2026-09']);
    expect(areas({ form: 'key_enterprise_quarterly_ec', period: '2026-10', state: '' })).toEqual([]);
  });
});

describe('alerts folded by form × period', () => {
  type Alert = Alerts['alerts'][number];
  const alert = (
    id: string,
    kind: Alert['kind'],
    form_id: string | null,
    area: string | null,
    period: string | null,
  ) =>
    ({
      id,
      kind,
      form_id,
      area,
      period,
      subject: null,
      message_zh: id,
      message_en: id,
      raised_at: '2026-12-01 02:19:08',
    }) satisfies Alert;

  it('one group per kind, form and period, where its newest alert stands; alerts without a form stay alone', () => {
    const groups = groupAlerts([
      alert('a1', 'deadline_passed', 'key_enterprise_quarterly_ec', 'F1', '2026-Q1'),
      alert('a2', 'light_red', null, '510100', '2026'),
      alert('a3', 'deadline_passed', 'key_enterprise_quarterly_ec', 'F2', '2026-Q1'),
      alert('a4', 'deadline_passed', 'key_enterprise_quarterly_ec', 'F1', '2026-Q2'),
      alert('a5', 'rule_failed', 'key_enterprise_quarterly_ec', 'F1', '2026-Q1'),
      alert('a6', 'light_red', null, '510104', '2026'),
      alert('a7', 'deadline_passed', 'key_enterprise_quarterly_ec', 'F3', '2026-Q1'),
    ]);
    expect(groups.map((g) => [g.key, g.alerts.map((a) => a.id).join(' ')])).toEqual([
      ['deadline_passed|key_enterprise_quarterly_ec|2026-Q1', 'a1 a3 a7'],
      ['a2', 'a2'],
      ['deadline_passed|key_enterprise_quarterly_ec|2026-Q2', 'a4'],
      ['rule_failed|key_enterprise_quarterly_ec|2026-Q1', 'a5'],
      ['a6', 'a6'],
    ]);
  });
});
