import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { StoreDashboardService } from '../../api/dashboard-service.js';
import { RegistryService } from '../../api/registry-service.js';
import { buildServer } from '../../api/server.js';
import { UserError } from '../../domain/user-error.js';
import { loadPlan } from '../../plan/load-plan.js';
import { activePlan, savePlan } from '../../store/plan-repository.js';
import { ioOf } from '../cli-io.js';
import { registerCliJobs } from '../cli-job-route.js';
import { DEFAULT_PLAN, storeFor } from '../context.js';
import { run } from '../main.js';
import {
  dbTargetOf,
  newToken,
  readServeFile,
  removeServeFile,
  serveFilePath,
  writeServeFile,
} from '../serve-file.js';

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('启动网页看板与 API / serve the web dashboard and the JSON API')
    .option('--port <N>', '端口（0 为任一空闲端口）', '8080')
    .option('--host <H>', '监听地址', '127.0.0.1')
    .option('--plan <FILE>', '数据库中尚无计划时加载的计划文件', DEFAULT_PLAN)
    .action(async (opts: { port: string; host: string; plan: string }, cmd: Command) => {
      const port = Number(opts.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535)
        throw new UserError({ place: '--port', value: opts.port, message: '端口应为 0–65535 的整数' });
      const db = (cmd.optsWithGlobals().db as string | undefined) ?? dbTargetOf([]);
      const serveFile = serveFilePath(db);
      const running = serveFile ? readServeFile(serveFile) : null;
      if (running)
        throw new UserError({
          place: '--db',
          value: db,
          message: `该数据库已由 ecmon serve（进程 ${running.pid}）在 ${running.url} 提供服务`,
          hint: '直接访问该地址；或先停止那个进程',
        });
      const store = await storeFor(cmd);
      let active = await activePlan(store.driver);
      if (!active) {
        const plan = loadPlan(opts.plan);
        await savePlan(store.driver, store.dialect, plan, opts.plan);
        active = { plan, file: opts.plan };
      }
      const webRoot = resolve('web/dist');
      const app = buildServer({
        service: new StoreDashboardService(store.driver, active.plan),
        registry: new RegistryService(store, active.plan),
        webRoot,
      });
      // The embedded database can be open in one process only: other ecmon commands on it are run here.
      const token = newToken();
      if (serveFile) registerCliJobs(app, { store, token, run });
      app.addHook('onClose', async () => {
        if (serveFile) removeServeFile(serveFile);
        await store.close();
      });
      await app.listen({ port, host: opts.host });
      const bound = (app.server.address() as AddressInfo).port;
      const host = opts.host === '0.0.0.0' ? 'localhost' : opts.host;
      if (serveFile)
        writeServeFile(serveFile, {
          pid: process.pid,
          url: `http://${opts.host === '0.0.0.0' ? '127.0.0.1' : opts.host}:${bound}`,
          token,
        });
      ioOf(cmd).out.write(
        `ecmon 看板已启动：http://${host}:${bound}/  （API 文档 /api/v1/docs）\n` +
          `计划：${active.plan.metadata.title}；数据库：${store.driver.location}\n` +
          (serveFile ? '服务期间，对该数据库的其他 ecmon 命令（导入、查询）交由本服务器依次执行。\n' : '') +
          (existsSync(webRoot) ? '' : '注意：web/dist 不存在，请先运行 npm run build 构建网页。\n'),
      );
      const stop = async (): Promise<void> => {
        await app.close();
        process.exit(0);
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      await new Promise(() => undefined);
    });
}
