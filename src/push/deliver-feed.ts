/**
 * One delivered feed file, ingested the way `ecmon ingest feed` does, whichever way it arrived (the HTTP
 * push, a resumable upload, the inbox folder): the answer names the batches, their status and where the error
 * report is; a refused feed raises 平台数据被拒收 and a committed one 指标亮红灯 for the periods it touched.
 */
import { basename } from 'node:path';
import type { FeedPushResponse } from '../api/contract/auth-contract.js';
import { isUserError, UserError } from '../domain/user-error.js';
import { type FeedAlertSink, feedRejected, redLightsAfterFeed } from '../forms/feed-alerts.js';
import type { FeedErrorSummary } from '../ingest/feed/feed-error-report.js';
import type { FeedFormat } from '../ingest/feed/feed-input.js';
import {
  type ErrorPolicy,
  FeedRejectedError,
  type IngestFeedResult,
  ingestFeed,
} from '../ingest/feed/ingest-feed.js';
import type { Plan } from '../plan/plan-types.js';
import type { Store } from '../store/open-store.js';

export interface FeedDeliveryContext {
  store: Store;
  plan: Plan;
  /** Where alerts go (the server's FormService); none raised without it. */
  alerts?: FeedAlertSink | undefined;
}

export interface Delivery {
  platform: string;
  period: string;
  format: FeedFormat;
  onError: ErrorPolicy;
  /** The file on the server. */
  file: string;
  /** How error lines and alerts name the file (`sim-mall-2021-03.csv`), never a server path. */
  name: string;
  /** Who delivered it, for the batches' history. */
  actor: string;
  /** Where the error CSV is written. */
  errorsFile: string;
  /** Where the error report is shown to the deliverer (a URL path, or the file's name in the inbox). */
  report: string;
}

/** The answer to a delivery: the pushed feed's response (accepted or refused as a whole). */
export type DeliveryAnswer = FeedPushResponse;

/**
 * Ingests a delivered file. A feed refused as a whole is an answer (`accepted: false`), not an error; any
 * other problem (an unreadable file, a month outside the plan) is thrown as the ingest's UserError, naming the
 * file by `d.name` instead of the server's path.
 */
export async function deliverFeed(ctx: FeedDeliveryContext, d: Delivery): Promise<DeliveryAnswer> {
  let result: IngestFeedResult;
  try {
    result = await ingestFeed(ctx.store, ctx.plan, d.file, {
      platform: d.platform,
      period: d.period,
      format: d.format,
      onError: d.onError,
      errorsFile: d.errorsFile,
      sourceName: d.name,
      actor: d.actor,
    });
  } catch (e) {
    if (isUserError(e) && !(e instanceof FeedRejectedError)) throw namedAs(e, d);
    if (!(e instanceof FeedRejectedError)) throw e;
    if (ctx.alerts) await quietly(feedRejected(ctx.alerts, d.platform, d.name, e));
    return {
      accepted: false,
      rows: e.rows,
      accepted_rows: 0,
      batches: [],
      errors: errorsOf(e.errors, d.report),
    };
  }
  if (ctx.alerts) await quietly(redLightsAfterFeed(ctx.alerts, result));
  return {
    accepted: true,
    rows: result.rows,
    accepted_rows: result.accepted,
    batches: result.batches.map((b) => ({
      id: b.id,
      period: b.period,
      status: b.status,
      rows: b.rows,
      rejected: b.rejected,
      observations: b.observations,
    })),
    errors: result.errors ? errorsOf(result.errors, d.report) : null,
  };
}

/** The ingest's problem with the server's path to the file replaced by the name the deliverer knows it by. */
function namedAs(e: UserError, d: Delivery): UserError {
  const rename = (text: string): string =>
    text.replaceAll(d.file, d.name).replaceAll(basename(d.file), d.name);
  return new UserError(
    e.problems.map((p) => ({
      ...p,
      place: rename(p.place),
      value: rename(p.value),
      message: rename(p.message),
      ...(p.hint === undefined ? {} : { hint: rename(p.hint) }),
    })),
  );
}

/** The feed is in (or refused) whatever happens to its alerts: a failed check must not fail the delivery. */
async function quietly(work: Promise<unknown>): Promise<void> {
  try {
    await work;
  } catch (e) {
    console.error('feed alerts failed:', e instanceof Error ? e.message : e);
  }
}

function errorsOf(e: FeedErrorSummary, where: string): NonNullable<DeliveryAnswer['errors']> {
  return { bad_rows: e.badRows, by_rule: e.byRule, first: e.first, report: where };
}
