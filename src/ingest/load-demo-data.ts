import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Plan } from '../plan/plan-types.js';
import { applyRegistry } from '../registry/import-registry.js';
import { registryVersion } from '../registry/registry-repository.js';
import type { Store } from '../store/open-store.js';
import { ingestFeed } from './feed/ingest-feed.js';
import { generateFeed } from './generate/generate-feed.js';
import { DEFAULT_SEED } from './generate/generate-options.js';
import { PLATFORM_CODES } from './generate/platforms.js';
import { simulatedRegistry } from './generate/simulated-registry.js';

export interface DemoOptions {
  from: number;
  to: number;
  /** Rows per platform and year (each year's feed of each platform is one file, twelve monthly batches). */
  rows: number;
  seed?: number;
  onProgress?: (line: string) => void;
}

/** Whether the store already holds simulated feed batches. */
export async function hasDemoData(store: Store): Promise<boolean> {
  const rows = await store.driver.query(
    "SELECT count(*) AS n FROM batches WHERE kind = 'feed' AND simulated = TRUE",
  );
  return Number(rows[0]?.n ?? 0) > 0;
}

/**
 * Loads the demonstration dataset: simulated platform feeds from the seeded generator (calibrated to the
 * plan's 2020 figures, see docs/generator.md) for every platform and year, ingested through the same path as
 * a real delivery. Every batch and observation is marked simulated.
 */
export async function loadDemoData(
  store: Store,
  plan: Plan,
  opts: DemoOptions,
): Promise<{ batches: number; rows: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'ecmon-demo-'));
  let batches = 0;
  let rows = 0;
  try {
    for (let year = opts.from; year <= opts.to; year++) {
      for (const platform of PLATFORM_CODES) {
        const out = join(dir, `${platform}-${year}.csv`);
        await generateFeed({
          period: String(year),
          rows: opts.rows,
          out,
          platform,
          seed: opts.seed ?? DEFAULT_SEED,
        });
        const r = await ingestFeed(store, plan, out, { platform, simulated: true });
        batches += r.batches.length;
        rows += r.accepted;
        rmSync(out, { force: true });
      }
      opts.onProgress?.(
        `模拟数据 ${year} 年：${PLATFORM_CODES.length} 个平台已导入（累计 ${rows} 行，${batches} 个批次）`,
      );
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return { batches, rows };
}

/** Whether the registry holds anything yet. */
export async function hasRegistry(store: Store): Promise<boolean> {
  return (await registryVersion(store.driver)) > 0;
}

/**
 * Loads the simulated registry (simulated-registry.ts) as one registry version marked simulated and counts
 * the plan's count measures from it (through `through`, YYYY-MM; default: see latestCountMonth).
 */
export async function loadDemoRegistry(
  store: Store,
  plan: Plan,
  opts: { seed?: number; through?: string } = {},
): Promise<number> {
  const content = simulatedRegistry(opts.seed ?? DEFAULT_SEED);
  await applyRegistry(store, plan, content, {
    by: 'ecmon demo load',
    reason: '模拟数据（演示用）',
    simulated: true,
    file: null,
    ...(opts.through ? { through: opts.through } : {}),
  });
  return content.entities.length;
}
