/**
 * Alerts kept in the app (and POSTed as JSON to an optional webhook): a deadline passed, a rule failed, a feed
 * was rejected, an indicator's light turned red. Each alert has a key so the same event is raised once.
 */
import { randomUUID } from 'node:crypto';
import type { Dialect } from '../store/dialect.js';
import type { Driver, SqlValue } from '../store/driver.js';

export const ALERT_KINDS = ['deadline_passed', 'rule_failed', 'feed_rejected', 'light_red'] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

export const ALERT_ZH: Record<AlertKind, string> = {
  deadline_passed: '逾期未报',
  rule_failed: '校验未通过',
  feed_rejected: '平台数据被拒收',
  light_red: '指标亮红灯',
};

export interface NewAlert {
  kind: AlertKind;
  /** The same key is raised once (e.g. `deadline|form|area|period`). */
  key: string;
  form_id?: string | null;
  area?: string | null;
  period?: string | null;
  subject?: string | null;
  message_zh: string;
  message_en: string;
}

export interface Alert extends Required<NewAlert> {
  id: string;
  raised_at: string;
  webhook_status: string | null;
}

/** Where alerts go besides the app: `ECMON_ALERT_WEBHOOK` (a URL receiving a JSON POST per alert). */
export interface AlertSettings {
  webhook?: string | null;
}

export const alertSettingsFromEnv = (): AlertSettings => ({
  webhook: process.env.ECMON_ALERT_WEBHOOK || null,
});

/**
 * Raises alerts not raised before (by key), then POSTs each new one to the webhook and records the answer
 * (`200`, or the error) on the alert. Returns the new alerts.
 */
export async function raiseAlerts(
  db: Driver,
  d: Dialect,
  alerts: readonly NewAlert[],
  settings: AlertSettings = {},
): Promise<Alert[]> {
  const fresh: Alert[] = [];
  for (const a of alerts) {
    const id = `alert-${randomUUID().slice(0, 12)}`;
    const inserted = await db.query(
      `INSERT INTO alerts (id, kind, dedupe_key, raised_at, form_id, area, period, subject, message_zh, message_en)
       SELECT $1, $2, $3, ${d.now}, $4, $5, $6, $7, $8, $9
       WHERE NOT EXISTS (SELECT 1 FROM alerts WHERE dedupe_key = $3) RETURNING id, CAST(raised_at AS ${d.text}) AS at`,
      [
        id,
        a.kind,
        a.key,
        a.form_id ?? null,
        a.area ?? null,
        a.period ?? null,
        a.subject ?? null,
        a.message_zh,
        a.message_en,
      ],
    );
    const row = inserted[0];
    if (!row) continue;
    fresh.push({
      id,
      kind: a.kind,
      key: a.key,
      form_id: a.form_id ?? null,
      area: a.area ?? null,
      period: a.period ?? null,
      subject: a.subject ?? null,
      message_zh: a.message_zh,
      message_en: a.message_en,
      raised_at: String(row.at).slice(0, 19),
      webhook_status: null,
    });
  }
  if (settings.webhook)
    for (const a of fresh) {
      a.webhook_status = await post(settings.webhook, a);
      await db.query('UPDATE alerts SET webhook_status = $1 WHERE id = $2', [a.webhook_status, a.id]);
    }
  return fresh;
}

async function post(url: string, alert: Alert): Promise<string> {
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ source: 'ecmon', ...alert }),
      signal: AbortSignal.timeout(5000),
    });
    return String(res.status);
  } catch (e) {
    return `failed: ${e instanceof Error ? e.message : String(e)}`.slice(0, 200);
  }
}

/** Alerts, newest first; with `areas`, only those about these areas (and none about the whole city). */
export async function listAlerts(
  db: Driver,
  d: Dialect,
  f: { areas?: readonly string[] | 'all'; kind?: string; limit?: number } = {},
): Promise<Alert[]> {
  const params: SqlValue[] = [];
  const where: string[] = [];
  if (f.kind) where.push(`kind = $${params.push(f.kind)}`);
  if (f.areas && f.areas !== 'all')
    where.push(f.areas.length ? `area IN (${f.areas.map((a) => `$${params.push(a)}`).join(', ')})` : 'FALSE');
  const rows = await db.query(
    `SELECT id, kind, dedupe_key, CAST(raised_at AS ${d.text}) AS at, form_id, area, period, subject, message_zh,
       message_en, webhook_status FROM alerts ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
     ORDER BY raised_at DESC, id LIMIT ${Math.min(f.limit ?? 200, 2000)}`,
    params,
  );
  return rows.map((r) => ({
    id: String(r.id),
    kind: r.kind as AlertKind,
    key: String(r.dedupe_key),
    form_id: (r.form_id as string | null) ?? null,
    area: (r.area as string | null) ?? null,
    period: (r.period as string | null) ?? null,
    subject: (r.subject as string | null) ?? null,
    message_zh: String(r.message_zh),
    message_en: String(r.message_en),
    raised_at: String(r.at).slice(0, 19),
    webhook_status: (r.webhook_status as string | null) ?? null,
  }));
}
