/**
 * API keys for open data: created by an administrator (`ecmon keys add`), shown once, kept only as a SHA-256
 * hash (a key is 32 random bytes, so a fast hash is enough); each has its own per-minute limit, and requests
 * are counted per key and day.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Driver } from './driver.js';
import { dialectOf } from './engines.js';
import { appendAudit, type SettingWriter, settingAudit, writerOf } from './write/audit-log.js';

export interface ApiKey {
  id: string;
  name: string;
  per_minute: number;
  created_at: string;
  created_by: string;
  disabled: boolean;
  /** Requests counted so far (all days). */
  requests: number;
}

export const hashKey = (key: string): string => createHash('sha256').update(key).digest('hex');

/**
 * Creates a key; the returned `key` is the only time it is seen. Audited (name and limit, never the key).
 */
export async function addApiKey(
  driver: Driver,
  k: { name: string; perMinute: number; by: string | SettingWriter; now?: Date },
): Promise<{ id: string; key: string }> {
  const key = `ecm_${randomBytes(24).toString('base64url')}`;
  const id = `key-${randomBytes(4).toString('hex')}`;
  const by = writerOf(k.by);
  await driver.transaction(async (tx) => {
    await tx.query(
      `INSERT INTO api_keys (id, name, key_hash, per_minute, created_at, created_by, disabled)
     VALUES ($1, $2, $3, $4, CAST($5 AS TIMESTAMP), $6, FALSE)`,
      [
        id,
        k.name,
        hashKey(key),
        k.perMinute,
        (k.now ?? new Date()).toISOString().replace('T', ' ').slice(0, 19),
        by.actor,
      ],
    );
    await appendAudit(
      tx,
      dialectOf(driver),
      settingAudit(by, `api_key:${id}`, null, `name=${k.name} per_minute=${k.perMinute}`),
    );
  });
  return { id, key };
}

/** The enabled key with this secret, or null. */
export async function findApiKey(
  driver: Driver,
  key: string,
): Promise<{ id: string; per_minute: number } | null> {
  const rows = await driver.query<{ id: string; per_minute: number }>(
    'SELECT id, per_minute FROM api_keys WHERE key_hash = $1 AND NOT disabled',
    [hashKey(key)],
  );
  const r = rows[0];
  return r ? { id: r.id, per_minute: Number(r.per_minute) } : null;
}

export async function listApiKeys(driver: Driver): Promise<ApiKey[]> {
  const rows = await driver.query(
    `SELECT k.id, k.name, k.per_minute, CAST(k.created_at AS VARCHAR) AS created_at, k.created_by, k.disabled,
            COALESCE((SELECT SUM(u.requests) FROM api_key_usage u WHERE u.key_id = k.id), 0) AS requests
     FROM api_keys k ORDER BY k.created_at, k.id`,
  );
  return rows.map((r) => ({
    id: r.id as string,
    name: r.name as string,
    per_minute: Number(r.per_minute),
    created_at: String(r.created_at).slice(0, 19),
    created_by: r.created_by as string,
    disabled: r.disabled === true || r.disabled === 'true',
    requests: Number(r.requests),
  }));
}

/** Disables (revokes) a key; false when there is no such key. Audited when it was enabled. */
export async function disableApiKey(
  driver: Driver,
  id: string,
  by: string | SettingWriter = 'system',
): Promise<boolean> {
  return driver.transaction(async (tx) => {
    const [found] = await tx.query('SELECT disabled FROM api_keys WHERE id = $1', [id]);
    if (!found) return false;
    const was = found.disabled === true || found.disabled === 'true';
    await tx.query('UPDATE api_keys SET disabled = TRUE WHERE id = $1', [id]);
    await appendAudit(
      tx,
      dialectOf(driver),
      settingAudit(writerOf(by), `api_key:${id}`, `disabled=${was}`, 'disabled=true'),
    );
    return true;
  });
}

/** Adds counted requests (key id → count) to the day's usage. */
export async function addKeyUsage(
  driver: Driver,
  day: string,
  counts: ReadonlyMap<string, number>,
): Promise<void> {
  if (counts.size === 0) return;
  await driver.transaction(async (tx) => {
    for (const [id, n] of counts)
      await tx.query(
        `INSERT INTO api_key_usage (key_id, day, requests) VALUES ($1, $2, $3)
         ON CONFLICT (key_id, day) DO UPDATE SET requests = api_key_usage.requests + EXCLUDED.requests`,
        [id, day, n],
      );
  });
}
