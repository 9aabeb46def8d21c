import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from '../open-store.js';

describe('an embedded DuckDB store', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ecmon-resources-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('spills into <file>.tmp beside the store with bounded memory, and removes a killed run’s leftovers', async () => {
    const db = join(dir, 'store.duckdb');
    mkdirSync(`${db}.tmp`, { recursive: true });
    writeFileSync(`${db}.tmp/duckdb_temp_block-leftover.block`, 'x'.repeat(1000));
    process.env.ECMON_DUCKDB_MEMORY_LIMIT = '300MB';
    const store = await openStore(db);
    try {
      expect(existsSync(`${db}.tmp/duckdb_temp_block-leftover.block`)).toBe(false);
      const [s] = await store.driver.query<{ t: string; m: string; x: string }>(
        `SELECT current_setting('temp_directory') AS t, current_setting('memory_limit') AS m,
                current_setting('max_temp_directory_size') AS x`,
      );
      expect(s).toEqual({ t: `${db}.tmp`, m: '286.1 MiB', x: '29.8 GiB' });
    } finally {
      delete process.env.ECMON_DUCKDB_MEMORY_LIMIT;
      await store.close();
    }
    expect(existsSync(`${db}.tmp`)).toBe(false);
  });
});
