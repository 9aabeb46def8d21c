/**
 * npm run bench:engine — evaluates every plan indicator for every area and every month of 2021–2025 and
 * compares it with the bare SQL aggregation it rests on (the same level-grid statement, alone), in one run.
 * The last line is `engine b/a = X.XX`.
 *
 * The store is a fresh DuckDB file (or ECMON_BENCH_DB=postgres://… for PostgreSQL) holding the Chengdu plan
 * and simulated monthly observations (seeded, labelled simulated) for every area and feed-derived measure.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Period } from '../src/domain/period.js';
import { IndicatorEvaluator } from '../src/engine/evaluate-indicators.js';
import { levelGridQuery } from '../src/engine/load-levels.js';
import { loadPlan } from '../src/plan/load-plan.js';
import type { ObservationInput } from '../src/store/observation-repository.js';
import { openStore } from '../src/store/open-store.js';
import { savePlan } from '../src/store/plan-repository.js';
import { writeObservations } from '../src/store/write/write-observations.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const plan = loadPlan('plans/chengdu-ec-2021-2025.yaml');
const dir = mkdtempSync(join(tmpdir(), 'ecmon-bench-engine-'));
const store = await openStore(process.env.ECMON_BENCH_DB ?? join(dir, 'bench.duckdb'));
await savePlan(store.driver, store.dialect, plan, 'plans/chengdu-ec-2021-2025.yaml');

// Seeded simulated months for every flow measure in 亿元 and every area.
let seed = 20211221;
const rand = (): number => {
  seed = (seed * 1664525 + 1013904223) % 2 ** 32;
  return seed / 2 ** 32;
};
const flows = plan.measures.filter((m) => m.aggregation === 'flow' && m.unit === '亿元');
const rows: ObservationInput[] = [];
for (const m of flows)
  for (const a of plan.areas)
    for (let y = 2020; y <= 2025; y++)
      for (let mo = 1; mo <= 12; mo++)
        rows.push({
          measure: m.id,
          area: a.code,
          period: `${y}-${String(mo).padStart(2, '0')}`,
          value: (10 + rand() * 90).toFixed(4),
          unit: '亿元',
          simulated: true,
          source: 'bench (simulated)',
        });
await writeObservations(store.driver, store.dialect, rows);

const periods: Period[] = [];
for (let y = 2021; y <= 2025; y++)
  for (let m = 1; m <= 12; m++) periods.push({ kind: 'month', year: y, month: m });
const evaluator = new IndicatorEvaluator(plan);
const areas = plan.areas.map((a) => a.code);
const req = { periods, areas };

const time = async (fn: () => Promise<unknown>): Promise<number> => {
  const t0 = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - t0) / 1e6;
};
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

// Warm up both paths once.
await evaluator.evaluate(store.driver, req);
// The statement the evaluation runs, alone.
const query = levelGridQuery(evaluator.levelRequest(req));
if (!query) throw new Error('empty request');
let results = 0;
let explained = 0;
const sqlTimes: number[] = [];
const fullTimes: number[] = [];
const explainTimes: number[] = [];
for (let i = 0; i < RUNS; i++) {
  sqlTimes.push(await time(() => store.driver.query(query.sql, query.params)));
  fullTimes.push(
    await time(async () => {
      results = (await evaluator.evaluate(store.driver, req)).length;
    }),
  );
  explainTimes.push(
    await time(async () => {
      explained = (await evaluator.evaluate(store.driver, { ...req, explain: true })).length;
    }),
  );
}
const a = median(sqlTimes);
const b = median(fullTimes);
const c = median(explainTimes);
console.log(
  `engine: ${store.driver.engine}; observations ${rows.length}; indicators ${plan.indicators.length} × areas ${areas.length} × months ${periods.length} = ${results} results`,
);
console.log(`(a) bare SQL aggregation of the level grid: median ${a.toFixed(1)} ms over ${RUNS} runs`);
console.log(
  `(b) full evaluation (SQL + decoding + maths + judgements): median ${b.toFixed(1)} ms (${((results / b) * 1000).toFixed(0)} results/s)`,
);
console.log(
  `(c) the same with explanations (components for all ${explained} results): median ${c.toFixed(1)} ms (c/a = ${(c / a).toFixed(2)})`,
);
await store.close();
rmSync(dir, { recursive: true, force: true });
console.log(`engine b/a = ${(b / a).toFixed(2)}`);
