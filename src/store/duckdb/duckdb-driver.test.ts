import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DuckDbDriver } from './duckdb-driver.js';
import { onlyReads } from './read-pool.js';

/** A promise and the function that resolves it: a transaction held open until the test lets it go. */
function gate(): { wait: Promise<void>; open: () => void } {
  let open = (): void => undefined;
  const wait = new Promise<void>((resolve) => (open = resolve));
  return { wait, open };
}

const count = async (driver: DuckDbDriver): Promise<number> =>
  Number((await driver.query<{ n: string }>('SELECT CAST(count(*) AS VARCHAR) AS n FROM t'))[0]?.n);

describe('DuckDB driver: one writer, a pool of readers', () => {
  let dir: string;
  let driver: DuckDbDriver;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ecmon-driver-'));
    driver = await DuckDbDriver.open(join(dir, 'store.duckdb'));
    await driver.exec('CREATE TABLE t (x INTEGER); INSERT INTO t VALUES (1), (2)');
  });
  afterEach(async () => {
    await driver.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('reads run while a write transaction is open and see the last commit, not its writes', async () => {
    const held = gate();
    const inside = gate();
    const writing = driver.transaction(async (tx) => {
      await tx.exec('INSERT INTO t VALUES (3)');
      inside.open();
      await held.wait;
    });
    await inside.wait;
    // Queued behind the open transaction these would never resolve: it only ends when the test opens the gate.
    const reads = await Promise.all([
      count(driver),
      count(driver),
      count(driver),
      count(driver),
      count(driver),
    ]);
    expect(reads).toEqual([2, 2, 2, 2, 2]);
    held.open();
    await writing;
    expect(await count(driver)).toBe(3);
  });

  it('a transaction sees its own writes; a rolled-back one leaves nothing', async () => {
    const seen = await driver.transaction(async (tx) => {
      await tx.exec('INSERT INTO t VALUES (3)');
      return count(tx as DuckDbDriver);
    });
    expect(seen).toBe(3);
    await expect(
      driver.transaction(async (tx) => {
        await tx.exec('INSERT INTO t VALUES (4)');
        throw new Error('half-way');
      }),
    ).rejects.toThrow('half-way');
    expect(await count(driver)).toBe(3);
  });

  it('writes started during a transaction wait for it: nothing interleaves inside', async () => {
    const order: string[] = [];
    const held = gate();
    const inside = gate();
    const first = driver.transaction(async (tx) => {
      await tx.exec('INSERT INTO t VALUES (10)');
      inside.open();
      await held.wait;
      order.push(`first sees ${await count(tx as DuckDbDriver)}`);
    });
    await inside.wait;
    const second = driver.transaction(async (tx) => {
      order.push(`second sees ${await count(tx as DuckDbDriver)}`);
      await tx.exec('INSERT INTO t VALUES (20)');
    });
    const outside = driver.exec('INSERT INTO t VALUES (30)').then(() => order.push('outside done'));
    const returning = driver
      .query<{ x: number }>('INSERT INTO t VALUES (40) RETURNING x')
      .then((r) => order.push(`returning ${r[0]?.x}`));
    held.open();
    await Promise.all([first, second, outside, returning]);
    expect(order).toEqual(['first sees 3', 'second sees 3', 'outside done', 'returning 40']);
    expect(await count(driver)).toBe(6);
  });

  it('announces each commit and resolves the write after the listener; a rollback is not announced', async () => {
    const seen: number[] = [];
    const stop = driver.onCommit(async () => {
      seen.push(await count(driver));
    });
    await driver.transaction((tx) => tx.exec('INSERT INTO t VALUES (3)'));
    expect(seen).toEqual([3]);
    await driver.exec('INSERT INTO t VALUES (4)');
    expect(seen).toEqual([3, 4]);
    await expect(driver.transaction(() => Promise.reject(new Error('no')))).rejects.toThrow('no');
    await count(driver);
    expect(seen).toEqual([3, 4]);
    stop();
    await driver.exec('INSERT INTO t VALUES (5)');
    expect(seen).toEqual([3, 4]);
  });

  it('reads a temporary table, which only the writer has', async () => {
    await driver.exec('CREATE TEMPORARY TABLE scratch AS SELECT 7 AS y');
    expect(await driver.query('SELECT y FROM scratch')).toEqual([{ y: 7 }]);
  });
});

describe('which statements only read', () => {
  it.each([
    ['SELECT 1', true],
    ['  with x AS (SELECT 1) SELECT * FROM x', true],
    ['FROM t', true],
    ['INSERT INTO t VALUES (1)', false],
    ['WITH x AS (SELECT 1) INSERT INTO t SELECT * FROM x', false],
    ["SELECT nextval('seq')", false],
    ['UPDATE t SET x = 1', false],
    ['CREATE TABLE u AS SELECT 1', false],
    ['-- a comment\nSELECT 1', false],
  ])('%s → %s', (sql, reads) => {
    expect(onlyReads(sql)).toBe(reads);
  });
});
