/**
 * One process may serve while another writes: with `ecmon serve` holding the embedded database file, the
 * other ecmon commands on it are run by the server (one at a time) and the server's pages see the result
 * at once. Run as a user would: the built CLI in child processes.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateFeed } from '../src/ingest/generate/generate-feed.js';
import { ecmonOn } from './support/ecmon-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'ecmon-serve-write-'));
const db = join(dir, 'store.duckdb');
const serveFile = `${db}.serve.json`;

const ecmon = ecmonOn(db);

async function waitFor(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 300; i++) {
    if (check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

interface Batch {
  id: string;
  status: string;
  period: string;
  platform: string;
}

/** The live feed batches of a month, as the server's API lists them. */
async function liveBatches(url: string, period: string): Promise<Batch[]> {
  const r = await fetch(`${url}/api/v1/batches`);
  expect(r.status).toBe(200);
  const { batches } = (await r.json()) as { batches: (Batch & { kind: string })[] };
  return batches.filter((b) => b.kind === 'feed' && b.period === period && b.status === 'published');
}

/** 成都 ec_transaction_volume for a period, as the server's API answers it. */
async function volume(url: string, period: string): Promise<number | null> {
  const r = await fetch(
    `${url}/api/v1/indicators/ec_transaction_volume?period=${period}&area=510100&frequency=month`,
  );
  expect(r.status).toBe(200);
  return ((await r.json()) as { current: { value: number | null } }).current.value;
}

describe('ecmon serve with other ecmon commands on the same DuckDB file', () => {
  let server: ChildProcess;
  let url: string;
  const feed = join(dir, 'march.csv');

  beforeAll(async () => {
    expect((await ecmon(['init'])).code).toBe(0);
    await generateFeed({ period: '2021-03', rows: 400, out: feed, platform: 'sim-mall' });
    server = spawn('node', ['bin/ecmon.js', '--db', db, 'serve', '--port', '0'], { stdio: 'ignore' });
    await waitFor(() => existsSync(serveFile), 'the serve file');
    url = (JSON.parse(readFileSync(serveFile, 'utf8')) as { url: string }).url;
  });
  afterAll(() => {
    if (server.exitCode === null) server.kill('SIGKILL');
  });

  it('writes the serve file readable by its owner only', () => {
    expect(readFileSync(serveFile, 'utf8')).toMatch(/"token":"[0-9a-f]{64}"/);
    expect((statSync(serveFile).mode & 0o777).toString(8)).toBe('600');
  });

  it('runs an ingest through the server, and the server answers with the new figures at once', async () => {
    expect(await volume(url, '2021-03')).toBeNull();
    const r = await ecmon(['ingest', 'feed', feed, '--platform', 'sim-mall', '--period', '2021-03']);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('数据库正由 ecmon serve');
    expect(r.stdout).toContain('读取 400 行，入库 400 行');
    const [batch] = await liveBatches(url, '2021-03');
    const show = await ecmon(['feeds', 'show', (batch as Batch).id, '--format', 'json']);
    const total = (JSON.parse(show.stdout) as { totals: { measure: string; value: string }[] }).totals.find(
      (t) => t.measure === 'ec_transaction_volume',
    );
    expect(await volume(url, '2021-03')).toBeCloseTo(Number(total?.value) / 1e8, 8);
    const api = await fetch(`${url}/api/v1/overview?period=2021-03`);
    expect(api.status).toBe(200);
    expect(JSON.stringify(await api.json())).toContain('"ec_transaction_volume"');
  });

  it('serialises two deliveries of the same platform × month started at once: one batch live, figure of one delivery', async () => {
    const single = await volume(url, '2021-03');
    for (let i = 0; i < 20; i++) {
      const both = await Promise.all([
        ecmon(['ingest', 'feed', feed, '--platform', 'sim-mall', '--period', '2021-03']),
        ecmon(['ingest', 'feed', feed, '--platform', 'sim-mall', '--period', '2021-03']),
      ]);
      expect(both.map((r) => r.code)).toEqual([0, 0]);
      expect((await liveBatches(url, '2021-03')).length).toBe(1);
      expect(await volume(url, '2021-03')).toBe(single);
    }
  }, 400_000);

  it('refuses a caller without the token', async () => {
    const r = await fetch(`${url}/internal/cli`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer nope' },
      body: JSON.stringify({ argv: ['feeds', 'list'], cwd: dir }),
    });
    expect(r.status).toBe(401);
    expect(r.headers.get('content-type')).toContain('application/problem+json');
  });

  it('reports a user mistake from the server as it would locally, with exit code 1', async () => {
    const r = await ecmon(['ingest', 'feed', join(dir, 'missing.csv'), '--platform', 'sim-mall']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${join(dir, 'missing.csv')}: 文件不存在`);
  });

  it('runs commands locally again once the server is gone, even after kill -9 left its file', async () => {
    server.kill('SIGKILL');
    await waitFor(() => server.exitCode !== null || server.signalCode !== null, 'the server to die');
    expect(existsSync(serveFile)).toBe(true);
    const r = await ecmon(['feeds', 'list', '--period', '2021-03', '--format', 'json']);
    expect(r.code).toBe(0);
    expect(r.stderr).not.toContain('ecmon serve');
  });
});
