import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEMO_ENTERPRISE } from '../../auth/demo-accounts.js';
import { simulatedSellers } from './feed-rows.js';
import { generateFeed } from './generate-feed.js';
import { DEFAULT_SEED } from './generate-options.js';
import { PLATFORM_CODES } from './platforms.js';
import { simulatedRegistry } from './simulated-registry.js';

const dir = mkdtempSync(join(tmpdir(), 'ecmon-simreg-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** USCC → area of every seller row of `period` in the demo feeds (6000 rows per platform and year, as `npm start`). */
async function demoSellers(year: number, period: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const platform of PLATFORM_CODES) {
    const file = join(dir, `${platform}.csv`);
    await generateFeed({ period: String(year), rows: 6000, out: file, platform, seed: DEFAULT_SEED });
    const [header, ...lines] = readFileSync(file, 'utf8').trimEnd().split('\n');
    const cols = (header as string).split(',');
    const [p, u, a] = ['period', 'seller_uscc', 'seller_area'].map((c) => cols.indexOf(c)) as number[];
    for (const line of lines) {
      const f = line.split(',');
      if (f[p as number] === period && f[u as number])
        out.set(f[u as number] as string, f[a as number] as string);
    }
  }
  return out;
}

describe('simulated registry and simulated feeds', () => {
  it('designates sellers of the simulated feeds, so a designated firm has platform figures', async () => {
    const firms = simulatedRegistry(DEFAULT_SEED).entities.filter((e) => e.kind === 'enterprise');
    expect(firms).toHaveLength(129);
    const sellers = new Map(simulatedSellers(DEFAULT_SEED).map((s) => [s.uscc, s.area]));
    // Every simulated firm is one of the feeds' sellers, in the seller's own area.
    expect(firms.filter((f) => sellers.get(f.id) !== f.area)).toEqual([]);
    // And sells in a given month's demo feeds (a store with a small number is in nearly every month).
    const may2023 = await demoSellers(2023, '2023-05');
    const selling = firms.filter((f) => may2023.get(f.id) === f.area);
    expect(selling.length).toBe(122);
  }, 120_000);

  it('holds the demo enterprise account’s firm: 模拟独角兽企业001, a unicorn from 2020 on', () => {
    const registry = simulatedRegistry(DEFAULT_SEED);
    expect(registry.entities.find((e) => e.id === DEMO_ENTERPRISE)).toMatchObject({
      kind: 'enterprise',
      name: '模拟独角兽企业001',
      area: '510185',
    });
    expect(
      registry.designations
        .filter((d) => d.entity_id === DEMO_ENTERPRISE)
        .map((d) => [d.designation, d.valid_from, d.valid_to]),
    ).toEqual([['unicorn', '2020-01-01', null]]);
  });

  it('is the same for the same seed and differs for another', () => {
    const ids = (seed: number) => simulatedRegistry(seed).entities.map((e) => e.id);
    expect(ids(DEFAULT_SEED)).toEqual(ids(DEFAULT_SEED));
    expect(ids(7)).not.toEqual(ids(DEFAULT_SEED));
  });
});
