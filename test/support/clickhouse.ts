/**
 * The ClickHouse cluster the tests use: ECMON_TEST_CH_URL (`scripts/clickhouse-cluster.sh start` prints it;
 * .ci/run exports it). Each test file gets a fresh database on every shard, dropped afterwards. Without a
 * reachable cluster the suites skip, and say why.
 */
import { randomUUID } from 'node:crypto';
import { ClickHouseDriver, parseClickHouseTarget } from '../../src/store/clickhouse/clickhouse-driver.js';

async function reachable(url: string | undefined): Promise<string | null> {
  if (!url) return 'ECMON_TEST_CH_URL is not set (scripts/clickhouse-cluster.sh start prints it)';
  for (const shard of parseClickHouseTarget(url).shards) {
    try {
      const res = await fetch(`http://${shard}/?query=SELECT%201`, { signal: AbortSignal.timeout(2000) });
      if (!res.ok) return `ClickHouse at ${shard} answered ${res.status}`;
    } catch {
      return `no ClickHouse answers at ${shard}`;
    }
  }
  return null;
}

const url = process.env.ECMON_TEST_CH_URL;
/** Why the ClickHouse suites skip, or null when the cluster answers. */
export const clickhouseSkip = await reachable(url);

/** A fresh database on every shard of the test cluster; `drop` removes it. */
export async function freshClickHouse(): Promise<{
  ch: ClickHouseDriver;
  url: string;
  drop(): Promise<void>;
}> {
  const t = parseClickHouseTarget(url as string);
  const db = `ecmon_test_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  const admin = await ClickHouseDriver.open(url as string);
  await admin.onEveryShard(`CREATE DATABASE ${db}`);
  const fresh = `clickhouse://${t.shards.join(',')}/${db}?cluster=${t.cluster}`;
  return {
    ch: await ClickHouseDriver.open(fresh),
    url: fresh,
    drop: () => admin.onEveryShard(`DROP DATABASE IF EXISTS ${db}`),
  };
}
