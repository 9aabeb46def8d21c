/**
 * On the embedded store, which announces its commits, the dashboard keeps its answers per data version
 * without asking the database, and recomputes the latest ones after a commit before the write returns.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StoreDashboardService } from '../src/api/dashboard-service.js';
import type { Driver, Row, SqlValue } from '../src/store/driver.js';
import { writeObservations } from '../src/store/write/write-observations.js';
import { type DashboardStore, openDashboardStore } from './support/dashboard-store.js';

/** The store's own driver, counting the statements that reach it. */
function counting(driver: Driver): Driver & { statements: number } {
  const counted = {
    statements: 0,
    engine: driver.engine,
    location: driver.location,
    query<T extends Row = Row>(sql: string, params?: readonly SqlValue[]): Promise<T[]> {
      counted.statements++;
      return driver.query<T>(sql, params);
    },
    exec(sql: string): Promise<void> {
      counted.statements++;
      return driver.exec(sql);
    },
    transaction: <T>(fn: (tx: Driver) => Promise<T>): Promise<T> => driver.transaction(fn),
    close: () => driver.close(),
    ...(driver.onCommit ? { onCommit: driver.onCommit.bind(driver) } : {}),
  };
  return counted;
}

const jinjiang = async (service: StoreDashboardService): Promise<number | null> =>
  (await service.districts({ indicator: 'online_retail_sales', period: '2021' })).rows.find(
    (r) => r.area === '510104',
  )?.value ?? null;

describe('dashboard answers on the embedded store', () => {
  let s: DashboardStore;
  let driver: Driver & { statements: number };
  let service: StoreDashboardService;
  beforeAll(async () => {
    s = await openDashboardStore();
    driver = counting(s.store.driver);
    service = new StoreDashboardService(driver, s.plan);
  }, 60_000);
  afterAll(() => s.close());

  it('answers a repeated request without a single statement', async () => {
    expect(await jinjiang(service)).toBe(480);
    const meta = await service.meta();
    const before = driver.statements;
    expect(await jinjiang(service)).toBe(480);
    expect((await service.meta()).data_version).toBe(meta.data_version);
    await service.overview({ period: '2021' });
    const afterOverview = driver.statements;
    await service.overview({ period: '2021' });
    expect(driver.statements - afterOverview).toBe(0);
    expect(afterOverview - before).toBeGreaterThan(0);
  });

  it('has the new figures computed when a write returns, and answers them without a statement', async () => {
    const { data_version } = await service.meta();
    await writeObservations(s.store.driver, s.store.dialect, [
      { measure: 'online_retail_sales', area: '510104', period: '2021', value: '500', unit: '亿元' },
    ]);
    const before = driver.statements;
    expect(await jinjiang(service)).toBe(500);
    expect((await service.meta()).data_version).toBe(data_version + 1);
    expect(driver.statements - before).toBe(0);
  });

  it('keeps no failed answer: an unknown indicator is refused each time it is asked', async () => {
    for (let i = 0; i < 2; i++)
      await expect(service.districts({ indicator: 'no_such', period: '2021' })).rejects.toThrow('no_such');
  });
});
