import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { StoreDashboardService } from '../../api/dashboard-service.js';
import { RegistryService } from '../../api/registry-service.js';
import { ReportService } from '../../api/report-service.js';
import { buildServer } from '../../api/server.js';
import { Accounts } from '../../auth/accounts.js';
import { Sessions } from '../../auth/sessions.js';
import { UserError } from '../../domain/user-error.js';
import { alertSettingsFromEnv } from '../../forms/alerts.js';
import { FormService } from '../../forms/submissions.js';
import { OpenDataService } from '../../opendata/open-data-service.js';
import { loadPlan } from '../../plan/load-plan.js';
import { InboxWatcher } from '../../push/inbox-watcher.js';
import {
  BulletinSchedule,
  type BulletinScheduleConfig,
  parseBulletinSchedule,
} from '../../report/bulletin-schedule.js';
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

/** The largest pushed feed: ECMON_FEED_MAX_MB (default 2048 MiB). */
function feedMaxBytes(): number {
  const raw = process.env.ECMON_FEED_MAX_MB;
  const mb = raw === undefined ? 2048 : Number(raw);
  if (!Number.isFinite(mb) || mb <= 0)
    throw new UserError({
      place: 'ECMON_FEED_MAX_MB',
      value: String(raw),
      message: '应为正数（MiB）',
      hint: '例如 512',
    });
  return mb * 1024 ** 2;
}

/** How long an untouched resumable upload is kept: ECMON_UPLOAD_TTL_HOURS (default 24). */
function uploadTtlMs(): number {
  const raw = process.env.ECMON_UPLOAD_TTL_HOURS;
  const hours = raw === undefined ? 24 : Number(raw);
  if (!Number.isFinite(hours) || hours <= 0)
    throw new UserError({
      place: 'ECMON_UPLOAD_TTL_HOURS',
      value: String(raw),
      message: '应为正数（小时）',
      hint: '例如 48',
    });
  return hours * 3600_000;
}

interface ServeOptions {
  inbox?: string;
  port: string;
  host: string;
  plan: string;
  bulletinSchedule: string;
  bulletinFormats: string;
}

function scheduleText(c: BulletinScheduleConfig): string {
  const when = [
    c.onPublish ? '数据发布时' : '',
    c.dayOfMonth !== null ? `每月${c.dayOfMonth}日（北京时间，上月简报）` : '',
  ].filter(Boolean);
  return `月度简报自动生成：${when.join('、')}，格式 ${c.formats.join('、').toUpperCase()}，存入报告存档`;
}

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('启动网页看板与 API / serve the web dashboard and the JSON API')
    .option('--port <N>', '端口（0 为任一空闲端口）', '8080')
    .option('--host <H>', '监听地址', '127.0.0.1')
    .option('--plan <FILE>', '数据库中尚无计划时加载的计划文件', DEFAULT_PLAN)
    .option(
      '--inbox <DIR>',
      '收件箱目录：放入 {平台}/{YYYY-MM}.csv 即自动导入，移至 done/ 或 failed/（见 docs/push.md）',
      process.env.ECMON_INBOX || undefined,
    )
    .option(
      '--bulletin-schedule <WHEN>',
      '月度简报自动生成：off、publish（数据发布时）、day:N（每月N日，北京时间）或 publish,day:N',
      process.env.ECMON_BULLETIN_SCHEDULE ?? 'off',
    )
    .option(
      '--bulletin-formats <LIST>',
      '自动生成的简报格式，逗号分隔',
      process.env.ECMON_BULLETIN_FORMATS ?? 'docx,pdf',
    )
    .action(async (opts: ServeOptions, cmd: Command) => {
      const port = Number(opts.port);
      const scheduleConfig = parseBulletinSchedule(opts.bulletinSchedule, opts.bulletinFormats);
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
      // Feed rows on an analytical engine count as the loads committed here: catch up a switch that a process
      // killed after its commit missed. Unreachable, it is said and the server starts (ingests will try again).
      await store.analytics?.reconcile(store.driver).catch((e: unknown) => {
        process.stderr.write(
          `警告：未能与 ${store.analytics?.location} 核对生效批次：${(e as Error).message}\n`,
        );
      });
      const webRoot = resolve('web/dist');
      const accounts = new Accounts(store.driver, active.plan);
      const forms = new FormService(store, active.plan, { alerts: alertSettingsFromEnv() });
      // 逾期未报 alerts (and their webhook posts) go out within the hour a deadline passes.
      const deadlines = setInterval(() => void forms.checkDeadlines().catch(() => undefined), 3600_000);
      deadlines.unref();
      const app = buildServer({
        service: new StoreDashboardService(store.driver, active.plan),
        registry: new RegistryService(store, active.plan),
        openData: new OpenDataService(store.driver, active.plan),
        forms: { store, service: forms },
        reports: new ReportService(store.driver, active.plan, scheduleConfig),
        webRoot,
        auth: { accounts, sessions: new Sessions(store.driver, accounts) },
        feeds: {
          store,
          plan: active.plan,
          reportsDir: resolve(process.env.ECMON_FEED_REPORTS ?? 'data/feed-reports'),
          maxBytes: feedMaxBytes(),
          alerts: forms,
          uploads: { ttlMs: uploadTtlMs() },
        },
      });
      const schedule = new BulletinSchedule(store.driver, active.plan, scheduleConfig);
      // The embedded database can be open in one process only: other ecmon commands on it are run here.
      const token = newToken();
      if (serveFile) registerCliJobs(app, { store, token, run });
      let stopSchedule = (): void => undefined;
      let stopInbox = (): void => undefined;
      app.addHook('onClose', async () => {
        stopSchedule();
        stopInbox();
        await schedule.idle();
        clearInterval(deadlines);
        if (serveFile) removeServeFile(serveFile);
        await store.close();
      });
      const inbox = opts.inbox ? resolve(opts.inbox) : null;
      let watcher: InboxWatcher | null = null;
      if (inbox)
        try {
          watcher = new InboxWatcher({ dir: inbox, store, plan: active.plan, alerts: forms });
        } catch (e) {
          await app.close();
          throw new UserError({
            place: '--inbox',
            value: opts.inbox ?? '',
            message: `无法使用收件箱目录：${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
            hint: '检查目录是否存在、服务器进程能否在其中创建 done/ 与 failed/',
          });
        }
      await app.listen({ port, host: opts.host });
      stopSchedule = schedule.start();
      if (watcher)
        stopInbox = watcher.start(2000, (r) =>
          ioOf(cmd).out.write(`收件箱：${r.file} → ${r.moved_to}${r.reason ? `（${r.reason}）` : ''}\n`),
        );
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
          (schedule.enabled ? `${scheduleText(scheduleConfig)}\n` : '') +
          (inbox ? `收件箱：${inbox}（{平台}/{YYYY-MM}.csv 等，写完后自动导入）\n` : '') +
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
