/**
 * What a feed ingest may take from the machine, as a user's process sees it (the built CLI; npm test builds
 * first): a 15 KB XLSX whose one row is numbered 20,000,000 fails fast, naming the limit, with a peak RSS
 * under 500 MB; the conversion folders (`ecmon-feed-*`) are gone after a SIGTERM mid-conversion, and after a
 * SIGKILL at the next start. Each child gets its own TMPDIR so the folder can be watched.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateFeed } from '../src/ingest/generate/generate-feed.js';
import { GENERATORS, gb18030Feed } from './support/corpus-files.js';

const dir = mkdtempSync(join(tmpdir(), 'ecmon-resources-'));
const db = join(dir, 'store', 'test.duckdb');
const temp = join(dir, 'tmp');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const leftovers = (): string[] => readdirSync(temp).filter((n) => n.startsWith('ecmon-'));

/** Runs ecmon in a child whose TMPDIR is `temp`; `stop` may signal it once stderr shows something. */
function ecmon(
  args: string[],
  stop?: { when: () => boolean; signal: NodeJS.Signals },
): Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string; maxRssKb: number }> {
  const rssFile = join(dir, `rss-${Math.random().toString(36).slice(2)}`);
  // The wrapper records the child's own peak RSS (process.resourceUsage) when it exits normally.
  const wrapper = `process.on('exit', () => require('node:fs').writeFileSync(${JSON.stringify(rssFile)}, String(process.resourceUsage().maxRSS))); import('./bin/ecmon.js');`;
  return new Promise((resolve) => {
    const child = spawn('node', ['-e', wrapper, 'ecmon', '--db', db, ...args], {
      env: { ...process.env, TMPDIR: temp },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    let timer: NodeJS.Timeout | undefined;
    if (stop)
      timer = setInterval(() => {
        if (stop.when()) {
          clearInterval(timer);
          child.kill(stop.signal);
        }
      }, 20);
    child.stderr.on('data', (b: Buffer) => {
      stderr += b.toString();
    });
    child.on('exit', (code, signal) => {
      clearInterval(timer);
      let maxRssKb = 0;
      try {
        maxRssKb = Number(readFileSync(rssFile, 'utf8'));
      } catch {}
      resolve({ code, signal, stderr, maxRssKb });
    });
  });
}

describe('bounded resources of a feed ingest', () => {
  let gb18030: string;
  beforeAll(async () => {
    mkdirSync(temp);
    expect((await ecmon(['init'])).code).toBe(0);
    gb18030 = join(dir, 'big-gb18030.csv');
    await gb18030Feed(gb18030, 300_000);
  }, 120_000);

  it('refuses a 15 KB XLSX with a row numbered 20,000,000 by the row limit, with a peak RSS under 500 MB', async () => {
    await GENERATORS.xlsxRow20m(dir);
    const r = await ecmon(['ingest', 'feed', join(dir, 'feed.xlsx'), '--platform', 'sim-mall']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('20,000,000 — XLSX 工作表行数超过上限 1,048,576');
    expect(r.maxRssKb).toBeGreaterThan(0);
    expect(r.maxRssKb).toBeLessThan(500 * 1024);
  });

  it('removes the conversion folder when interrupted by SIGTERM mid-conversion', async () => {
    const r = await ecmon(['ingest', 'feed', gb18030, '--platform', 'sim-mall'], {
      when: () => leftovers().length > 0,
      signal: 'SIGTERM',
    });
    expect(r.signal).toBe('SIGTERM');
    expect(leftovers()).toEqual([]);
  }, 60_000);

  it('removes the folder of a process killed outright at the next start', async () => {
    const r = await ecmon(['ingest', 'feed', gb18030, '--platform', 'sim-mall'], {
      when: () => leftovers().length > 0,
      signal: 'SIGKILL',
    });
    expect(r.signal).toBe('SIGKILL');
    expect(leftovers()).toHaveLength(1);
    const next = await ecmon(['ingest', 'feed', join(dir, 'nothing.csv'), '--platform', 'sim-mall']);
    expect(next.stderr).toContain('文件不存在');
    expect(leftovers()).toHaveLength(1);
    const small = join(dir, 'small.csv');
    await generateFeed({ period: '2021-04', rows: 50, out: small, platform: 'sim-mall' });
    expect((await ecmon(['ingest', 'feed', small, '--platform', 'sim-mall'])).code).toBe(0);
    expect(leftovers()).toEqual([]);
  }, 60_000);
});
