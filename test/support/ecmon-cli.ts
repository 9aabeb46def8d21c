/** Runs `ecmon` as a user would: the built bin/ecmon.js in a child process, or in this process on a store. */
import { execFile } from 'node:child_process';
import { PassThrough } from 'node:stream';
import { promisify } from 'node:util';
import { run } from '../../src/cli/main.js';
import type { Store } from '../../src/store/open-store.js';

const execFileP = promisify(execFile);

export type EcmonRun = (args: string[]) => Promise<{ code: number; stdout: string; stderr: string }>;

export function ecmonOn(db: string): EcmonRun {
  return async (args) => {
    try {
      const r = await execFileP('node', ['bin/ecmon.js', '--db', db, ...args], { maxBuffer: 1 << 24 });
      return { code: 0, stdout: r.stdout, stderr: r.stderr };
    } catch (e) {
      const err = e as { code: number; stdout: string; stderr: string };
      return { code: err.code, stdout: err.stdout, stderr: err.stderr };
    }
  };
}

/** What one in-process `ecmon` run printed, and its exit code. */
export interface EcmonOutput {
  code: number;
  out: string;
  err: string;
}

/**
 * Runs `ecmon` in this process on an open store, as `bin/ecmon.js` would with `--db` (the same commands and
 * output, without a child process), from the folder `cwd`.
 */
export function ecmonIn(store: Store, cwd = '/'): (...args: string[]) => Promise<EcmonOutput> {
  return async (...args) => {
    const out = new PassThrough();
    const err = new PassThrough();
    const chunks = { out: '', err: '' };
    out.on('data', (c) => {
      chunks.out += c;
    });
    err.on('data', (c) => {
      chunks.err += c;
    });
    const code = await run(['node', 'ecmon', ...args], { out, err, cwd, tty: false, store });
    return { code, ...chunks };
  };
}
