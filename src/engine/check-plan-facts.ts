import { scaleOf } from '../domain/decimal-string.js';
import type { BaselineFact, Plan } from '../plan/plan-types.js';
import type { Driver } from '../store/driver.js';
import { type Level, levelKey, loadLevels } from './load-levels.js';
import {
  avgAnnualGrowthSince,
  checkStatedAvgGrowth,
  type Explanation,
  multipleOfBaseline,
  share,
  shareBeforeChange,
} from './maths/index.js';

/** One figure the plan text states about the past, recomputed by the engine from the observations. */
export interface FactCheck {
  measure: string;
  kind: string;
  period: string;
  compared_to: string | null;
  section: string;
  stated: number;
  unit: string;
  /** What the engine computes from the observations (same unit as `stated`), or null when it cannot. */
  computed: number | null;
  /** Whether the computed figure rounds to the stated one; null when nothing could be computed. */
  agrees: boolean | null;
  formula: string;
  method: string;
  note: string | null;
}

/**
 * Checks the plan's stated growth rates, multiples, shares and share changes against the levels in the store
 * (and against each other): "网上零售额 2020 is 3.6× 2015", "32.3% of 社会消费品零售总额", "average growth
 * 28.4%". Where the text's figures disagree (28.4% is not what 3.3× over five years implies), it says so.
 */
export async function checkPlanFacts(driver: Driver, plan: Plan): Promise<FactCheck[]> {
  const facts = plan.baseline_facts.filter((f) => (f.kind ?? 'level') !== 'level');
  const periods = new Set<string>();
  for (const f of facts) {
    periods.add(f.period);
    if (f.compared_to) periods.add(f.compared_to);
  }
  const grid = await loadLevels(driver, {
    measures: plan.measures,
    areas: [...new Set(facts.map((f) => f.area))],
    periods: [...periods]
      .map((p) => ({ kind: 'year' as const, year: Number(p) }))
      .filter((p) => !Number.isNaN(p.year)),
  });
  return facts.map((f) => checkFact(f, plan, grid));
}

function checkFact(f: BaselineFact, plan: Plan, grid: Map<string, Level>): FactCheck {
  const stated = Number(f.value);
  const decimals = scaleOf(f.value);
  const level = (measure: string, period: string | undefined): number | null =>
    period === undefined ? null : (grid.get(levelKey(measure, f.area, period))?.value ?? null);
  const result = (
    computed: number | null,
    e: Explanation,
    note: string | null = e.note ?? null,
  ): FactCheck => ({
    measure: f.measure,
    kind: f.kind ?? 'level',
    period: f.period,
    compared_to: f.compared_to ?? null,
    section: f.source.section,
    stated,
    unit: f.unit,
    computed,
    agrees: computed === null ? null : roundTo(computed, decimals) === roundTo(stated, decimals),
    formula: e.formula,
    method: e.method,
    note,
  });
  const years = f.compared_to ? Number(f.period) - Number(f.compared_to) : 0;
  switch (f.kind) {
    case 'share': {
      const part = level(f.measure, f.period);
      const total = f.denominator ? level(f.denominator, f.period) : null;
      const s = share(part, total);
      return result(
        s.value,
        s,
        total === null ? `没有 ${f.denominator ?? '分母'} 的 ${f.period} 年数据，无法核验` : null,
      );
    }
    case 'multiple': {
      const now = level(f.measure, f.period);
      const before = level(f.measure, f.compared_to);
      if (now !== null && before !== null)
        return result(multipleOfBaseline(before, now).value, multipleOfBaseline(before, now));
      const implied = now === null ? null : now / stated;
      return result(null, {
        formula: implied === null ? 'n/a' : `${now} / ${stated} = ${round4(implied)}`,
        method: 'multiple of an earlier level (倍数)',
        note: `没有 ${f.compared_to} 年的水平值，无法核验；按所述倍数推算 ${f.compared_to} 年约为 ${implied === null ? '—' : round4(implied)}`,
      });
    }
    case 'avg_growth': {
      const now = level(f.measure, f.period);
      const before = level(f.measure, f.compared_to);
      if (now !== null && before !== null && f.compared_to) {
        const g = avgAnnualGrowthSince({
          baseYear: Number(f.compared_to),
          baseValue: before,
          endYear: Number(f.period),
          endValue: now,
        });
        return result(g.value === null ? null : g.value * 100, g);
      }
      const multipleFact = plan.baseline_facts.find(
        (m) =>
          m.kind === 'multiple' &&
          m.measure === f.measure &&
          m.period === f.period &&
          m.compared_to === f.compared_to,
      );
      if (!multipleFact || years <= 0)
        return result(
          null,
          { formula: 'n/a', method: 'geometric average growth (水平法)' },
          '缺少起止年份的水平值，无法核验',
        );
      const c = checkStatedAvgGrowth({
        multiple: Number(multipleFact.value),
        avgGrowth: stated / 100,
        years,
        multipleDecimals: scaleOf(multipleFact.value),
      });
      const computed = c.implied === null ? null : c.implied * 100;
      const implied = computed === null ? '—' : `${computed.toFixed(2)}%`;
      const gap = c.difference === null ? '' : `，相差 ${(Math.abs(c.difference) * 100).toFixed(2)} 个百分点`;
      const note = c.agrees
        ? null
        : c.withinRounding
          ? `规划所述年均增速 ${stated}% 与所述倍数 ${multipleFact.value} 倍隐含的几何平均增速 ${implied} 不完全相同${gap}，但在倍数四舍五入的范围内`
          : `规划所述年均增速 ${stated}% 与所述倍数 ${multipleFact.value} 倍隐含的几何平均增速 ${implied} 不一致${gap}，不能由倍数的四舍五入解释`;
      return { ...result(computed, c, note), agrees: c.withinRounding ?? c.agrees };
    }
    case 'pp_change': {
      const shareFact = plan.baseline_facts.find(
        (s) => s.kind === 'share' && s.measure === f.measure && s.period === f.period,
      );
      if (!shareFact)
        return result(null, { formula: 'n/a', method: 'share change (百分点)' }, '没有对应的占比数据');
      const before = shareBeforeChange(Number(shareFact.value), stated);
      return result(
        null,
        before,
        `没有 ${f.compared_to} 年的占比数据，无法核验；按所述推算 ${f.compared_to} 年占比为 ${before.value === null ? '—' : round4(before.value)}%`,
      );
    }
    default:
      return result(null, { formula: 'n/a', method: String(f.kind) }, null);
  }
}

function roundTo(x: number, decimals: number): number {
  const k = 10 ** decimals;
  return Math.round(x * k) / k;
}

function round4(x: number): number {
  return Math.round(x * 10000) / 10000;
}
