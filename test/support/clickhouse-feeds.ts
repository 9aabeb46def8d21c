/** Feeds for the ClickHouse tests and benchmark: a CSV as a bulk file, and the plan's rules as grid measures. */
import { readFileSync } from 'node:fs';
import { compileFeedFilter } from '../../src/ingest/feed/compile-feed-filter.js';
import type { Plan } from '../../src/plan/plan-types.js';
import { clickhouseDialect } from '../../src/store/clickhouse/clickhouse-dialect.js';
import type { GridMeasure } from '../../src/store/clickhouse/clickhouse-feed-rows.js';
import type { BulkFile } from '../../src/store/dialect.js';

export function csvSource(file: string): BulkFile {
  const head = readFileSync(file).subarray(0, 4096).toString('latin1').split(/\r?\n/)[0] ?? '';
  return { file, format: 'csv', path: file, readAs: 'csv', columns: head.split(','), firstLine: 2 };
}

export function gridMeasures(plan: Pick<Plan, 'feed_rules'>): GridMeasure[] {
  return plan.feed_rules.map((r) => ({
    measure: r.measure,
    aggregate: r.aggregate,
    where: compileFeedFilter(r.where, clickhouseDialect),
  }));
}
