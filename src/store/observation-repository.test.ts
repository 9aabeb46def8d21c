import { afterAll, describe, expect, it } from 'vitest';
import { engines, freshStore } from '../../test/support/engines.js';
import { migrate } from './migrations.js';
import { dataVersion, observationHistory, queryObservations } from './observation-repository.js';
import { writeObservations } from './write/write-observations.js';

describe.each(engines())('observation store on $engine', (target) => {
  afterAll(() => target.cleanup());

  async function storeWithMeasures() {
    const { store } = await freshStore(target);
    await store.driver.exec(
      `INSERT INTO measures VALUES ('online_retail_sales', '网上零售额', '亿元', 'flow'), ('ec_employment', '电子商务带动就业人数', '万人', 'stock')`,
    );
    return store;
  }

  it('applies migrations once: opening again changes nothing', async () => {
    const { store } = await freshStore(target);
    expect(await migrate(store.driver, store.dialect)).toEqual([]);
    const rows = await store.driver.query('SELECT version FROM schema_migrations ORDER BY version');
    expect(rows.map((r) => Number(r.version))).toEqual([
      1, 2, 3, 4, 5, 10, 11, 20, 25, 26, 27, 30, 31, 40, 41,
    ]);
    await store.close();
  });

  it('keeps amounts exact: 0.1 + 0.2 亿元 sums to exactly 0.3 亿元 in SQL', async () => {
    const store = await storeWithMeasures();
    await writeObservations(store.driver, store.dialect, [
      { measure: 'online_retail_sales', area: '510104', period: '2021-01', value: '0.1', unit: '亿元' },
      { measure: 'online_retail_sales', area: '510104', period: '2021-02', value: '0.2', unit: '亿元' },
    ]);
    const [row] = await store.driver.query(
      `SELECT CAST(sum(value_base) AS VARCHAR) AS s FROM observations WHERE measure = 'online_retail_sales'`,
    );
    expect(Number.parseFloat(String(row?.s))).toBe(30000000);
    expect(String(row?.s)).toMatch(/^30000000(\.0+)?$/);
    await store.close();
  });

  it('converts units exactly: 12345.6789 万元 reads back as 1.23456789 亿元, and keeps the value as given', async () => {
    const store = await storeWithMeasures();
    await writeObservations(store.driver, store.dialect, [
      { measure: 'online_retail_sales', area: '510100', period: '2021', value: '12345.6789', unit: '万元' },
    ]);
    const [o] = await queryObservations(store.driver, { measure: 'online_retail_sales' });
    expect(o).toMatchObject({
      value: '1.23456789',
      unit: '亿元',
      given_value: '12345.6789',
      given_unit: '万元',
    });
    await store.close();
  });

  it('re-importing the same key replaces the value and keeps the replaced one in history', async () => {
    const store = await storeWithMeasures();
    const key = { measure: 'online_retail_sales', area: '510100', period: '2021' };
    const v0 = await dataVersion(store.driver);
    await writeObservations(store.driver, store.dialect, [
      { ...key, value: '4800', unit: '亿元', source: 'first' },
    ]);
    const second = await writeObservations(
      store.driver,
      store.dialect,
      [{ ...key, value: '4873.2', unit: '亿元', source: 'second', published_yoy: '17.3' }],
      'batch-2',
    );
    expect(second).toEqual({ inserted: 0, replaced: 1 });
    const rows = await queryObservations(store.driver, key);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ value: '4873.2', source: 'second', published_yoy: '17.3' });
    const history = await observationHistory(store.driver, key);
    expect(history.map((h) => [h.value, h.source])).toEqual([['4800', 'first']]);
    expect(await dataVersion(store.driver)).toBe(v0 + 2);
    await store.close();
  });

  it('keeps breakdowns apart from totals: a domain row does not replace the total', async () => {
    const store = await storeWithMeasures();
    await writeObservations(store.driver, store.dialect, [
      { measure: 'online_retail_sales', area: '510100', period: '2021', value: '100', unit: '亿元' },
      {
        measure: 'online_retail_sales',
        area: '510100',
        period: '2021',
        value: '40',
        unit: '亿元',
        breakdown: { domain: 'retail' },
      },
    ]);
    expect(await queryObservations(store.driver, { measure: 'online_retail_sales' })).toHaveLength(1);
    const all = await queryObservations(store.driver, { measure: 'online_retail_sales', totalsOnly: false });
    expect(all.map((r) => [r.breakdown, r.value])).toEqual([
      [{}, '100'],
      [{ domain: 'retail' }, '40'],
    ]);
    await store.close();
  });

  it('rolls back everything when a write fails half-way', async () => {
    const store = await storeWithMeasures();
    await expect(
      store.driver.transaction(async (tx) => {
        await writeObservations(tx, store.dialect, [
          { measure: 'online_retail_sales', area: '510100', period: '2022', value: '1', unit: '亿元' },
        ]);
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await queryObservations(store.driver, { measure: 'online_retail_sales' })).toEqual([]);
    await store.close();
  });
});
