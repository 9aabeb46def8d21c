/** Runs the built `ecmon` (bin/ecmon.js) on one database in a child process, as a user would. */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

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
