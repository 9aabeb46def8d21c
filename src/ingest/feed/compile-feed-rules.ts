/**
 * Compiles the plan's mapping rules to the SQL that turns a batch's rows into per-batch aggregates
 * (`feed_cells`): first one GROUP BY of the valid rows into a small cube over the fields rules can filter
 * on, then, per rule, its aggregate over the cube for every area and the plan's root area (GROUPING SETS),
 * per focus domain and per category when the rule asks for those breakdowns.
 */

import { FILTER_FIELDS } from '../../feed-format/feed-fields.js';
import type { DomainRule, FeedRule, Plan } from '../../plan/plan-types.js';
import type { Dialect } from '../../store/dialect.js';
import { compileAggregate, compileFeedFilter, FeedFilterError } from './compile-feed-filter.js';
import { ROW_PROBLEM } from './validate-feed.js';

const ID = /^[a-z_][a-z0-9_]*$/;

function idLiteral(id: string): string {
  if (!ID.test(id)) throw new FeedFilterError(`not an id: ${id}`);
  return `'${id}'`;
}

/** The cube's dimensions: period, platform, area and every field a rule can filter on. */
export const CUBE_DIMENSIONS: readonly string[] = ['period', 'platform', 'seller_area', ...FILTER_FIELDS];

/**
 * The cube: one row per combination of {@link CUBE_DIMENSIONS}, with the sums rules aggregate and the
 * number of rows with a problem of their own (validate-feed.ts).
 */
export function cubeSql(d: Dialect, table: string): string {
  const dims = CUBE_DIMENSIONS.map((f) => d.ident(f)).join(', ');
  return `CREATE TEMPORARY TABLE feed_cube AS
SELECT ${dims}, sum(gmv) AS gmv, sum(refunds) AS refunds, sum(orders) AS orders, count(*) AS row_count,
  count(*) FILTER (WHERE ${ROW_PROBLEM}) AS bad_rows
FROM ${d.ident(table)}
GROUP BY ${dims}`;
}

/** One domain's predicate: its rules are alternatives (a row passing any of them counts once). */
export function domainPredicate(rules: readonly DomainRule[], d: Dialect): string {
  return rules.map((r) => `(${compileFeedFilter(r.where, d)})`).join(' OR ');
}

function ruleBranches(rule: FeedRule, domains: Map<string, string>, d: Dialect): string[] {
  const measure = idLiteral(rule.measure);
  const agg = compileAggregate(rule);
  const pred = compileFeedFilter(rule.where, d);
  const breakdowns = rule.breakdowns ?? [];
  const byArea = 'GROUP BY GROUPING SETS ((period, seller_area), (period))';
  const out = [
    `SELECT ${measure} AS measure, period, coalesce(seller_area, CAST($1 AS ${d.text})) AS area, '' AS domain, '' AS category, ${agg} AS value
  FROM feed_cube WHERE ${pred} ${byArea}`,
    `SELECT ${measure}, period, CAST($1 AS ${d.text}), '', '', 0 FROM feed_new_batches`,
  ];
  if (breakdowns.includes('domain'))
    for (const [domain, dpred] of domains)
      out.push(`SELECT ${measure}, period, coalesce(seller_area, CAST($1 AS ${d.text})), ${idLiteral(domain)}, '', ${agg}
  FROM feed_cube WHERE ${pred} AND (${dpred}) ${byArea}`);
  if (breakdowns.includes('category'))
    out.push(`SELECT ${measure}, period, coalesce(seller_area, CAST($1 AS ${d.text})), '', category, ${agg}
  FROM feed_cube WHERE ${pred} GROUP BY GROUPING SETS ((period, seller_area, category), (period, category))`);
  return out;
}

/**
 * The INSERT that fills `feed_cells` for the batches in `feed_new_batches (period, batch_id)` from
 * `feed_cube`. Parameter $1 is the plan's root area code.
 */
export function feedCellsSql(plan: Pick<Plan, 'feed_rules' | 'domain_rules'>, d: Dialect): string {
  const grouped = new Map<string, DomainRule[]>();
  for (const r of plan.domain_rules) grouped.set(r.domain, [...(grouped.get(r.domain) ?? []), r]);
  const domains = new Map([...grouped].map(([id, rules]) => [id, domainPredicate(rules, d)]));
  const branches = plan.feed_rules.flatMap((r) => ruleBranches(r, domains, d));
  return `INSERT INTO feed_cells (batch_id, measure, area, domain, category, value)
SELECT b.batch_id, x.measure, x.area, x.domain, x.category, CAST(sum(x.value) AS ${d.amount})
FROM (
${branches.join('\nUNION ALL\n')}
) x JOIN feed_new_batches b ON b.period = x.period
GROUP BY b.batch_id, x.measure, x.area, x.domain, x.category`;
}
