import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { StoreDashboardService } from '../../api/dashboard-service.js';
import { buildServer } from '../../api/server.js';
import { UserError } from '../../domain/user-error.js';
import { loadPlan } from '../../plan/load-plan.js';
import { activePlan, savePlan } from '../../store/plan-repository.js';
import { DEFAULT_PLAN, storeFor } from '../context.js';

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('启动网页看板与 API / serve the web dashboard and the JSON API')
    .option('--port <N>', '端口', '8080')
    .option('--host <H>', '监听地址', '127.0.0.1')
    .option('--plan <FILE>', '数据库中尚无计划时加载的计划文件', DEFAULT_PLAN)
    .action(async (opts: { port: string; host: string; plan: string }, cmd: Command) => {
      const port = Number(opts.port);
      if (!Number.isInteger(port) || port < 1 || port > 65535)
        throw new UserError({ place: '--port', value: opts.port, message: '端口应为 1–65535 的整数' });
      const store = await storeFor(cmd);
      let active = await activePlan(store.driver);
      if (!active) {
        const plan = loadPlan(opts.plan);
        await savePlan(store.driver, store.dialect, plan, opts.plan);
        active = { plan, file: opts.plan };
      }
      const webRoot = resolve('web/dist');
      const app = buildServer({ service: new StoreDashboardService(store.driver, active.plan), webRoot });
      app.addHook('onClose', async () => store.close());
      await app.listen({ port, host: opts.host });
      process.stdout.write(
        `ecmon 看板已启动：http://${opts.host === '0.0.0.0' ? 'localhost' : opts.host}:${port}/  （API 文档 /api/v1/docs）\n` +
          `计划：${active.plan.metadata.title}；数据库：${store.driver.location}\n` +
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
