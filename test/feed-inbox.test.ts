/**
 * The inbox folder (docs/push.md) on a fake clock: a file is taken once it has kept its size for the settle
 * time, ingested like a pushed feed and moved to done/ with its result; files being written (`.part`,
 * dotfiles) wait; an unknown platform, a name without a month and refused rows go to failed/ with the reason
 * or the error report beside them, each raising 平台数据被拒收.
 */
import {
  appendFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Accounts } from '../src/auth/accounts.js';
import { listAlerts } from '../src/forms/alerts.js';
import { FormService } from '../src/forms/submissions.js';
import { loadPlan } from '../src/plan/load-plan.js';
import { InboxWatcher, inboxFileOf } from '../src/push/inbox-watcher.js';
import type { Store } from '../src/store/open-store.js';
import { savePlan } from '../src/store/plan-repository.js';
import { PLAN_FILE } from './support/dashboard-store.js';
import { engines, freshStore } from './support/engines.js';
import { feedCsv, feedRow } from './support/feed-rows.js';

describe('inbox file names', () => {
  it('say the platform and month, in a platform folder or in the name', () => {
    expect(inboxFileOf('sim-mall/2021-03.csv')).toEqual({
      platform: 'sim-mall',
      period: '2021-03',
      format: 'csv',
    });
    expect(inboxFileOf('sim-mall--2021-04.XLSX')).toEqual({
      platform: 'sim-mall',
      period: '2021-04',
      format: 'xlsx',
    });
    expect(inboxFileOf('jd/2021-13.parquet')).toEqual({
      reason:
        '文件名不能识别平台和月份：应为 {平台}/{YYYY-MM}.csv 或 {平台}--{YYYY-MM}.csv（也可为 .xlsx、.parquet、.ndjson）',
    });
    expect(inboxFileOf('sales.txt')).toMatchObject({
      reason: expect.stringMatching(/^不支持的扩展名「\.txt」/),
    });
  });
});

describe.each(engines())('the inbox folder on $engine', (target) => {
  let store: Store;
  let dir: string;
  let now = Date.parse('2026-11-30T08:00:00Z');
  let inbox: InboxWatcher;
  const feed = (month: string, cells = {}): string =>
    readFileSync(
      feedCsv([feedRow('S1', { period: month }), feedRow('S2', { period: month, ...cells })]),
      'utf8',
    );
  const files = (sub: string): string[] => readdirSync(join(dir, sub)).sort();
  const result = (path: string) => JSON.parse(readFileSync(join(dir, path), 'utf8'));
  /** Polls, then moves the clock past the settle time and polls again. */
  const settle = async () => {
    const first = await inbox.poll();
    now += 5000;
    return [...first, ...(await inbox.poll())];
  };

  beforeAll(async () => {
    store = (await freshStore(target)).store;
    const plan = loadPlan(PLAN_FILE);
    await savePlan(store.driver, store.dialect, plan, PLAN_FILE);
    await new Accounts(store.driver, plan).add(
      { name: 'm-sim', role: 'platform', platform: 'sim-mall' },
      'test',
    );
    dir = mkdtempSync(join(tmpdir(), 'ecmon-inbox-'));
    inbox = new InboxWatcher({
      dir,
      store,
      plan,
      alerts: new FormService(store, plan),
      settleMs: 5000,
      clock: () => now,
    });
  }, 120_000);
  afterAll(async () => {
    await store?.close();
    await target.cleanup();
  });

  it('takes a file once it has stopped growing for the settle time, and moves it to done/', async () => {
    mkdirSync(join(dir, 'sim-mall'));
    const text = feed('2021-03');
    writeFileSync(join(dir, 'sim-mall', '2021-03.csv'), text.slice(0, 200));
    expect(await inbox.poll()).toEqual([]);
    now += 4000;
    appendFileSync(join(dir, 'sim-mall', '2021-03.csv'), text.slice(200));
    expect(await inbox.poll()).toEqual([]); // it grew: the settle time starts again
    now += 4999;
    expect(await inbox.poll()).toEqual([]);
    now += 1;
    const [r] = await inbox.poll();
    expect(r).toMatchObject({
      file: 'sim-mall/2021-03.csv',
      outcome: 'done',
      moved_to: 'done/sim-mall--2021-03--20261130T080009Z.csv',
      platform: 'sim-mall',
      period: '2021-03',
      reason: null,
      answer: { accepted: true, rows: 2, accepted_rows: 2, errors: null },
    });
    expect(r?.answer?.batches[0]).toMatchObject({ period: '2021-03', status: 'published', rows: 2 });
    expect(files('done')).toEqual([
      'sim-mall--2021-03--20261130T080009Z.csv',
      'sim-mall--2021-03--20261130T080009Z.result.json',
    ]);
    expect(result('done/sim-mall--2021-03--20261130T080009Z.result.json')).toEqual(r);
    expect(readdirSync(join(dir, 'sim-mall'))).toEqual([]);
    const [batch] = await store.driver.query(
      "SELECT platform, period, status FROM batches WHERE kind = 'feed' AND period = '2021-03'",
    );
    expect(batch).toEqual({ platform: 'sim-mall', period: '2021-03', status: 'published' });
  });

  it('leaves files being written (.part, dotfiles) until they are renamed in', async () => {
    writeFileSync(join(dir, 'sim-mall--2021-04.csv.part'), feed('2021-04'));
    writeFileSync(join(dir, '.sim-mall--2021-04.csv'), feed('2021-04'));
    expect(await settle()).toEqual([]);
    expect(existsSync(join(dir, 'sim-mall--2021-04.csv.part'))).toBe(true);
  });

  it('an unknown platform, a name without a month and refused rows go to failed/, each an alert', async () => {
    writeFileSync(join(dir, 'nobody--2021-05.csv'), feed('2021-05'));
    writeFileSync(join(dir, 'sales.csv'), feed('2021-05'));
    writeFileSync(join(dir, 'sim-mall--2021-06.csv'), feed('2021-06', { gmv: 'abc' }));
    const got = await settle();
    expect(got.map((r) => [r.file, r.outcome, r.moved_to])).toEqual([
      ['nobody--2021-05.csv', 'failed', 'failed/nobody--2021-05--20261130T080019Z.csv'],
      ['sales.csv', 'failed', 'failed/sales--20261130T080019Z.csv'],
      ['sim-mall--2021-06.csv', 'failed', 'failed/sim-mall--2021-06--20261130T080019Z.csv'],
    ]);
    expect(got[0]?.reason).toBe(
      '未知平台「nobody」：没有该平台的数据接口账号，也没有它推送过的数据（ecmon users add 账号名 --role platform --platform nobody）',
    );
    expect(got[1]?.reason).toMatch(/^文件名不能识别平台和月份/);
    const refused = result('failed/sim-mall--2021-06--20261130T080019Z.result.json');
    expect(refused.answer).toMatchObject({ accepted: false, rows: 2, accepted_rows: 0 });
    expect(refused.answer.errors.report).toBe('failed/sim-mall--2021-06--20261130T080019Z.errors.csv');
    expect(refused.answer.errors.first[0]).toMatch(/^sim-mall--2021-06\.csv:3: gmv=abc — /);
    expect(readFileSync(join(dir, refused.answer.errors.report), 'utf8')).toContain('abc');
    expect(files('failed')).toHaveLength(7);
    const alerts = await listAlerts(store.driver, store.dialect, { kind: 'feed_rejected' });
    expect(alerts.map((a) => a.message_zh).sort()).toEqual([
      '平台 sim-mall 的数据 sim-mall--2021-06.csv 被拒收：2 行中 1 行有错误，整批未写入',
      '收件箱文件 nobody--2021-05.csv 未能导入：未知平台「nobody」：没有该平台的数据接口账号，也没有它推送过的数据（ecmon users add 账号名 --role platform --platform nobody）',
      '收件箱文件 sales.csv 未能导入：文件名不能识别平台和月份：应为 {平台}/{YYYY-MM}.csv 或 {平台}--{YYYY-MM}.csv（也可为 .xlsx、.parquet、.ndjson）',
    ]);
    expect(await store.driver.query("SELECT id FROM batches WHERE period IN ('2021-05', '2021-06')")).toEqual(
      [],
    );
  });

  it('a file the ingest cannot read fails with the ingest’s reason', async () => {
    writeFileSync(join(dir, 'sim-mall--2021-07.parquet'), feed('2021-07'));
    const [r] = await settle();
    expect(r).toMatchObject({
      outcome: 'failed',
      moved_to: 'failed/sim-mall--2021-07--20261130T080024Z.parquet',
      platform: 'sim-mall',
      period: '2021-07',
      answer: null,
    });
    expect(r?.reason).toMatch(/^不是可读的 Parquet 文件/);
    expect(r?.reason).not.toContain(dir);
  });
});
