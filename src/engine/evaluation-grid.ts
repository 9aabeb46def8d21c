import { addDecimals } from '../domain/decimal-string.js';
import { type Expr, evaluate as evaluateExpr, referencedIds } from '../domain/expression.js';
import type { Indicator, Measure } from '../plan/plan-types.js';
import type { ComponentInput } from './indicator-result.js';
import type { Level } from './load-levels.js';

const MEASURE = 'measure:';

/** An indicator's or measure's values for one area at every period of the grid (index = period index). */
export interface Series {
  values: (number | null)[];
  /** Published comparable YoY, for a measure observed with one. */
  publishedYoy: (number | null)[];
  simulated: boolean[];
}

/** What the grid needs to know about the plan: its measures, indicators, their expressions and the zones. */
export interface PlanIndex {
  measures: ReadonlyMap<string, Measure>;
  indicators: ReadonlyMap<string, Indicator>;
  asts: ReadonlyMap<string, Expr>;
  zones: ReadonlyMap<string, readonly string[]>;
}

/**
 * The loaded levels of one evaluation, indexed for the maths: periods by position, levels by measure and
 * area, and each (indicator or measure, area) series computed once for all periods. Keys are split once
 * here so that the per-result work does no string building.
 */
export class EvaluationGrid {
  readonly periodIndex: Map<string, number>;
  private readonly levels = new Map<string, Map<string, (Level | undefined)[]>>();
  private readonly series = new Map<string, Map<string, Series>>();

  constructor(
    private readonly plan: PlanIndex,
    grid: ReadonlyMap<string, Level>,
    readonly periods: readonly string[],
  ) {
    this.periodIndex = new Map(periods.map((p, i) => [p, i]));
    for (const [key, level] of grid) {
      const [measure, area, period] = key.split('|') as [string, string, string];
      const j = this.periodIndex.get(period);
      if (j === undefined) continue;
      let byArea = this.levels.get(measure);
      if (!byArea) {
        byArea = new Map();
        this.levels.set(measure, byArea);
      }
      let row = byArea.get(area);
      if (!row) {
        row = new Array(periods.length);
        byArea.set(area, row);
      }
      row[j] = level;
    }
  }

  /** The level of a measure for an area or zone at period index j (a zone sums its members; all must be present). */
  levelAt(measure: string, area: string, j: number): Level | null {
    const members = this.plan.zones.get(area);
    if (!members) return this.levels.get(measure)?.get(area)?.[j] ?? null;
    const parts: Level[] = [];
    for (const m of members) {
      const l = this.levels.get(measure)?.get(m)?.[j];
      if (!l) return null;
      parts.push(l);
    }
    // Exact to the light: the members' decimals are added exactly, then read once.
    const decimal = addDecimals(parts.map((l) => l.decimal));
    const value = Number(decimal);
    // The zone keeps the comparable basis when every member published one: Σx / Σ(x/(1+g)) − 1.
    let comparablePrev: number | null = 0;
    for (const l of parts)
      comparablePrev =
        comparablePrev === null || l.publishedYoy === null
          ? null
          : comparablePrev + l.value / (1 + l.publishedYoy);
    return {
      value,
      decimal,
      publishedYoy: comparablePrev ? value / comparablePrev - 1 : null,
      how: 'months',
      months: 0,
      source: `片区 ${area}：${members.length} 个地区合计`,
      batches: [...new Set(parts.flatMap((l) => l.batches))],
      simulated: parts.some((l) => l.simulated),
    };
  }

  /** The series of an indicator (or of a measure, as `measure:<id>`) for an area, computed once per grid. */
  seriesOf(id: string, area: string): Series {
    let byArea = this.series.get(id);
    if (!byArea) {
      byArea = new Map();
      this.series.set(id, byArea);
    }
    let s = byArea.get(area);
    if (!s) {
      s = this.compute(id, area);
      byArea.set(area, s);
    }
    return s;
  }

  private compute(id: string, area: string): Series {
    const n = this.periods.length;
    const out: Series = {
      values: new Array(n).fill(null),
      publishedYoy: new Array(n).fill(null),
      simulated: new Array(n).fill(false),
    };
    const indicator = id.startsWith(MEASURE) ? null : this.plan.indicators.get(id);
    if (indicator === undefined) return out;
    const measureId = indicator ? indicator.measure : id.slice(MEASURE.length);
    if (measureId !== undefined) {
      if (!this.plan.measures.has(measureId)) return out;
      for (let j = 0; j < n; j++) {
        const l = this.levelAt(measureId, area, j);
        if (!l) continue;
        out.values[j] = l.value;
        out.publishedYoy[j] = l.publishedYoy;
        out.simulated[j] = l.simulated;
      }
      return out;
    }
    const ast = this.plan.asts.get(id);
    if (!ast) return out;
    const refs = referencedIds(ast).map(({ name }) => ({ name, series: this.refSeries(id, name, area) }));
    let j = 0;
    const lookup = (name: string): number | null => {
      for (const r of refs) if (r.name === name) return r.series?.values[j] ?? null;
      return null;
    };
    for (; j < n; j++) {
      out.values[j] = evaluateExpr(ast, lookup);
      out.simulated[j] = refs.some((r) => r.series?.simulated[j] === true);
    }
    return out;
  }

  /** What an identifier in an expression reads: another indicator, else a measure. */
  private refSeries(self: string, name: string, area: string): Series | null {
    if (name !== self && this.plan.indicators.has(name)) return this.seriesOf(name, area);
    return this.plan.measures.has(name) ? this.seriesOf(MEASURE + name, area) : null;
  }

  /** The inputs a value rests on (each measure read, with its source and batches), for explanations. */
  inputsOf(id: string, area: string, j: number): ComponentInput[] {
    const indicator = this.plan.indicators.get(id);
    if (indicator?.measure) return this.measureInput(indicator.measure, area, j);
    const ast = this.plan.asts.get(id);
    if (!ast) return [];
    return referencedIds(ast).flatMap(({ name }) =>
      name !== id && this.plan.indicators.has(name)
        ? this.inputsOf(name, area, j)
        : this.measureInput(name, area, j),
    );
  }

  private measureInput(measureId: string, area: string, j: number): ComponentInput[] {
    const m = this.plan.measures.get(measureId);
    if (!m) return [];
    const l = this.levelAt(m.id, area, j);
    return [
      {
        measure: m.id,
        area,
        period: this.periods[j] as string,
        value: l?.value ?? null,
        unit: m.unit,
        source: l ? sourceText(l) : null,
        ...(l?.batches.length ? { batches: l.batches } : {}),
        simulated: l?.simulated ?? false,
      },
    ];
  }
}

function sourceText(l: Level): string {
  if (l.batches.length === 1 && l.source === null) return `batch:${l.batches[0]}`;
  // A year of feeds rests on dozens of monthly batches: name the count and the first few; the data page lists all.
  const shown = l.batches.slice(0, 3).join(', ');
  const batches =
    l.batches.length === 0
      ? ''
      : l.batches.length <= 3
        ? ` [batch ${shown}]`
        : ` [${l.batches.length} batches: ${shown}, …]`;
  return `${l.source ?? ''}${batches}`.trim();
}
