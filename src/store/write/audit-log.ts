/**
 * The audit log: one row per write of a value, designation or setting and per state change, with who, when,
 * from where (an account, a token, the command line, the system), the old and the new value and the reason.
 * Append-only: this module is the only one naming the table, and it only inserts and reads
 * (test/audit-log.test.ts holds every source file to that).
 */
import type { Dialect } from '../dialect.js';
import type { Driver, SqlValue } from '../driver.js';

/**
 * Whether a statement would edit the audit log (UPDATE, DELETE or TRUNCATE naming it). Engines without
 * triggers (DuckDB) refuse such statements in their driver; PostgreSQL refuses them by trigger (migration 27).
 */
export function editsAuditLog(sql: string): boolean {
  return (
    sql.includes('audit_log') &&
    /\b(UPDATE|DELETE\s+FROM|TRUNCATE(\s+TABLE)?)\s+(ONLY\s+)?("?\w+"?\.)?"?audit_log"?(\s|;|$)/i.test(sql)
  );
}

/** Where a write came from. */
export type Via = 'account' | 'token' | 'cli' | 'system';

/** What was written. */
export type AuditWhat = 'value' | 'state' | 'designation' | 'setting';

export interface AuditEntry {
  actor: string;
  via: Via;
  what: AuditWhat;
  /** The batch, designation or setting written. */
  subject?: string | null;
  form_id?: string | null;
  area?: string | null;
  period?: string | null;
  measure?: string | null;
  old_value?: string | null;
  new_value?: string | null;
  reason?: string | null;
}

/** Who writes a setting, from where, and why (the audit row's actor, via and reason). */
export interface SettingWriter {
  actor: string;
  via: Via;
  reason?: string | null;
}

/** A setting writer given by name only: the system (a test, a start-up task). */
export const writerOf = (by: string | SettingWriter): SettingWriter =>
  typeof by === 'string' ? { actor: by, via: 'system' } : by;

/** The audit row of a setting changed from `old` to `now` (null: created or removed); none when equal. */
export function settingAudit(
  by: SettingWriter,
  subject: string,
  old: string | null,
  now: string | null,
): AuditEntry[] {
  if (old === now) return [];
  return [
    {
      actor: by.actor,
      via: by.via,
      what: 'setting',
      subject,
      old_value: old,
      new_value: now,
      reason: by.reason ?? null,
    },
  ];
}

export interface AuditRow extends Required<AuditEntry> {
  seq: number;
  at: string;
}

const COLUMNS = [
  'actor',
  'via',
  'what',
  'subject',
  'form_id',
  'area',
  'period',
  'measure',
  'old_value',
  'new_value',
  'reason',
] as const;

/** Appends audit rows inside the caller's transaction (`seq` keeps their order within one timestamp). */
export async function appendAudit(tx: Driver, d: Dialect, entries: readonly AuditEntry[]): Promise<void> {
  for (const e of entries) {
    const params: SqlValue[] = COLUMNS.map((c) => {
      const v = e[c];
      return v === undefined || v === null || v === '' ? null : v;
    });
    await tx.query(
      `INSERT INTO audit_log (seq, happened_at, ${COLUMNS.join(', ')})
       SELECT coalesce(max(seq), 0) + 1, ${d.now}, ${COLUMNS.map((_, i) => `$${i + 1}`).join(', ')} FROM audit_log`,
      params,
    );
  }
}

/**
 * Audit rows of state changes are written for every batch event: the batch's form cell (form, area, period)
 * when it is a form submission, else its period. A submission a district approved leaves that state, not
 * plain 'submitted' (the batch's own status), so the log reads 区县已审核 → 已审核. Runs in the transition's
 * transaction, before a return clears the district approval.
 */
export async function auditTransition(
  tx: Driver,
  d: Dialect,
  batchId: string,
  from: string | null,
  to: string,
  by: { actor: string; via?: Via | undefined; reason?: string | null | undefined },
): Promise<void> {
  await tx.query(
    `INSERT INTO audit_log (seq, happened_at, ${COLUMNS.join(', ')})
     SELECT (SELECT coalesce(max(seq), 0) + 1 FROM audit_log), ${d.now}, $1, $2, 'state', b.id, f.form_id, f.area,
       coalesce(f.period, b.period), NULL,
       CASE WHEN CAST($3 AS ${d.text}) = 'submitted'
         AND EXISTS (SELECT 1 FROM form_approvals a WHERE a.batch_id = b.id) THEN 'district_approved'
         ELSE CAST($3 AS ${d.text}) END, $4, $5
     FROM batches b LEFT JOIN form_submissions f ON f.batch_id = b.id WHERE b.id = $6`,
    [by.actor, by.via ?? 'system', from, to, by.reason?.trim() || null, batchId],
  );
}

export interface AuditFilter {
  /** Only rows of this kind (a value, a state change, a designation, a setting). */
  what?: AuditWhat;
  area?: string;
  measure?: string;
  period?: string;
  form?: string;
  subject?: string;
  /** Only rows about these areas (a district user's scope). */
  areas?: readonly string[];
  limit?: number;
}

/**
 * Who changed this figure: the rows of a cell, oldest first. With a measure, a value row must be of that
 * measure, while state rows (which concern the whole submission) are kept.
 */
export async function queryAudit(driver: Driver, d: Dialect, f: AuditFilter = {}): Promise<AuditRow[]> {
  const params: SqlValue[] = [];
  const p = (v: SqlValue): string => `$${params.push(v)}`;
  const where: string[] = [];
  if (f.what) where.push(`what = ${p(f.what)}`);
  if (f.area) where.push(`area = ${p(f.area)}`);
  if (f.period) where.push(`period = ${p(f.period)}`);
  if (f.form) where.push(`form_id = ${p(f.form)}`);
  if (f.subject) where.push(`subject = ${p(f.subject)}`);
  if (f.measure) where.push(`(measure = ${p(f.measure)} OR (measure IS NULL AND form_id IS NOT NULL))`);
  if (f.areas) where.push(f.areas.length ? `area IN (${f.areas.map((a) => p(a)).join(', ')})` : 'FALSE');
  const rows = await driver.query(
    `SELECT seq, CAST(happened_at AS ${d.text}) AS at, ${COLUMNS.join(', ')} FROM audit_log
     ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY seq DESC LIMIT ${Math.min(f.limit ?? 500, 5000)}`,
    params,
  );
  return rows
    .map((r) => ({
      seq: Number(r.seq),
      at: String(r.at).slice(0, 19),
      ...(Object.fromEntries(
        COLUMNS.map((c) => [c, (r[c] as string | null) ?? null]),
      ) as Required<AuditEntry>),
    }))
    .reverse();
}
