/**
 * Every engine's dialect behaves the same where the code relies on it: try-casts accept exactly the same
 * texts, full matches anchor both ends, and the duplicate probes find the same keys. DuckDB always;
 * PostgreSQL when ECMON_TEST_PG_URL is set.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Dialect } from './dialect.js';
import type { Driver } from './driver.js';
import { ENGINES, type EngineEntry } from './engines.js';

const urls = [process.env.ECMON_TEST_PG_URL, process.env.ECMON_TEST_CH_URL].filter((u) => u !== undefined);
const targets = ENGINES.flatMap((e): [string, EngineEntry, string][] => {
  if (e.schemes.length === 0) return [[e.name, e, ':memory:']];
  const url = urls.find((u) => e.schemes.some((s) => u.startsWith(`${s}://`)));
  return url ? [[e.name, e, url]] : [];
});

/** [text, the value as text or null] */
const AMOUNTS: [string, string | null][] = [
  ['1234.56', '1234.56'],
  ['0', '0.00'],
  ['-0.5', '-0.50'],
  ['12.3', '12.30'],
  ['-12', '-12.00'],
  ['007.10', '7.10'],
  ['1234567890123456.99', '1234567890123456.99'],
  ['12345678901234567', null],
  ['1.234', null],
  ['12.300', '12.30'],
  ['1234567890123456.0000000000', '1234567890123456.00'],
  ['1.0001', null],
  ['1e3', null],
  ['+5', null],
  ['.5', null],
  ['-.5', null],
  ['5.', null],
  ['-', null],
  ['', null],
  [' 5', null],
  ['5 ', null],
  ['1,000', null],
  ['--1', null],
  ['1-', null],
  ['1.2.3', null],
  ['NaN', null],
  ['Infinity', null],
  ['0x10', null],
  ['abc', null],
];
const COUNTS: [string, string | null][] = [
  ['7', '7'],
  ['-2', '-2'],
  ['007', '7'],
  ['123456789012345678', '123456789012345678'],
  ['1234567890123456789', null],
  ['1.5', null],
  ['1.0', null],
  ['1e3', null],
  ['+1', null],
  [' 1', null],
  ['-', null],
  ['', null],
  ['x', null],
];
const FLAGS: [string, string | null][] = [
  ['1', 'true'],
  ['0', 'false'],
  ['true', 'true'],
  ['false', 'false'],
  ['TRUE', 'true'],
  ['FALSE', 'false'],
  ['True', 'true'],
  ['False', 'false'],
  ['yes', null],
  ['t', null],
  ['2', null],
  [' 1', null],
  ['', null],
];

async function converted(
  driver: Driver,
  d: Dialect,
  kind: 'amount' | 'count' | 'flag',
  texts: readonly string[],
): Promise<(string | null)[]> {
  const values = texts
    .map((_, i) => `SELECT ${i} AS i, CAST($${i + 1} AS ${d.text}) AS t`)
    .join(' UNION ALL ');
  // A flag reads as 'true'/'false' whatever the engine's boolean type (ClickHouse 18.16 has UInt8 0/1).
  const text = (r: string): string =>
    kind === 'flag' ? `CASE WHEN ${r} IS NULL THEN NULL WHEN ${r} THEN 'true' ELSE 'false' END` : d.asText(r);
  const rows = await driver.query<{ r: string | null }>(
    `SELECT ${text(d.tryCast('t', kind))} AS r FROM (${values}) v ORDER BY i`,
    texts,
  );
  return rows.map((r) => r.r);
}

describe.each(targets)('the %s dialect', (_name, engine, target) => {
  let driver: Driver;
  const d = engine.dialect;
  beforeAll(async () => {
    driver = await engine.open(target);
  });
  afterAll(async () => {
    await driver.close();
  });

  it.each([
    ['amount', AMOUNTS],
    ['count', COUNTS],
    ['flag', FLAGS],
  ] as const)('try-casts %s texts by the one accept rule', async (kind, cases) => {
    expect(
      await converted(
        driver,
        d,
        kind,
        cases.map((c) => c[0]),
      ),
    ).toEqual(cases.map((c) => c[1]));
  });

  // An analytical engine (no transactions, no boolean type) is held to the accept rule and patterns only.
  it.skipIf(!engine.transactional)('gives each kind its type', async () => {
    const rows = await driver.query<{ a: string; n: string | number; f: boolean; t: string }>(
      `SELECT CAST('1.5' AS ${d.typeOf('amount')}) AS a, CAST('3' AS ${d.typeOf('count')}) AS n,
              CAST(TRUE AS ${d.typeOf('flag')}) AS f, CAST(12 AS ${d.typeOf('text')}) AS t`,
    );
    expect(rows).toEqual([{ a: '1.50', n: rows[0]?.n, f: true, t: '12' }]);
    expect(String(rows[0]?.n)).toBe('3');
  });

  it('matches a pattern against the whole text', async () => {
    const texts = ['2021-03', '2021-12', '2021-13', 'x2021-03', '2021-033', '2021-1'];
    const values = texts
      .map((_, i) => `SELECT ${i} AS i, CAST($${i + 1} AS ${d.text}) AS t`)
      .join(' UNION ALL ');
    const rows = await driver.query<{ m: boolean }>(
      `SELECT ${d.fullMatch('t', '[0-9]{4}-(0[1-9]|1[0-2])')} AS m FROM (${values}) v ORDER BY i`,
      texts,
    );
    expect(rows.map((r) => Boolean(r.m))).toEqual([true, true, false, false, false, false]);
  });

  it.skipIf(!engine.transactional)('finds the duplicate keys of a table, per partition', async () => {
    await driver.transaction(async (tx) => {
      await tx.exec(
        `CREATE TEMPORARY TABLE dup_probe (period ${d.text}, store_id ${d.text}, category ${d.text})`,
      );
      await tx.exec(`INSERT INTO dup_probe VALUES ('2021-01', 'S1', 'food'), ('2021-01', 'S1', 'food'),
        ('2021-01', 'S2', 'food'), ('2021-02', 'S1', 'food'), ('2021-02', 'S3', 'books'),
        ('2021-02', 'S3', 'books'), ('2021-02', 'S3', 'books'), ('2021-03', 'S1', 'food')`);
      const probe = d.duplicateProbe('dup_probe', 'period', ['store_id', 'category']);
      const parts = probe.perPartition ? [['2021-01'], ['2021-02'], ['2021-03']] : [[]];
      let n = 0;
      for (const p of parts) n += Number((await tx.query<{ n: string | number }>(probe.sql, p))[0]?.n);
      expect(n).toBe(2);
      const key = ['period', 'store_id', 'category'];
      const repeated = await tx.query<{ n: string | number }>(
        `SELECT count(*) AS n FROM ${d.duplicateCandidates('dup_probe', key)} c
         WHERE (SELECT count(*) FROM dup_probe x WHERE x.period = c.period AND x.store_id = c.store_id
                AND x.category = c.category) > 1`,
      );
      expect(Number(repeated[0]?.n)).toBe(5);
      await tx.exec('DROP TABLE dup_probe');
    });
  });
});
