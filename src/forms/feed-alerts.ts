/**
 * The alerts a feed delivery raises, whichever way it came (`ecmon ingest feed`, the HTTP push, a resumable
 * upload, the inbox folder): 平台数据被拒收 when it was refused as a whole, and 指标亮红灯 for the periods its
 * published batches touched, judged as an approval judges them (FormService.checkRedLights). An alert is
 * keyed, so re-delivering the same month raises a red light once.
 */
import type { FeedRejectedError, IngestedBatch } from '../ingest/feed/ingest-feed.js';
import { feedRejectedAlert } from './alert-checks.js';
import type { Alert } from './alerts.js';
import type { FormService } from './submissions.js';

/** What raises the alerts and names their places: the server's (or the CLI's) FormService. */
export type FeedAlertSink = Pick<FormService, 'raise' | 'checkRedLights'>;

/**
 * The periods whose lights a committed feed may have changed: each month of a published batch, the later
 * months of its year (their 1–N月累计 includes it: a late February changes March's light) and the year (the
 * dashboard's default view). Batches held for approval change nothing the public sees.
 */
/** The batches of a delivery, or the one batch `ecmon batches publish` published. */
export type TouchedBatches = { batches: readonly Pick<IngestedBatch, 'period' | 'status'>[] };

export function periodsTouched(result: TouchedBatches): string[] {
  const out = new Set<string>();
  for (const b of result.batches)
    if (b.status === 'published') {
      const [year, month] = [b.period.slice(0, 4), Number(b.period.slice(5, 7))];
      for (let m = month; m <= 12; m++) out.add(`${year}-${String(m).padStart(2, '0')}`);
      out.add(year);
    }
  return [...out].sort();
}

/** 指标亮红灯 for the periods a committed feed touched, each indicator at its own areas. */
export function redLightsAfterFeed(sink: FeedAlertSink, result: TouchedBatches): Promise<Alert[]> {
  return sink.checkRedLights(periodsTouched(result));
}

/** 平台数据被拒收 for a refused delivery, named as the platform knows it (`sim-mall-2021-03.csv`). */
export function feedRejected(
  sink: FeedAlertSink,
  platform: string,
  name: string,
  e: FeedRejectedError,
): Promise<Alert[]> {
  return sink.raise([feedRejectedAlert(platform, name, e.rows, e.errors.badRows)]);
}

/** 平台数据被拒收 for a file of the inbox folder that could not be ingested at all (its name, its platform). */
export function inboxFailed(sink: FeedAlertSink, file: string, platform: string | null, reason: string) {
  return sink.raise([
    {
      kind: 'feed_rejected',
      key: `feed|inbox|${file}|${Date.now()}`,
      subject: platform,
      message_zh: `收件箱文件 ${file} 未能导入：${reason}`,
      message_en: `Inbox file ${file} was not ingested: ${reason}`,
    },
  ]);
}
