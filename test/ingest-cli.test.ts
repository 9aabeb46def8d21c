/**
 * `ecmon ingest feed` and `ecmon feeds` as a user runs them (the built CLI; npm test builds first), and a
 * crash: killing the process mid-ingest leaves the previous state.
 */
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FEED_COLUMNS } from '../src/ingest/feed/feed-columns.js';
import { generateFeed } from '../src/ingest/generate/generate-feed.js';
import { engines } from './support/engines.js';

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'ecmon-feed-cli-'));

async function ecmon(args: string[]) {
  try {
    const r = await run('node', ['bin/ecmon.js', ...args], { maxBuffer: 1 << 24 });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

describe.each(engines())('ecmon ingest feed and ecmon feeds on $engine', (target) => {
  let db: string;
  let small: string;
  beforeAll(async () => {
    db = await target.create();
    expect((await ecmon(['--db', db, 'init'])).code).toBe(0);
    small = join(dir, `small-${target.engine}.csv`);
    await generateFeed({ period: '2021-03', rows: 300, out: small, platform: 'sim-mall' });
  });
  afterAll(() => target.cleanup());

  it('ingests a feed, printing one plain line per phase when stderr is not a terminal', async () => {
    const r = await ecmon([
      '--db',
      db,
      'ingest',
      'feed',
      small,
      '--platform',
      'sim-mall',
      '--period',
      '2021-03',
    ]);
    expect(r.code).toBe(0);
    expect(r.stderr.split('\n').map((l) => l.replace(/^\[\d+\.\ds\] /, ''))).toEqual([
      '转换',
      '读取',
      '校验',
      '汇总',
      '提交',
      '',
    ]);
    expect(r.stdout).toMatch(
      /读取 300 行，入库 300 行（模拟数据）\n {2}批次 feed-sim-mall-2021-03-[0-9a-f]{6} {2}2021-03 {2}300 行 {2}已发布/,
    );
    const obs = await ecmon([
      '--db',
      db,
      'observations',
      '--measure',
      'online_retail_sales',
      '--period',
      '2021-03',
      '--area',
      '510100',
    ]);
    expect(obs.code).toBe(0);
    expect(obs.stdout).toContain('平台数据');
    const list = await ecmon(['--db', db, 'feeds', 'list', '--format', 'json']);
    const batches = JSON.parse(list.stdout) as { id: string; status: string; rows: number }[];
    expect(batches).toMatchObject([{ status: 'published', rows: 300 }]);
    const show = await ecmon(['--db', db, 'feeds', 'show', batches[0]?.id as string]);
    expect(show.stdout).toContain('ec_transaction_volume');
  });

  it('refuses a bad feed with a summary on stderr, an error file, exit 1 and no stack trace', async () => {
    const f = join(dir, `bad-${target.engine}.csv`);
    const good = readFileSync(small, 'utf8').split('\n').slice(1, 4);
    const bad = (good[0] as string).replace(',510', ',999');
    writeFileSync(f, `${FEED_COLUMNS.join(',')}\n${[...good, bad].join('\n')}\n`);
    const r = await ecmon(['--db', db, 'ingest', 'feed', f, '--platform', 'sim-mall']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${f}:5: seller_area=999`);
    expect(r.stderr).toContain('未知区划代码（不是本计划的下级区划）（area）：1');
    expect(r.stderr).toContain(`${f}.errors.csv: 1 行有错误（共 4 行），未写入任何数据`);
    expect(r.stderr).not.toMatch(/at .*\.js:\d+/);
    expect(readFileSync(`${f}.errors.csv`, 'utf8').split('\n')[0]).toBe('file,line,column,value,rule,error');
  });

  it('rolls a batch back from the command line', async () => {
    const list = JSON.parse((await ecmon(['--db', db, 'feeds', 'list', '--format', 'json'])).stdout) as {
      id: string;
    }[];
    const id = list[0]?.id as string;
    const r = await ecmon(['--db', db, 'feeds', 'rollback', id]);
    expect(r.stdout).toBe(`已回滚 ${id}；该平台本月已无生效批次，其观测值已移入历史\n`);
    const again = await ecmon(['--db', db, 'feeds', 'rollback', id]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('只能回滚当前生效的批次');
  });
});

describe('killing the process mid-ingest', () => {
  const target = engines()[0] as ReturnType<typeof engines>[number];
  afterAll(() => target.cleanup());

  /** Starts an ingest of `file` and SIGKILLs it as soon as stderr shows `phase`; resolves with the exit signal. */
  function killAt(db: string, file: string, phase: string): Promise<NodeJS.Signals | null> {
    return new Promise((resolve) => {
      const child = spawn(
        'node',
        ['bin/ecmon.js', '--db', db, 'ingest', 'feed', file, '--platform', 'sim-mall'],
        {
          stdio: ['ignore', 'ignore', 'pipe'],
        },
      );
      let err = '';
      child.stderr.on('data', (b: Buffer) => {
        err += b.toString();
        if (err.includes(phase)) child.kill('SIGKILL');
      });
      child.on('exit', (_code, signal) => resolve(signal));
    });
  }

  it('leaves the previous batch, its observations and nothing else, and the next ingest succeeds', async () => {
    const db = await target.create();
    expect((await ecmon(['--db', db, 'init'])).code).toBe(0);
    const first = join(dir, 'crash-first.csv');
    await generateFeed({ period: '2021-03', rows: 500, out: first, platform: 'sim-mall' });
    expect((await ecmon(['--db', db, 'ingest', 'feed', first, '--platform', 'sim-mall'])).code).toBe(0);
    const state = async () => ({
      batches: (await ecmon(['--db', db, 'feeds', 'list', '--format', 'csv'])).stdout,
      observations: (await ecmon(['--db', db, 'observations', '--period', '2021-03', '--format', 'csv']))
        .stdout,
    });
    const before = await state();
    expect(before.batches.split('\n')).toHaveLength(3);

    const big = join(dir, 'crash-big.csv');
    await generateFeed({ period: '2021-03', rows: 300_000, out: big, platform: 'sim-mall' });
    expect(await killAt(db, big, '读取')).toBe('SIGKILL');
    expect(await state()).toEqual(before);
    expect(await killAt(db, big, '校验')).toBe('SIGKILL');
    expect(await state()).toEqual(before);

    const r = await ecmon(['--db', db, 'ingest', 'feed', big, '--platform', 'sim-mall']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('入库 300000 行');
    expect((await state()).batches.split('\n')).toHaveLength(4);
  }, 120_000);
});
