/**
 * Runs the same integration tests against every engine: DuckDB in a temporary file always, and PostgreSQL
 * when ECMON_TEST_PG_URL points at a server (each test file gets its own fresh database, dropped afterwards).
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { openStore, type Store } from '../../src/store/open-store.js';

export interface EngineTarget {
  engine: 'duckdb' | 'postgres';
  /** Creates a fresh, migrated database and returns its URL or path. */
  create(): Promise<string>;
  /** Drops everything `create` made. */
  cleanup(): Promise<void>;
}

export function engines(): EngineTarget[] {
  const out: EngineTarget[] = [];
  const dirs: string[] = [];
  out.push({
    engine: 'duckdb',
    async create() {
      const dir = mkdtempSync(join(tmpdir(), 'ecmon-test-'));
      dirs.push(dir);
      return join(dir, 'test.duckdb');
    },
    async cleanup() {
      for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
    },
  });
  const url = process.env.ECMON_TEST_PG_URL;
  if (url) {
    const made: string[] = [];
    out.push({
      engine: 'postgres',
      async create() {
        const name = `ecmon_test_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
        const admin = new pg.Client({ connectionString: url });
        await admin.connect();
        await admin.query(`CREATE DATABASE ${name}`);
        await admin.end();
        made.push(name);
        const u = new URL(url);
        u.pathname = `/${name}`;
        return u.toString();
      },
      async cleanup() {
        const admin = new pg.Client({ connectionString: url });
        await admin.connect();
        for (const name of made.splice(0)) {
          // Let closing pools finish their goodbyes before forcing: a forced drop ends any connection still open.
          for (let i = 0; i < 20; i++) {
            const [busy] = (
              await admin.query('SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1', [name])
            ).rows;
            if (busy.n === 0) break;
            await new Promise((r) => setTimeout(r, 100));
          }
          await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        }
        await admin.end();
      },
    });
  }
  return out;
}

/** Opens a fresh store on `target`. */
export async function freshStore(target: EngineTarget): Promise<{ store: Store; db: string }> {
  const db = await target.create();
  return { store: await openStore(db), db };
}
