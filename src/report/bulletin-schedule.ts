import { formatPeriod, parsePeriod } from '../domain/period.js';
import { isUserError, UserError } from '../domain/user-error.js';
import type { Plan } from '../plan/plan-types.js';
import {
  type BulletinRequest,
  claimPendingRequests,
  latestPublishedMonth,
  requestBulletinForDay,
  settleRequest,
} from '../store/bulletin-requests.js';
import type { Driver } from '../store/driver.js';
import { dataVersion } from '../store/observation-repository.js';
import { listReports } from '../store/report-archive.js';
import { generateBulletin } from './generate-bulletin.js';
import { REPORT_FORMATS, type ReportFormat } from './write-report.js';

/** Who the archive names as the generator of a scheduled bulletin. */
export const SYSTEM_GENERATOR = 'system';

/** When the server generates the monthly bulletin, and in which formats. */
export interface BulletinScheduleConfig {
  /** When a publish covers a month: the bulletin of the latest month with published figures. */
  onPublish: boolean;
  /** On this day of every month (北京时间, 1–28): the bulletin of the month before. */
  dayOfMonth: number | null;
  formats: ReportFormat[];
}

export const SCHEDULE_OFF: BulletinScheduleConfig = { onPublish: false, dayOfMonth: null, formats: [] };

/**
 * Reads `--bulletin-schedule` (`off`, `publish`, `day:15`, `publish,day:15`) and `--bulletin-formats`
 * (`docx,pdf`).
 */
export function parseBulletinSchedule(spec: string, formats: string): BulletinScheduleConfig {
  const parts = spec
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean);
  if (parts.length === 1 && parts[0] === 'off') return SCHEDULE_OFF;
  const config: BulletinScheduleConfig = { onPublish: false, dayOfMonth: null, formats: [] };
  for (const part of parts) {
    const day = /^day:(\d{1,2})$/.exec(part);
    if (part === 'publish') config.onPublish = true;
    else if (day && Number(day[1]) >= 1 && Number(day[1]) <= 28) config.dayOfMonth = Number(day[1]);
    else
      throw new UserError({
        place: '--bulletin-schedule',
        value: spec,
        message: `无法识别「${part}」：应为 off、publish、day:N（N 为 1–28 日）或 publish,day:N`,
        hint: '如 --bulletin-schedule publish,day:15',
      });
  }
  for (const f of formats.split(',').map((x) => x.trim())) {
    if (!(REPORT_FORMATS as readonly string[]).includes(f))
      throw new UserError({
        place: '--bulletin-formats',
        value: formats,
        message: `不支持的简报格式「${f}」`,
        hint: `可用 ${REPORT_FORMATS.join('、')}，以逗号分隔，如 docx,pdf`,
      });
    if (!config.formats.includes(f as ReportFormat)) config.formats.push(f as ReportFormat);
  }
  return config;
}

/** The schedule's day is counted in 北京时间 (UTC+8), the bureau's. */
const BEIJING_MS = 8 * 3600 * 1000;

/** The day of the month in Beijing and the month before it (`YYYY-MM`). */
export function beijingDay(now: Date): { day: number; previousMonth: string } {
  const local = new Date(now.getTime() + BEIJING_MS);
  const y = local.getUTCFullYear();
  const m = local.getUTCMonth() + 1;
  const previous = m === 1 ? { year: y - 1, month: 12 } : { year: y, month: m - 1 };
  return { day: local.getUTCDate(), previousMonth: formatPeriod({ kind: 'month', ...previous }) };
}

/** What one run did for one month. */
export interface ScheduledRun {
  month: string;
  status: 'done' | 'skipped' | 'failed';
  reports: string[];
  note: string;
}

/**
 * Generates the monthly bulletin on the schedule: reads the requests the write path adds when a publish
 * covers a month and the one the configured day adds, generates each month's bulletin once per data version
 * in the configured formats (generator `system`, kept in the archive), and records what it did with every
 * request. A publish asks for the bulletin of the latest month with published figures: the month itself in
 * the ordinary monthly release; a revision of an earlier month changes that month's 1—N月累计 and growth.
 *
 * `wake()` runs it in the background (after a commit, on a timer); `runOnce(now)` runs it at a given time.
 */
export class BulletinSchedule {
  private running: Promise<void> | null = null;
  private again = false;

  constructor(
    private readonly driver: Driver,
    private readonly plan: Plan,
    readonly config: BulletinScheduleConfig,
    private readonly clock: () => Date = () => new Date(),
    private readonly onError: (e: unknown) => void = (e) => console.error('bulletin schedule:', e),
  ) {}

  get enabled(): boolean {
    return (this.config.onPublish || this.config.dayOfMonth !== null) && this.config.formats.length > 0;
  }

  /**
   * Runs after every commit this process sees (an embedded store) and every `pollMs` (writes of other
   * processes on a server database; the configured day). Returns the function that stops it.
   */
  start(pollMs = 60_000): () => void {
    if (!this.enabled) return () => undefined;
    const unsubscribe = this.driver.onCommit?.(async () => this.wake());
    const timer = setInterval(() => this.wake(), pollMs);
    timer.unref();
    this.wake();
    return () => {
      clearInterval(timer);
      unsubscribe?.();
    };
  }

  /** Starts a run now, or one more after the current run. Never waits, never throws. */
  wake(): void {
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.loop().finally(() => {
      this.running = null;
    });
  }

  /** Resolves once no run is under way. */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  private async loop(): Promise<void> {
    do {
      this.again = false;
      try {
        await this.runOnce(this.clock());
      } catch (e) {
        this.onError(e);
      }
    } while (this.again);
  }

  /** One run at time `now`: the day's request when due, then every pending request. */
  async runOnce(now: Date): Promise<ScheduledRun[]> {
    if (!this.enabled) return [];
    const { day, previousMonth } = beijingDay(now);
    if (this.config.dayOfMonth !== null && day >= this.config.dayOfMonth)
      await requestBulletinForDay(this.driver, previousMonth, now);
    const claimed = await claimPendingRequests(this.driver, now);
    if (!claimed.length) return [];
    const latest = await latestPublishedMonth(this.driver);
    const byMonth = new Map<string, BulletinRequest[]>();
    for (const r of claimed) {
      if (r.cause === 'publish' && !this.config.onPublish) {
        await settleRequest(this.driver, r.id, 'skipped', '未配置“数据发布时生成”');
        continue;
      }
      const month = r.cause === 'publish' ? latest : r.month;
      if (!month || !latest || month > latest) {
        await settleRequest(this.driver, r.id, 'skipped', `${month ?? r.month ?? ''} 尚无已发布的月度数据`);
        continue;
      }
      byMonth.set(month, [...(byMonth.get(month) ?? []), r]);
    }
    const runs: ScheduledRun[] = [];
    for (const [month, requests] of byMonth) {
      const run = await this.generate(month, now);
      runs.push(run);
      for (const r of requests) await settleRequest(this.driver, r.id, run.status, run.note);
    }
    return runs;
  }

  /** The month's bulletin in every configured format not yet archived by the schedule at this data version. */
  private async generate(month: string, now: Date): Promise<ScheduledRun> {
    const reports: string[] = [];
    try {
      const version = await dataVersion(this.driver);
      const kept = (await listReports(this.driver)).filter(
        (r) =>
          r.kind === 'bulletin' &&
          r.period === month &&
          r.generatedBy === SYSTEM_GENERATOR &&
          r.dataVersion === version,
      );
      const due = this.config.formats.filter((f) => !kept.some((r) => r.format === f));
      for (const format of due) {
        const made = await generateBulletin(this.driver, this.plan, parsePeriod(month), format, {
          generatedBy: SYSTEM_GENERATOR,
          generatedAt: now,
        });
        reports.push(made.id);
      }
      return reports.length
        ? {
            month,
            status: 'done',
            reports,
            note: `已生成 ${month} 月度简报（${due.join('、').toUpperCase()}，数据版本 ${version}）`,
          }
        : {
            month,
            status: 'skipped',
            reports,
            note: `${month} 月度简报（数据版本 ${version}）已存档，未重复生成`,
          };
    } catch (e) {
      if (!isUserError(e)) this.onError(e);
      const why = isUserError(e) ? e.message : '内部错误（详见服务器日志）';
      return { month, status: 'failed', reports, note: `生成 ${month} 月度简报失败：${why}` };
    }
  }
}
