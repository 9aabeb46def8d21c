import { timingSafeEqual } from 'node:crypto';
import { isAbsolute } from 'node:path';
import { Writable } from 'node:stream';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Store } from '../store/open-store.js';
import type { CliIo } from './cli-io.js';
import { JobQueue } from './job-queue.js';

/** The path on which `ecmon serve` takes commands from ecmon processes on the same machine. */
export const CLI_JOB_PATH = '/internal/cli';

/** One line of the response stream: output of the command, or its exit code at the end. */
export type CliJobLine = { stream: 'out' | 'err'; text: string } | { exit: number };

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

function sameToken(given: string, token: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

function refuse(reply: FastifyReply, status: number, detail: string): FastifyReply {
  return reply
    .code(status)
    .type('application/problem+json')
    .send({ type: 'about:blank', title: status === 400 ? '请求无效' : '拒绝访问', status, detail });
}

function lineSink(write: (line: CliJobLine) => void, stream: 'out' | 'err'): NodeJS.WritableStream {
  return new Writable({
    write(chunk: Buffer | string, _enc, done) {
      write({ stream, text: chunk.toString() });
      done();
    },
  });
}

/**
 * Lets another ecmon process on this machine run a command on the server's open store (the embedded
 * database can be open in one process only). Callers must come from loopback and present the token of the
 * serve file; commands run one at a time; the output is streamed back as NDJSON lines, ending with the exit
 * code. Not part of the public API.
 */
export function registerCliJobs(
  app: FastifyInstance,
  opts: { store: Store; token: string; run: (argv: string[], io: CliIo) => Promise<number> },
): void {
  const queue = new JobQueue();
  // Access `cli`: not a session or role route; the serve file's token below is the check.
  app.post(CLI_JOB_PATH, { config: { access: 'cli' } }, async (request, reply) => {
    if (!LOOPBACK.has(request.ip)) return refuse(reply, 403, '只接受本机的 ecmon 命令');
    const auth = request.headers.authorization ?? '';
    if (!auth.startsWith('Bearer ') || !sameToken(auth.slice(7), opts.token))
      return refuse(reply, 401, '令牌无效：请用与服务器相同的数据库文件运行 ecmon');
    const body = request.body as { argv?: unknown; cwd?: unknown } | null;
    const argv = body?.argv;
    const cwd = body?.cwd;
    if (
      !Array.isArray(argv) ||
      argv.length > 200 ||
      !argv.every((a) => typeof a === 'string' && a.length <= 4096) ||
      typeof cwd !== 'string' ||
      !isAbsolute(cwd)
    )
      return refuse(reply, 400, '应为 {"argv": [字符串…], "cwd": 绝对路径}');
    if (argv.includes('serve')) return refuse(reply, 400, '服务器不能再启动服务器');
    reply.hijack();
    const raw = reply.raw;
    raw.writeHead(200, {
      'content-type': 'application/x-ndjson; charset=utf-8',
      'cache-control': 'no-store',
    });
    const write = (line: CliJobLine): void => {
      if (!raw.destroyed) raw.write(`${JSON.stringify(line)}\n`);
    };
    const ahead = queue.length;
    if (ahead > 0)
      write({ stream: 'err', text: `服务器正在执行其他命令：前面还有 ${ahead} 个，完成后自动开始……\n` });
    const io: CliIo = {
      out: lineSink(write, 'out'),
      err: lineSink(write, 'err'),
      cwd,
      tty: false,
      store: opts.store,
    };
    const code = await queue.run(() => opts.run(['node', 'ecmon', ...(argv as string[])], io));
    write({ exit: code });
    raw.end();
  });
}
