import { describe, expect, it } from 'vitest';
import { formatPeriod, type Period } from '../domain/period.js';
import { loadPlan } from '../plan/load-plan.js';
import { PlanNames } from './cell-label.js';
import { blocking, RuleEvaluator } from './evaluate-rules.js';
import { daysOverdue, deadlineOf, recentPeriods } from './form-periods.js';

const plan = loadPlan('plans/chengdu-ec-2021-2025.yaml');
const form = plan.forms?.find((f) => f.id === 'district_monthly_ec');
if (!form) throw new Error('form missing');
const evaluator = new RuleEvaluator(plan, new PlanNames(plan));
const entry = (values: Record<string, string | null>, history?: Record<string, string>) => ({
  form,
  area: '510104',
  period: '2026-10',
  values,
  ...(history ? { history: (m: string, p: Period) => history[`${m}|${formatPeriod(p)}`] ?? null } : {}),
});

describe('the rule evaluator on the Chengdu monthly district form', () => {
  it('a blocking violation names the cell, the values, the rule and what to do, in Chinese and English', () => {
    const v = evaluator.checkArea(
      entry({
        ec_transaction_volume: '100000',
        online_retail_sales: '120000',
        physical_goods_online_retail: '50000',
      }),
    );
    expect(v).toEqual([
      {
        rule: 'retail_within_volume',
        rule_name: {
          zh: '网上零售额不超过电子商务交易额',
          en: 'Online retail sales do not exceed e-commerce transaction volume',
        },
        importance: 'error',
        needs: 'fix',
        note_key: 'retail_within_volume',
        cell: {
          form: 'district_monthly_ec',
          area: '510104',
          period: '2026-10',
          measure: 'online_retail_sales',
        },
        label: {
          zh: '区（市）县电子商务月报 · 锦江区 · 2026年10月 · 网上零售额',
          en: 'District monthly e-commerce report · Jinjiang District · Oct 2026 · Online retail sales',
        },
        values: [
          { measure: 'online_retail_sales', value: '120000', unit: '万元' },
          { measure: 'ec_transaction_volume', value: '100000', unit: '万元' },
        ],
        message: {
          zh: '网上零售额 120000 万元 应 ≤ 电子商务交易额 100000 万元，不符合规则「网上零售额不超过电子商务交易额」',
          en: 'Online retail sales 120000 万元 should be <= E-commerce transaction volume 100000 万元: rule "Online retail sales do not exceed e-commerce transaction volume"',
        },
        hint: {
          zh: '网上零售额是电子商务交易额的一部分，请核对两项数值及单位（万元）；改正后才能提交',
          en: 'Online retail is part of the transaction volume; check both figures and the unit (10k yuan); correct it before submitting',
        },
      },
    ]);
    expect(blocking(v, { retail_within_volume: '说明也不行' })).toHaveLength(1);
  });

  it('an empty required cell and a negative value are errors; correct values pass', () => {
    const v = evaluator.checkArea(
      entry({ ec_transaction_volume: '-5', online_retail_sales: '', physical_goods_online_retail: '0' }),
    );
    expect(v.map((x) => [x.rule, x.cell.measure, x.message.zh])).toEqual([
      ['required', 'online_retail_sales', '网上零售额未填写'],
      [
        'volume_not_negative',
        'ec_transaction_volume',
        '电子商务交易额 -5 万元 应 ≥ 0，不符合规则「电子商务交易额不小于0」',
      ],
    ]);
    expect(
      evaluator.checkArea(
        entry({
          ec_transaction_volume: '100000',
          online_retail_sales: '60000',
          physical_goods_online_retail: '50000',
        }),
      ),
    ).toEqual([]);
  });

  it('a YoY jump beyond ±50% is an outlier that needs an explanation, and passes once explained', () => {
    const v = evaluator.checkArea(
      entry(
        {
          ec_transaction_volume: '100000',
          online_retail_sales: '60000',
          physical_goods_online_retail: '50000',
        },
        { 'online_retail_sales|2025-10': '30000', 'ec_transaction_volume|2025-10': '90000' },
      ),
    );
    expect(v.map((x) => [x.rule, x.importance, x.needs, x.note_key, x.message.zh])).toEqual([
      [
        'retail_yoy_outlier',
        'outlier',
        'explanation',
        'retail_yoy_outlier:online_retail_sales',
        '网上零售额 60000 万元，上年同期 30000，同比 +100.0%，超出 ±50%',
      ],
    ]);
    expect(blocking(v, {})).toHaveLength(1);
    expect(blocking(v, { 'retail_yoy_outlier:online_retail_sales': '新增一家平台企业入统' })).toEqual([]);
  });

  it('a z-score beyond 3 against the area’s own last 12 months is an outlier', () => {
    const history: Record<string, string> = {};
    [
      '2025-10',
      '2025-11',
      '2025-12',
      '2026-01',
      '2026-02',
      '2026-03',
      '2026-04',
      '2026-05',
      '2026-06',
      '2026-07',
      '2026-08',
      '2026-09',
    ].forEach((p, i) => {
      history[`online_retail_sales|${p}`] = String(50000 + (i % 3) * 1000);
    });
    const v = evaluator.checkArea(
      entry(
        {
          ec_transaction_volume: '100000',
          online_retail_sales: '70000',
          physical_goods_online_retail: '50000',
        },
        history,
      ),
    );
    expect(v.map((x) => x.rule)).toEqual(['retail_zscore_outlier']);
    expect(v[0]?.message.zh).toBe(
      '网上零售额 70000 万元，偏离本区近 12 期平均 51000 达 22.3 个标准差（阈值 3）',
    );
  });

  it('Σ districts ≈ city within 2%: the city cell is named with both figures', () => {
    const areas = new Map([
      ['510104', { online_retail_sales: '60000' }],
      ['510105', { online_retail_sales: '50000' }],
    ]);
    expect(evaluator.checkDistrictSum(form, '2026-10', areas, { online_retail_sales: '11' })).toEqual([]);
    const v = evaluator.checkDistrictSum(form, '2026-10', areas, { online_retail_sales: '12' });
    expect(v.map((x) => [x.label.zh, x.importance, x.message.zh])).toEqual([
      [
        '区（市）县电子商务月报 · 成都市 · 2026年10月 · 网上零售额',
        'warning',
        '2 个区（市）县合计 11 亿元 应 ≈ 成都市 12 亿元（容差 2%），相差 -8.3%，不符合规则「各区（市）县网上零售额之和与全市一致」',
      ],
    ]);
  });
});

describe('form periods and deadlines', () => {
  it('October is due on 10 November; on 11 November it is one day overdue', () => {
    expect(deadlineOf(form, { kind: 'month', year: 2026, month: 10 })).toBe('2026-11-10');
    expect(deadlineOf(form, { kind: 'month', year: 2026, month: 12 })).toBe('2027-01-10');
    expect(daysOverdue('2026-11-10', '2026-11-10')).toBe(0);
    expect(daysOverdue('2026-11-10', '2026-11-11')).toBe(1);
    expect(recentPeriods(form, '2026-11-30', 3).map(formatPeriod)).toEqual(['2026-10', '2026-09', '2026-08']);
  });
});
