import { resolve } from 'node:path';
import type { Command } from 'commander';
import type { Store } from '../store/open-store.js';

/**
 * Where a run of the CLI writes and which store it uses. A terminal run writes to the process's streams and
 * opens the store named by `--db`; a run that `ecmon serve` executes for another process (see
 * served-store.ts) writes into that process's response and uses the server's open store.
 */
export interface CliIo {
  out: NodeJS.WritableStream;
  err: NodeJS.WritableStream;
  /** The caller's working directory: relative file arguments are resolved against it. */
  cwd: string;
  /** Whether `err` is a terminal (live progress lines). */
  tty: boolean;
  /** An open store to use instead of opening `--db` (not closed by the command). */
  store?: Store;
}

export function processIo(): CliIo {
  return { out: process.stdout, err: process.stderr, cwd: process.cwd(), tty: process.stderr.isTTY === true };
}

const ios = new WeakMap<Command, CliIo>();

export function attachIo(program: Command, io: CliIo): void {
  ios.set(program, io);
}

/** The io of the run `cmd` belongs to. */
export function ioOf(cmd: Command): CliIo {
  let c: Command | null = cmd;
  while (c) {
    const io = ios.get(c);
    if (io) return io;
    c = c.parent;
  }
  return processIo();
}

/** A file argument as the caller meant it: relative to the caller's working directory. */
export function inputPath(cmd: Command, file: string): string {
  const { cwd } = ioOf(cmd);
  return cwd === process.cwd() ? file : resolve(cwd, file);
}
