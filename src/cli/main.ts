import { Command, CommanderError } from 'commander';
import { formatProblem, isUserError } from '../domain/user-error.js';
import { attachIo, type CliIo, processIo } from './cli-io.js';
import { registerAudit } from './commands/audit.js';
import { registerBatches } from './commands/batches.js';
import { registerDemoGenerate } from './commands/demo-generate.js';
import { registerDemoLoad } from './commands/demo-load.js';
import { registerFacts } from './commands/facts.js';
import { registerFeeds } from './commands/feeds.js';
import { registerForms } from './commands/forms.js';
import { registerImport } from './commands/import-observations.js';
import { registerIndicators } from './commands/indicators.js';
import { registerIngestFeed } from './commands/ingest-feed.js';
import { registerInit } from './commands/init.js';
import { registerKeys } from './commands/keys.js';
import { registerObservations } from './commands/observations.js';
import { registerPlan } from './commands/plan.js';
import { registerRegistry } from './commands/registry.js';
import { registerReport } from './commands/report.js';
import { registerServe } from './commands/serve.js';
import { registerUsers } from './commands/users.js';
import { forwardToServer } from './forward-to-server.js';

/** Builds the `ecmon` command tree. Each command lives in `commands/` and registers itself. */
export function buildProgram(io: CliIo = processIo()): Command {
  const program = new Command('ecmon')
    .description('ecmon — 电子商务发展规划监测平台 / e-commerce development plan monitoring')
    .option(
      '--db <URL|FILE>',
      '数据库：DuckDB 文件路径或 postgres:// 连接串（默认 $ECMON_DB 或 data/ecmon.duckdb）',
    )
    .showHelpAfterError()
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out.write(s), writeErr: (s) => io.err.write(s) });
  attachIo(program, io);
  registerInit(program);
  registerPlan(program);
  registerImport(program);
  registerObservations(program);
  registerIndicators(program);
  registerFacts(program);
  registerServe(program);
  registerIngestFeed(program);
  registerFeeds(program);
  registerBatches(program);
  registerReport(program);
  registerRegistry(program);
  registerKeys(program);
  registerForms(program);
  registerAudit(program);
  registerUsers(program);
  const demo = program.command('demo').description('模拟数据（演示用）/ simulated data for demonstration');
  registerDemoGenerate(demo);
  registerDemoLoad(demo);
  return program;
}

/**
 * Runs the CLI and returns the exit code. A user's mistake prints its problems, never a stack trace. When a
 * running `ecmon serve` holds the embedded database, the server runs the command (forward-to-server.ts).
 */
export async function run(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  if (!io.store) {
    const forwarded = await forwardToServer(argv, io);
    if (forwarded !== null) return forwarded;
  }
  const program = buildProgram(io);
  try {
    await program.parseAsync(argv as string[]);
    return 0;
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode;
    if (isUserError(e)) {
      for (const p of e.problems) io.err.write(`${formatProblem(p)}\n`);
      if (e.problems.length > 1) io.err.write(`共 ${e.problems.length} 个问题，未写入任何数据。\n`);
      return 1;
    }
    io.err.write(`ecmon 内部错误：${e instanceof Error ? e.message : String(e)}\n`);
    if (process.env.ECMON_DEBUG && e instanceof Error) io.err.write(`${e.stack}\n`);
    else io.err.write('（设置 ECMON_DEBUG=1 可查看详细堆栈）\n');
    return 2;
  }
}
