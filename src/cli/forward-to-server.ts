import { request } from 'node:http';
import type { CliIo } from './cli-io.js';
import { CLI_JOB_PATH, type CliJobLine } from './cli-job-route.js';
import { dbTargetOf, readServeFile, serveFilePath } from './serve-file.js';

/** Commands that open the store; the others (plan, demo generate, serve, help) never need the server. */
function usesStore(argv: readonly string[]): boolean {
  const words: string[] = [];
  for (let i = 0; i < argv.length && words.length < 2; i++) {
    const a = argv[i] as string;
    if (a === '--db') i++;
    else if (!a.startsWith('-')) words.push(a);
  }
  const [first, second] = words;
  if (first === 'demo') return second === 'load';
  return [
    'init',
    'import',
    'observations',
    'indicators',
    'facts',
    'ingest',
    'feeds',
    'batches',
    'users',
    'registry',
    'report',
    'forms',
    'audit',
    'keys',
  ].includes(first ?? '');
}

/**
 * When a running `ecmon serve` holds the embedded database this command names, has the server run the
 * command (see cli-job-route.ts) and relays its output; returns the exit code, or null to run here.
 */
export async function forwardToServer(argv: readonly string[], io: CliIo): Promise<number | null> {
  const args = argv.slice(2);
  if (!usesStore(args)) return null;
  const file = serveFilePath(dbTargetOf(args), io.cwd);
  const server = file ? readServeFile(file) : null;
  if (!server) return null;
  io.err.write(`数据库正由 ecmon serve（进程 ${server.pid}，${server.url}）使用：命令交由该服务器执行。\n`);
  const body = JSON.stringify({ argv: args, cwd: io.cwd });
  return new Promise((resolvePromise, reject) => {
    const req = request(
      `${server.url}${CLI_JOB_PATH}`,
      {
        method: 'POST',
        headers: {
          authorization: `Bearer ${server.token}`,
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
        },
      },
      (res) => {
        let rest = '';
        let exit: number | null = null;
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          rest += chunk;
          let nl = rest.indexOf('\n');
          while (nl >= 0) {
            const line = JSON.parse(rest.slice(0, nl)) as CliJobLine & { detail?: string };
            rest = rest.slice(nl + 1);
            if ('exit' in line) exit = line.exit;
            else if ('stream' in line) (line.stream === 'out' ? io.out : io.err).write(line.text);
            nl = rest.indexOf('\n');
          }
        });
        res.on('end', () => {
          if (res.statusCode !== 200) {
            const detail = (JSON.parse(rest || '{}') as { detail?: string }).detail ?? '';
            io.err.write(`ecmon serve 拒绝了该命令（HTTP ${res.statusCode}）：${detail}\n`);
            resolvePromise(1);
          } else if (exit === null) {
            io.err.write(
              '与 ecmon serve 的连接中断，命令结果未知：用 ecmon feeds list 等命令核对后再重试。\n',
            );
            resolvePromise(2);
          } else resolvePromise(exit);
        });
        res.on('error', reject);
      },
    );
    req.on('error', (e) => {
      io.err.write(
        `无法连接 ecmon serve（${server.url}）：${e.message}。若服务器已停止，请重试；否则检查其运行状态。\n`,
      );
      resolvePromise(2);
    });
    req.end(body);
  });
}
