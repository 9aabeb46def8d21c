/**
 * Audit rows cannot be edited, whatever the path: on PostgreSQL a trigger (migration 27) refuses UPDATE,
 * DELETE and TRUNCATE on audit_log; DuckDB has no triggers, so its driver refuses such statements. The rows
 * stay as they were.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../src/store/open-store.js';
import { appendAudit, editsAuditLog, queryAudit } from '../src/store/write/audit-log.js';
import { engines, freshStore } from './support/engines.js';

describe('spotting a statement that edits the audit log', () => {
  it('UPDATE, DELETE and TRUNCATE naming it; not inserts or reads of it, nor edits of other tables', () => {
    expect(
      [
        'UPDATE audit_log SET reason = NULL',
        'update "audit_log" set reason = null',
        'DELETE FROM audit_log WHERE seq = 1',
        'delete from main.audit_log',
        'TRUNCATE audit_log',
        'TRUNCATE TABLE audit_log;',
        'INSERT INTO audit_log (seq) SELECT max(seq) + 1 FROM audit_log',
        'SELECT * FROM audit_log',
        'UPDATE batches SET status = $1',
        'DELETE FROM audit_log_copy',
      ].map(editsAuditLog),
    ).toEqual([true, true, true, true, true, true, false, false, false, false]);
  });
});

describe.each(engines())('the audit log on $engine', (target) => {
  let store: Store;
  beforeAll(async () => {
    ({ store } = await freshStore(target));
    await appendAudit(store.driver, store.dialect, [
      { actor: 'admin', via: 'cli', what: 'setting', subject: 'user:x', new_value: 'role=analyst' },
    ]);
  });
  afterAll(async () => {
    await store.close();
    await target.cleanup();
  });

  it('refuses UPDATE, DELETE and TRUNCATE, and keeps the row as written', async () => {
    const refused = target.engine === 'postgres' ? /append-only: UPDATE refused/ : /append-only/;
    await expect(store.driver.query("UPDATE audit_log SET new_value = 'role=admin'")).rejects.toThrow(
      refused,
    );
    await expect(store.driver.query('DELETE FROM audit_log')).rejects.toThrow(/append-only/);
    await expect(store.driver.exec('TRUNCATE audit_log')).rejects.toThrow(/append-only/);
    await expect(
      store.driver.transaction((tx) => tx.query("UPDATE audit_log SET actor = 'someone' WHERE seq = 1")),
    ).rejects.toThrow(/append-only/);
    const rows = await queryAudit(store.driver, store.dialect);
    expect(rows.map((r) => [r.seq, r.actor, r.what, r.subject, r.new_value])).toEqual([
      [1, 'admin', 'setting', 'user:x', 'role=analyst'],
    ]);
  });
});
