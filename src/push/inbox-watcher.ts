/**
 * The inbox folder (`ecmon serve --inbox DIR`, docs/push.md): a platform, or a person copying its files,
 * drops a feed as `DIR/{platform}/{YYYY-MM}.{csv|xlsx|parquet|ndjson}` or `DIR/{platform}--{YYYY-MM}.{ext}`;
 * once the file has kept its size and time for the settle time it is ingested like a pushed feed, then moved
 * to `DIR/done/` or `DIR/failed/` with a `.result.json` (and the error report, if rows were refused) beside
 * it. Files being written are left alone: dotfiles and names ending in `.part` or `.tmp` are never taken, so a
 * writer that renames its file in when done is never read half-written; a plain copy is taken once it stops
 * growing. A file that fails (unknown platform, a name that says no month, a refused feed) raises
 * 平台数据被拒收.
 */
import { existsSync, mkdirSync, readdirSync, renameSync, type Stats, statSync, writeFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { isUserError } from '../domain/user-error.js';
import { inboxFailed } from '../forms/feed-alerts.js';
import type { FeedFormat } from '../ingest/feed/feed-input.js';
import type { Driver } from '../store/driver.js';
import { type DeliveryAnswer, deliverFeed, type FeedDeliveryContext } from './deliver-feed.js';

const FORMATS: Readonly<Record<string, FeedFormat>> = {
  '.csv': 'csv',
  '.xlsx': 'xlsx',
  '.parquet': 'parquet',
  '.ndjson': 'ndjson',
};
const PLATFORM = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;
const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
/** Folders of the inbox that are not platforms. */
const RESERVED = new Set(['done', 'failed']);

export interface InboxFile {
  platform: string;
  period: string;
  format: FeedFormat;
}

/**
 * What a file's place in the inbox says (`sim-mall/2021-03.csv`, `sim-mall--2021-03.csv`), or why it says
 * nothing usable.
 */
export function inboxFileOf(relative: string): InboxFile | { reason: string } {
  const parts = relative.split('/');
  const name = parts.at(-1) as string;
  const ext = extname(name).toLowerCase();
  const format = FORMATS[ext];
  const stem = name.slice(0, name.length - ext.length);
  const [platform, period] = parts.length === 2 ? [parts[0] as string, stem] : stem.split('--');
  const expected = '应为 {平台}/{YYYY-MM}.csv 或 {平台}--{YYYY-MM}.csv（也可为 .xlsx、.parquet、.ndjson）';
  if (!format) return { reason: `不支持的扩展名「${ext}」：${expected}` };
  if (platform === undefined || period === undefined || !PLATFORM.test(platform) || !MONTH.test(period))
    return { reason: `文件名不能识别平台和月份：${expected}` };
  return { platform, period, format };
}

/** Whether a name is a file still being written (or hidden): never taken. */
export const inProgress = (name: string): boolean => name.startsWith('.') || /\.(part|tmp)$/i.test(name);

/** Platforms the inbox accepts: those with an enabled platform account, or feeds already in the store. */
export async function knownPlatforms(driver: Driver): Promise<Set<string>> {
  const rows = await driver.query<{ platform: string }>(
    `SELECT platform FROM accounts WHERE role = 'platform' AND NOT disabled AND platform IS NOT NULL
     UNION SELECT platform FROM batches WHERE kind = 'feed' AND platform IS NOT NULL`,
  );
  return new Set(rows.map((r) => r.platform));
}

export interface InboxResult {
  /** The file as it was dropped, relative to the inbox (`sim-mall/2021-03.csv`). */
  file: string;
  outcome: 'done' | 'failed';
  /** Where it went, relative to the inbox (`done/sim-mall--2021-03--20261130T161000Z.csv`). */
  moved_to: string;
  platform: string | null;
  period: string | null;
  /** Why it failed when no ingest answered (unknown platform, unreadable file …). */
  reason: string | null;
  answer: DeliveryAnswer | null;
}

export interface InboxOptions extends FeedDeliveryContext {
  dir: string;
  /** How long (ms) a file must keep its size and time before it is taken; default 5 s. */
  settleMs?: number;
  clock?: () => number;
}

interface Seen {
  size: number;
  mtimeMs: number;
  since: number;
}

export class InboxWatcher {
  private readonly seen = new Map<string, Seen>();
  private readonly settleMs: number;
  private readonly clock: () => number;

  constructor(private readonly opts: InboxOptions) {
    this.settleMs = opts.settleMs ?? 5000;
    this.clock = opts.clock ?? Date.now;
    for (const d of RESERVED) mkdirSync(join(opts.dir, d), { recursive: true });
  }

  /** The files waiting in the inbox (relative paths): at its top and one folder down. */
  private candidates(): string[] {
    const out: string[] = [];
    for (const e of readdirSync(this.opts.dir, { withFileTypes: true })) {
      if (inProgress(e.name)) continue;
      if (e.isFile()) out.push(e.name);
      else if (e.isDirectory() && !RESERVED.has(e.name))
        for (const f of readdirSync(join(this.opts.dir, e.name), { withFileTypes: true }))
          if (f.isFile() && !inProgress(f.name)) out.push(`${e.name}/${f.name}`);
    }
    return out.sort();
  }

  /** Whether the file has kept its size and time for the settle time (as of this look). */
  private settled(relative: string, st: Stats): boolean {
    const now = this.clock();
    const before = this.seen.get(relative);
    if (!before || before.size !== st.size || before.mtimeMs !== st.mtimeMs) {
      this.seen.set(relative, { size: st.size, mtimeMs: st.mtimeMs, since: now });
      return false;
    }
    return now - before.since >= this.settleMs;
  }

  /** One look at the inbox: ingests and moves every settled file, one after another. */
  async poll(): Promise<InboxResult[]> {
    const results: InboxResult[] = [];
    const present = new Set(this.candidates());
    for (const k of this.seen.keys()) if (!present.has(k)) this.seen.delete(k);
    for (const relative of present) {
      let st: Stats;
      try {
        st = statSync(join(this.opts.dir, relative));
      } catch {
        continue; // gone between the listing and now
      }
      if (!this.settled(relative, st)) continue;
      this.seen.delete(relative);
      results.push(await this.take(relative));
    }
    return results;
  }

  private async take(relative: string): Promise<InboxResult> {
    const what = inboxFileOf(relative);
    const ext = extname(relative).toLowerCase();
    const base =
      'reason' in what
        ? relative.replace(/\//g, '--').replace(/\.[^.]*$/, '')
        : `${what.platform}--${what.period}`;
    const name = this.freeName(base);
    const target = (outcome: 'done' | 'failed'): string => `${outcome}/${name}`;
    const finish = async (r: Omit<InboxResult, 'file' | 'moved_to'>): Promise<InboxResult> => {
      const to = target(r.outcome);
      renameSync(join(this.opts.dir, relative), join(this.opts.dir, `${to}${ext}`));
      const result: InboxResult = { file: relative, moved_to: `${to}${ext}`, ...r };
      writeFileSync(join(this.opts.dir, `${to}.result.json`), `${JSON.stringify(result, null, 2)}\n`);
      if (r.outcome === 'failed' && r.reason !== null && this.opts.alerts)
        await inboxFailed(this.opts.alerts, relative, r.platform, r.reason).catch(() => undefined);
      return result;
    };
    if ('reason' in what)
      return finish({ outcome: 'failed', platform: null, period: null, reason: what.reason, answer: null });
    const { platform, period, format } = what;
    if (!(await knownPlatforms(this.opts.store.driver)).has(platform))
      return finish({
        outcome: 'failed',
        platform,
        period,
        reason: `未知平台「${platform}」：没有该平台的数据接口账号，也没有它推送过的数据（ecmon users add 账号名 --role platform --platform ${platform}）`,
        answer: null,
      });
    // The report is written where the file will go; the file moves only after the ingest.
    const errors = `${target('done')}.errors.csv`;
    try {
      const answer = await deliverFeed(this.opts, {
        platform,
        period,
        format,
        onError: 'reject',
        file: join(this.opts.dir, relative),
        name: relative,
        actor: '收件箱（inbox）',
        errorsFile: join(this.opts.dir, errors),
        report: errors,
      });
      if (answer.accepted) return finish({ outcome: 'done', platform, period, reason: null, answer });
      const failedReport = errors.replace(/^done\//, 'failed/');
      if (existsSync(join(this.opts.dir, errors)))
        renameSync(join(this.opts.dir, errors), join(this.opts.dir, failedReport));
      // The alert was raised by the delivery (refused rows); the answer names the report where it is now.
      return finish({
        outcome: 'failed',
        platform,
        period,
        reason: null,
        answer: { ...answer, errors: answer.errors && { ...answer.errors, report: failedReport } },
      });
    } catch (e) {
      const reason = isUserError(e)
        ? e.problems.map((p) => `${p.message}${p.hint ? `（${p.hint}）` : ''}`).join('；')
        : `导入出错：${e instanceof Error ? e.message : String(e)}`;
      return finish({ outcome: 'failed', platform, period, reason, answer: null });
    }
  }

  /** `{base}--{time}` free in both done/ and failed/ (`-2`, `-3` … after it when two files share a second). */
  private freeName(base: string): string {
    const stamp = new Date(this.clock()).toISOString().replace(/[-:]|\.\d+/g, '');
    const taken = (n: string): boolean =>
      [...RESERVED].some((d) => readdirSync(join(this.opts.dir, d)).some((f) => f.startsWith(`${n}.`)));
    let name = `${base}--${stamp}`;
    for (let i = 2; taken(name); i++) name = `${base}--${stamp}-${i}`;
    return name;
  }

  /** Looks at the inbox every `intervalMs` (never two looks at once); returns the function that stops it. */
  start(intervalMs: number, report: (r: InboxResult) => void): () => void {
    let timer: NodeJS.Timeout | undefined;
    let stopped = false;
    const tick = async (): Promise<void> => {
      try {
        for (const r of await this.poll()) report(r);
      } catch (e) {
        console.error('inbox:', e instanceof Error ? e.message : e);
      }
      if (!stopped) timer = setTimeout(() => void tick(), intervalMs);
    };
    timer = setTimeout(() => void tick(), intervalMs);
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }
}
