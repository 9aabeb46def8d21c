import { randomBytes } from 'node:crypto';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { DEFAULT_DB } from '../store/open-store.js';

/**
 * The file by which a running `ecmon serve` tells other ecmon processes that it holds an embedded database
 * file (which one process at a time can open): where it listens and the token that lets a local CLI hand it
 * work. Written beside the database with mode 0600, removed when the server stops; a file whose process has
 * died is ignored.
 */
export interface ServeFile {
  pid: number;
  url: string;
  token: string;
}

/** The database a run of the CLI names: `--db X` / `--db=X` in argv, else ECMON_DB, else the default file. */
export function dbTargetOf(argv: readonly string[]): string {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    if (a === '--db' && i + 1 < argv.length) return argv[i + 1] as string;
    if (a.startsWith('--db=')) return a.slice(5);
  }
  return process.env.ECMON_DB ?? DEFAULT_DB;
}

/** The serve file of an embedded database file, or null for a server URL or an in-memory database. */
export function serveFilePath(db: string, cwd = process.cwd()): string | null {
  if (db === ':memory:' || /^[a-z][a-z0-9+.-]*:\/\//i.test(db)) return null;
  return `${resolve(cwd, db)}.serve.json`;
}

export function newToken(): string {
  return randomBytes(32).toString('hex');
}

export function writeServeFile(path: string, content: ServeFile): void {
  writeFileSync(path, JSON.stringify(content), { mode: 0o600 });
}

export function removeServeFile(path: string): void {
  rmSync(path, { force: true });
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The running server holding `path`'s database, or null (no file, unreadable, or its process is gone). */
export function readServeFile(path: string): ServeFile | null {
  let content: ServeFile;
  try {
    content = JSON.parse(readFileSync(path, 'utf8')) as ServeFile;
  } catch {
    return null;
  }
  if (typeof content.pid !== 'number' || typeof content.url !== 'string' || typeof content.token !== 'string')
    return null;
  return alive(content.pid) ? content : null;
}
