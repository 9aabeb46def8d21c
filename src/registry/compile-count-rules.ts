/**
 * Compiles a plan count rule (registry.counts) into one parameterised SQL statement per dialect-neutral
 * shape: the number of distinct entities per area and month-end (and for the whole plan area), or the
 * entities themselves for an explanation. Rule values are parameters; nothing from the plan or a file is
 * spliced into the SQL text.
 */
import type { Plan } from '../plan/plan-types.js';
import { type CountRule, ENTERPRISE_KIND } from '../plan/registry-spec.js';
import type { SqlValue } from '../store/driver.js';
import { currentRows, latestEntities } from './registry-repository.js';

/** A month of the count: its label (YYYY-MM), first and last day. */
export interface CountMonth {
  period: string;
  first: string;
  last: string;
}

export interface CompiledQuery {
  sql: string;
  params: SqlValue[];
}

/** The kinds a rule counts: its own list, else every kind its designations apply to. */
export function ruleKinds(plan: Plan, rule: CountRule): string[] {
  if (rule.kinds) return rule.kinds;
  const ds = new Map(plan.registry.designations.map((d) => [d.id, d.kinds]));
  return [...new Set(rule.designations.flatMap((d) => ds.get(d) ?? [ENTERPRISE_KIND]))];
}

/**
 * The designations a rule may count, whatever the date, each with its entity's name, area and removal date
 * (the WITH clause shared by both queries). One join of the two tables, so each engine plans it from the
 * tables' own sizes.
 */
function matching(plan: Plan, rule: CountRule, p: (v: SqlValue) => string): string {
  const list = (vs: readonly SqlValue[]): string => vs.map(p).join(', ');
  const filters = [`e.kind IN (${list(ruleKinds(plan, rule))})`];
  if (rule.areas) filters.push(`e.area IN (${list(rule.areas)})`);
  if (rule.domains) filters.push(`e.domain IN (${list(rule.domains)})`);
  filters.push(`d.designation IN (${list(rule.designations)})`);
  if (rule.since) filters.push(`d.valid_from >= ${p(rule.since)}`);
  return `designated AS (
  SELECT d.entity_id, d.designation, d.valid_from, d.valid_to, d.document, d.body, e.name, e.area, e.removed_on
  FROM ${currentRows('registry_designations')} d JOIN ${latestEntities()} e ON e.id = d.entity_id
  WHERE ${filters.join(' AND ')}
)`;
}

/** How a designation falls in a month (`m`): in force at its last day, or beginning inside it. */
function inMonth(rule: CountRule): string {
  return rule.count === 'started_in_period'
    ? 'd.valid_from >= m.first_day AND d.valid_from <= m.last_day'
    : 'd.valid_from <= m.last_day AND (d.valid_to IS NULL OR d.valid_to > m.last_day)';
}

/** A removed entity (`removed_on`: the first day it no longer counts) counts only before its removal. */
function notYetRemoved(rule: CountRule): string {
  return `(d.removed_on IS NULL OR d.removed_on > ${rule.count === 'started_in_period' ? 'd.valid_from' : 'm.last_day'})`;
}

/**
 * Counts per (period, area) for every month given, once the rule has any designation in the registry (before
 * that it has no data, not zero): one row per month for `root` (all areas) and one for each of `areas` (zero
 * where none counts), so zone sums find every member.
 */
export function compileCountQuery(
  plan: Plan,
  rule: CountRule,
  months: readonly CountMonth[],
  areas: readonly string[],
): CompiledQuery {
  const params: SqlValue[] = [];
  const p = (v: SqlValue): string => `$${params.push(v)}`;
  const t = (v: string): string => `CAST(${p(v)} AS VARCHAR)`;
  const monthRows = months.map((m) => `(${t(m.period)}, ${t(m.first)}, ${t(m.last)})`).join(', ');
  const areaRows = areas.map((a) => `(${t(a)})`).join(', ');
  const with_ = matching(plan, rule, p);
  const root = t(plan.root_area);
  const sql = `WITH months (period, first_day, last_day) AS (VALUES ${monthRows}),
plan_areas (area) AS (VALUES ${areaRows}),
${with_},
hits AS (
  SELECT DISTINCT m.period, d.area, d.entity_id AS id
  FROM months m JOIN designated d ON ${inMonth(rule)} AND ${notYetRemoved(rule)}
),
places AS (SELECT a.area FROM plan_areas a WHERE EXISTS (SELECT 1 FROM designated))
SELECT m.period, p.area, count(h.id) AS n
FROM months m CROSS JOIN places p LEFT JOIN hits h ON h.period = m.period AND h.area = p.area
GROUP BY m.period, p.area
UNION ALL
SELECT m.period, ${root} AS area, count(DISTINCT h.id) AS n
FROM months m LEFT JOIN hits h ON h.period = m.period
WHERE EXISTS (SELECT 1 FROM designated)
GROUP BY m.period
ORDER BY period, area`;
  return { sql, params };
}

/** The entities a rule counts in one span (first..last day), in the given areas (all when null). */
export function compileCountedEntitiesQuery(
  plan: Plan,
  rule: CountRule,
  span: { first: string; last: string },
  areas: readonly string[] | null,
): CompiledQuery {
  const params: SqlValue[] = [];
  const p = (v: SqlValue): string => `$${params.push(v)}`;
  const with_ = matching(plan, rule, p);
  const month = `(SELECT CAST(${p(span.first)} AS VARCHAR) AS first_day, CAST(${p(span.last)} AS VARCHAR) AS last_day) m`;
  const areaFilter = areas ? `WHERE d.area IN (${areas.map(p).join(', ')})` : '';
  const sql = `WITH ${with_}
SELECT d.entity_id AS id, d.name, d.area, d.designation, d.valid_from, d.valid_to, d.document, d.body
FROM ${month} JOIN designated d ON ${inMonth(rule)} AND ${notYetRemoved(rule)}
${areaFilter}
ORDER BY d.area, d.name, d.entity_id, d.valid_from`;
  return { sql, params };
}
