/**
 * A small real store for the API and web tests: a fresh DuckDB file with the Chengdu plan (its 2020 figures)
 * and a handful of observations imported through the ordinary import path. Every figure the tests assert
 * follows from the rows below.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StoreDashboardService } from '../../src/api/dashboard-service.js';
import { RegistryService } from '../../src/api/registry-service.js';
import { importObservationsFile } from '../../src/ingest/import-observations.js';
import { loadPlan } from '../../src/plan/load-plan.js';
import type { Plan } from '../../src/plan/plan-types.js';
import { applyRegistry } from '../../src/registry/import-registry.js';
import { openStore, type Store } from '../../src/store/open-store.js';
import { savePlan } from '../../src/store/plan-repository.js';

export const PLAN_FILE = 'plans/chengdu-ec-2021-2025.yaml';

/**
 * 网上零售额 (亿元): the city in 2021 and its first three months; the six areas of 一核 (core) in 2020 and 2021
 * with published comparable growth that implies a 2020 of 2000 for the zone, while the 2020 levels add up to
 * 2010 (锦江 410, not 400). 电子商务交易额 by domain for 锦江 (510104).
 */
export const OBSERVATIONS = `measure,area,period,value,unit,published_yoy,domain,source
online_retail_sales,510100,2021,5000,亿元,,,测试数据
online_retail_sales,510100,2021-01,400,亿元,,,测试数据
online_retail_sales,510100,2021-02,350,亿元,,,测试数据
online_retail_sales,510100,2021-03,450,亿元,,,测试数据
online_retail_sales,510104,2020,410,亿元,,,测试数据
online_retail_sales,510104,2021,480,亿元,20,,测试数据
online_retail_sales,510105,2020,300,亿元,,,测试数据
online_retail_sales,510105,2021,330,亿元,10,,测试数据
online_retail_sales,510106,2020,200,亿元,,,测试数据
online_retail_sales,510106,2021,250,亿元,25,,测试数据
online_retail_sales,510107,2020,500,亿元,,,测试数据
online_retail_sales,510107,2021,600,亿元,20,,测试数据
online_retail_sales,510108,2020,100,亿元,,,测试数据
online_retail_sales,510108,2021,110,亿元,10,,测试数据
online_retail_sales,510173,2020,500,亿元,,,测试数据
online_retail_sales,510173,2021,550,亿元,10,,测试数据
ec_transaction_volume,510104,2020,800,亿元,,,测试数据
ec_transaction_volume,510104,2021,1000,亿元,,,测试数据
ec_transaction_volume,510104,2020,200,亿元,,retail_ec,测试数据
ec_transaction_volume,510104,2021,300,亿元,,retail_ec,测试数据
ec_transaction_volume,510104,2020,480,亿元,,industrial_ec,测试数据
ec_transaction_volume,510104,2021,600,亿元,24,industrial_ec,测试数据
`;

/** One registry entity without designations: its page answers, and no count gets a value from it. */
export async function addSceneEntity(store: Store, plan: Plan): Promise<void> {
  await applyRegistry(
    store,
    plan,
    {
      entities: [
        {
          id: 'SIM-DEMO_SCENE-00001',
          kind: 'scene',
          name: '模拟示范场景001',
          area: '510104',
          domain: null,
          founded: null,
          operator: null,
          fields: {},
        },
      ],
      designations: [],
      credit: [],
    },
    { by: 'test', reason: null, simulated: true, file: null },
  );
}

/**
 * Registers `id` as a 瞪羚企业 (gazelle) in 锦江区 since 2024, so it reports Chengdu's key-enterprise quarterly
 * form (key_enterprise_quarterly_ec).
 */
export async function addKeyEnterprise(store: Store, plan: Plan, id: string, name: string): Promise<void> {
  await applyRegistry(
    store,
    plan,
    {
      entities: [
        {
          id,
          kind: 'enterprise',
          name,
          area: '510104',
          domain: null,
          founded: null,
          operator: null,
          fields: {},
        },
      ],
      designations: [
        {
          id: `${id}|gazelle|2024-01-01`,
          entity_id: id,
          designation: 'gazelle',
          valid_from: '2024-01-01',
          valid_to: null,
          body: null,
          document: null,
          source: '测试名录',
        },
      ],
      credit: [],
    },
    { by: 'test', reason: null, file: null },
  );
}

export interface DashboardStore {
  plan: Plan;
  store: Store;
  service: StoreDashboardService;
  registry: RegistryService;
  close(): Promise<void>;
}

export async function openDashboardStore(): Promise<DashboardStore> {
  const dir = mkdtempSync(join(tmpdir(), 'ecmon-api-'));
  const store = await openStore(join(dir, 'api.duckdb'));
  const plan = loadPlan(PLAN_FILE);
  await savePlan(store.driver, store.dialect, plan, PLAN_FILE);
  const csv = join(dir, 'observations.csv');
  writeFileSync(csv, OBSERVATIONS);
  await importObservationsFile(store, plan, csv);
  await addSceneEntity(store, plan);
  return {
    plan,
    store,
    service: new StoreDashboardService(store.driver, plan),
    registry: new RegistryService(store, plan),
    async close() {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
