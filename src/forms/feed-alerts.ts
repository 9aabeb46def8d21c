/**
 * The alerts a feed delivery raises, whichever way it came (`ecmon ingest feed`, the HTTP push, a resumable
 * upload, the inbox folder): 平台数据被拒收 when it was refused as a whole, and 指标亮红灯 for the periods its
 * published batches touched, checked the way an approval checks them (FormService.checkRedLights). An alert
 * is keyed, so re-delivering the same month raises a red light once.
 */
import type { FeedRejectedError, IngestFeedResult } from '../ingest/feed/ingest-feed.js';
import { feedRejectedAlert } from './alert-checks.js';
import type { Alert } from './alerts.js';
import type { FormService } from './submissions.js';

/** What raises the alerts: the server's (or the CLI's) FormService. */
export type FeedAlertSink = Pick<FormService, 'checkRedLights' | 'raise'>;

/**
 * The periods whose lights a committed feed may have changed: each month of a published batch and its year
 * (the dashboard's default view). Batches held for approval change nothing the public sees.
 */
export function periodsTouched(result: Pick<IngestFeedResult, 'batches'>): string[] {
  const months = result.batches.filter((b) => b.status === 'published').map((b) => b.period);
  return [...new Set(months.flatMap((m) => [m, m.slice(0, 4)]))].sort();
}

/** 指标亮红灯 for the periods a committed feed touched (each indicator at its own areas). */
export async function redLightsAfterFeed(sink: FeedAlertSink, result: IngestFeedResult): Promise<Alert[]> {
  const out: Alert[] = [];
  for (const period of periodsTouched(result)) out.push(...(await sink.checkRedLights(period)));
  return out;
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
