/**
 * Temporary folders for feed conversions (GB18030 → UTF-8, XLSX → CSV), named `ecmon-feed-<pid>-…` in the
 * system's temporary folder. They go when the ingest ends, when the process is interrupted (SIGINT,
 * SIGTERM) and, for a process that was killed outright, at the next ingest: a folder whose process is no
 * longer running is removed then.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const PREFIX = 'ecmon-feed-';
const live = new Set<string>();
let hooked = false;

function removeLive(): void {
  for (const dir of live) rmSync(dir, { recursive: true, force: true });
  live.clear();
}

function onSignal(signal: NodeJS.Signals): void {
  removeLive();
  // Alone on this signal, the default (end the process) must still happen; other listeners decide for themselves.
  if (process.listenerCount(signal) === 1) {
    process.removeListener(signal, onSignal);
    process.kill(process.pid, signal);
  }
}

function hook(): void {
  if (hooked) return;
  hooked = true;
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  process.on('exit', removeLive);
}

function running(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Removes the conversion folders of processes that no longer run. */
export function removeStaleFeedTemp(): void {
  const root = tmpdir();
  let names: string[];
  try {
    names = readdirSync(root);
  } catch {
    return;
  }
  for (const name of names) {
    const pid = Number(new RegExp(`^${PREFIX}(\\d+)-`).exec(name)?.[1] ?? Number.NaN);
    if (Number.isInteger(pid) && pid !== process.pid && !running(pid))
      rmSync(join(root, name), { recursive: true, force: true });
  }
}

/** A new conversion folder, removed by the returned function (and on SIGINT/SIGTERM/exit if still there). */
export function makeFeedTemp(): { dir: string; remove(): void } {
  hook();
  const dir = mkdtempSync(join(tmpdir(), `${PREFIX}${process.pid}-`));
  live.add(dir);
  return {
    dir,
    remove() {
      rmSync(dir, { recursive: true, force: true });
      live.delete(dir);
    },
  };
}
