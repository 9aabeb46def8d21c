/**
 * npx tsx scripts/bench-backfill.ts [DB] [--sellers N] — what registering firms costs once the feeds are in:
 * on a store with feed loads (default bench-data/api-10000000.duckdb, made by `npm run bench:api`), takes N
 * sellers that appear in the feeds (default 1), registers them and backfills their platform figures from every
 * kept rows table (`backfillSellerCells`), inside a transaction that is rolled back, so the store is unchanged.
 * Baseline, in the same run: the bare read it rests on, one `SELECT count(*) … WHERE seller_uscc IN (…)` per
 * rows table. Median of 5 runs each after one warm-up; prints the ratio.
 */
import { existsSync } from 'node:fs';
import { backfillSellerCells } from '../src/ingest/feed/seller-cells.js';
import { loadPlan } from '../src/plan/load-plan.js';
import { openStore } from '../src/store/open-store.js';

const args = process.argv.slice(2);
const at = args.indexOf('--sellers');
const sellers = at >= 0 ? Number(args[at + 1]) : 1;
const db =
  args.find((a, i) => !a.startsWith('--') && args[i - 1] !== '--sellers') ?? 'bench-data/api-10000000.duckdb';
if (!db.includes('://') && !existsSync(db)) {
  console.error(
    `${db} is missing: run npm run bench:api -- --rows 10000000 first (it keeps its store there)`,
  );
  process.exit(2);
}
const plan = loadPlan('plans/chengdu-ec-2021-2025.yaml');
const store = await openStore(db);
const ROLLBACK = 'bench: rolled back';

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
async function timed(runs: number, f: () => Promise<void>): Promise<number> {
  await f();
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await f();
    ms.push(performance.now() - t);
  }
  return median(ms);
}

try {
  const loads = await store.driver.query<{ rows_table: string }>('SELECT rows_table FROM feed_loads');
  const first = loads[0]?.rows_table;
  if (!first) throw new Error(`${db} has no feed loads`);
  // Sellers of the first load (none of them registered in a bench store).
  const codes = (
    await store.driver.query<{ s: string }>(
      `SELECT DISTINCT seller_uscc AS s FROM "${first}" WHERE seller_uscc IS NOT NULL ORDER BY 1 LIMIT ${sellers}`,
    )
  ).map((r) => r.s);
  const list = codes.map((_, i) => `$${i + 1}`).join(', ');
  const baseline = await timed(5, async () => {
    for (const l of loads)
      await store.driver.query(
        `SELECT count(*) AS n FROM "${l.rows_table}" WHERE seller_uscc IN (${list})`,
        codes,
      );
  });
  let cells = 0;
  const backfill = await timed(5, async () => {
    await store.driver
      .transaction(async (tx) => {
        await tx.query(`DELETE FROM feed_seller_cells WHERE seller_uscc IN (${list})`, codes);
        for (const c of codes)
          await tx.query(
            "INSERT INTO registry_entities (id, version, removed, kind, name, area) VALUES ($1, 999999, FALSE, 'enterprise', 'bench', '510104')",
            [c],
          );
        await backfillSellerCells(tx, store.dialect, plan, codes);
        const [r] = await tx.query(
          `SELECT count(*) AS n FROM feed_seller_cells WHERE seller_uscc IN (${list})`,
          codes,
        );
        cells = Number(r?.n);
        throw new Error(ROLLBACK);
      })
      .catch((e: Error) => {
        if (e.message !== ROLLBACK) throw e;
      });
  });
  const [rows] = await store.driver.query(
    `SELECT ${loads.map((l) => `(SELECT count(*) FROM "${l.rows_table}")`).join(' + ')} AS n`,
  );
  console.log(
    `${store.dialect.engine}: ${loads.length} loads, ${Number(rows?.n).toLocaleString('en-US')} kept feed rows; ` +
      `${codes.length} seller(s) registered → ${cells} cells`,
  );
  console.log(`baseline (bare scan of every rows table for them)  ${baseline.toFixed(0)} ms`);
  console.log(`register + backfill (rolled back)                   ${backfill.toFixed(0)} ms`);
  console.log(`ratio backfill/baseline = ${(backfill / baseline).toFixed(2)}`);
} finally {
  await store.close();
}
