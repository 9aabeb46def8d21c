import type { IndicatorEvaluator, PairAt, PeriodAt } from './evaluate-indicators.js';
import type { EvaluationGrid } from './evaluation-grid.js';
import type { Component, ComponentInput } from './indicator-result.js';
import {
  avgAnnualGrowthSince,
  completion,
  type Explanation,
  mom,
  multipleOfBaseline,
  progressOpenSdg,
  projectToTargetYear,
  requiredGrowth,
  shareChangePoints,
  timedValue,
  yoy,
} from './maths/index.js';

/**
 * The components of an evaluated result: every figure's formula with its numbers, its method, and the inputs
 * it rests on with their sources and batches. Built only when a request asks to explain; the figures come
 * from the same maths (each explained function computes its value with the numeric function the evaluator
 * uses), so they agree with the result's numbers.
 */
export function explainResult(
  evaluator: IndicatorEvaluator,
  grid: EvaluationGrid,
  pair: PairAt,
  p: PeriodAt,
): Component[] {
  const { indicator, area, series, baseline, target, share } = pair;
  const components: Component[] = [];
  const add = (of: string, e: Explanation, inputs: ComponentInput[] = []): void => {
    components.push({
      of,
      formula: e.formula,
      method: e.method,
      inputs,
      ...(e.note ? { note: e.note } : {}),
    });
  };
  const inputs = (j: number): ComponentInput[] => (j < 0 ? [] : grid.inputsOf(indicator.id, area, j));
  const at = (j: number): number | null => series.values[j] ?? null;
  const current = at(p.self);
  const currentInputs = inputs(p.self);

  components.push({
    of: 'value',
    formula:
      current === null
        ? '暂无数据 / no data'
        : `${indicator.expression ?? indicator.measure} = ${round(current)} ${indicator.unit}`,
    method: valueMethod(grid, pair, p.self),
    inputs: currentInputs,
  });
  if (share) add('share_change', shareChangePoints(current, at(p.lastYear)), inputs(p.lastYear));
  else
    add(
      'yoy',
      yoy({ current, previous: at(p.lastYear), publishedYoy: series.publishedYoy[p.self] ?? null }),
      inputs(p.lastYear),
    );
  if (!share && p.previous >= 0) add('mom', mom({ current, previous: at(p.previous) }), inputs(p.previous));

  const annual = evaluator.latestFullYear(grid, pair, p.closedYear);
  const annualInputs = annual ? inputs(grid.periodIndex.get(String(annual.year)) ?? -1) : [];
  if (baseline && annual && annual.year > baseline.year) {
    add('multiple_of_baseline', multipleOfBaseline(baseline.value, annual.value), annualInputs);
    add(
      'avg_growth_since_baseline',
      avgAnnualGrowthSince({
        baseYear: baseline.year,
        baseValue: baseline.value,
        endYear: annual.year,
        endValue: annual.value,
      }),
      annualInputs,
    );
  }
  const subYearFlow = pair.flow && !p.fullYear;
  if (target) {
    if (!subYearFlow && current !== null) add('completion', completion(current, target.value), currentInputs);
    const judged = evaluator.judge(pair, p, true);
    const e = judged.explanation;
    if (e) {
      const judgedInputs = pair.flow && p.cumulative >= 0 ? inputs(p.cumulative) : currentInputs;
      components.push({
        of: e.of,
        formula: e.formula,
        method: e.method,
        method_code: e.method_code,
        inputs: judgedInputs,
        ...(baseline || e.of === 'verdict' ? {} : { note: '规划未给出基期值：按基期年为 0 的线性路径计算' }),
      });
    }
    const latest =
      subYearFlow || current === null
        ? annual && { t: annual.year, value: annual.value, inputs: annualInputs }
        : { t: p.endYear, value: current, inputs: currentInputs };
    if (latest && !share && !judged.verdict)
      add(
        'required_growth',
        requiredGrowth({ current: latest, target: timedValue(target.year, target.value) }),
        latest.inputs,
      );
  }
  const closed = target !== null && p.months === 12 && p.period.year >= target.year;
  if (baseline && annual && target && !closed)
    add(
      'projection',
      projectToTargetYear({
        base: timedValue(baseline.year, baseline.value),
        current: timedValue(annual.year, annual.value),
        target: { year: target.year, value: target.value, comparator: target.comparator },
        direction: indicator.direction,
      }),
      annualInputs,
    );
  if (baseline && annual)
    add(
      'progress',
      progressOpenSdg({
        base: timedValue(baseline.year, baseline.value),
        current: timedValue(annual.year, annual.value),
        direction: indicator.direction,
        target: target ? timedValue(target.year, target.value) : null,
        limit: indicator.limit ?? null,
      }),
      annualInputs,
    );
  return components;
}

/** How the value was read: an observation for the period, a roll-up of months, or an expression. */
function valueMethod(grid: EvaluationGrid, pair: PairAt, j: number): string {
  const { indicator, area } = pair;
  if (!indicator.measure)
    return indicator.expression ? `expression ${indicator.expression}` : 'no definition';
  const l = j < 0 ? null : grid.levelAt(indicator.measure, area, j);
  if (!l) return 'no observation';
  return l.how === 'exact'
    ? 'observation for the period'
    : `sum of ${l.months} monthly observations (月度合计)`;
}

function round(x: number): string {
  return String(Math.round(x * 10000) / 10000);
}
