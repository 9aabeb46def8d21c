import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { UserError } from '../../domain/user-error.js';
import { registerDemoGenerate } from './demo-generate.js';

function program(): Command {
  const root = new Command('ecmon').exitOverride();
  registerDemoGenerate(root.command('demo').exitOverride());
  return root;
}

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ecmon-demo-generate-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('ecmon demo generate', () => {
  it('writes the feed and prints one line saying it is simulated', async () => {
    const out = join(dir, 'nov.ndjson');
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    await program().parseAsync(['demo', 'generate', '--period', '2020-11', '--rows', '500', '--out', out], {
      from: 'user',
    });
    expect(log).toHaveBeenCalledTimes(1);
    expect(log.mock.calls[0]?.[0]).toMatch(
      /^已生成模拟数据（simulated）500 行 → .*nov\.ndjson，用时 \d+\.\d 秒$/,
    );
    log.mockRestore();
    expect((await readFile(out, 'utf8')).split('\n')).toHaveLength(501);
    expect(JSON.parse(await readFile(`${out}.meta.json`, 'utf8')).simulated).toBe(true);
  });

  it('rejects bad options with a Chinese problem per option', async () => {
    const run = program().parseAsync(
      ['demo', 'generate', '--period', '2020-13', '--rows', '1e5', '--seed', 'x'],
      {
        from: 'user',
      },
    );
    await expect(run).rejects.toBeInstanceOf(UserError);
    const error = (await run.catch((e: unknown) => e)) as UserError;
    expect(error.problems.map((p) => p.place)).toEqual(['--out', '--rows', '--seed']);
    expect(error.message).toContain('--rows: 1e5 — 行数应为');
  });

  it('checks values after parsing: period and platform', async () => {
    const out = join(dir, 'x.csv');
    const run = program().parseAsync(
      ['demo', 'generate', '--period', '2020-13', '--rows', '500', '--out', out, '--platform', 'jd'],
      { from: 'user' },
    );
    const error = (await run.catch((e: unknown) => e)) as UserError;
    expect(error.problems.map((p) => [p.place, p.value])).toEqual([
      ['--period', '2020-13'],
      ['--platform', 'jd'],
    ]);
  });
});
