import { UserError } from '../../domain/user-error.js';
import { requestBulletinOnPublish } from '../bulletin-requests.js';
import type { Dialect } from '../dialect.js';
import type { Driver } from '../driver.js';
import type { BatchKind, BatchStatus } from './batch-states.js';
import { bumpDataVersion } from './data-version.js';
import { type FeedRules, refreshFeedObservations } from './feed-observations.js';
import type { Layer } from './observation-columns.js';
import { ON_COMMIT_REASON, type PublicationPolicy } from './publication-policy.js';
import {
  type Actor,
  BatchChangedError,
  batchRow,
  liveKeyTaken,
  recordEvent,
  transition,
} from './transition.js';
import { publishWorkingRows, restoreRows, retireBatchRows } from './write-observations.js';

/** A new batch: what it is and what it holds. */
export interface NewBatch {
  id: string;
  kind: BatchKind;
  platform?: string | null;
  period?: string | null;
  file?: string | null;
  rows: number;
  rejected?: number;
  simulated?: boolean;
  note?: string | null;
  loadId?: string | null;
}

/** The layer a batch's observation rows go to while its policy runs. */
export const layerOf = (policy: PublicationPolicy): Layer =>
  policy === 'on_commit' ? 'published' : 'working';

/**
 * The one place batches change, inside one transaction: creation, every state transition and what each does
 * to the observations readers see. Feed months touched are rebuilt once, by {@link finish}, which also bumps
 * the data version.
 */
export class BatchWriter {
  private readonly months = new Set<string>();
  private changed = false;

  constructor(
    private readonly tx: Driver,
    private readonly d: Dialect,
    /** The plan's feed rules: needed when feed batches change. */
    private readonly feedRules: FeedRules | null,
  ) {}

  /** Inserts batch `b` as a draft. */
  async create(b: NewBatch, by: Actor): Promise<void> {
    await this.tx.query(
      `INSERT INTO batches (id, kind, platform, period, file, status, row_count, rejected, observations, simulated,
         loaded_at, note, load_id)
       VALUES ($1, $2, $3, $4, $5, 'draft', $6, $7, 0, $8, ${this.d.now}, $9, $10)`,
      [
        b.id,
        b.kind,
        b.platform ?? null,
        b.period ?? null,
        b.file ?? null,
        b.rows,
        b.rejected ?? 0,
        b.simulated ?? false,
        b.note ?? null,
        b.loadId ?? null,
      ],
    );
    await recordEvent(this.tx, this.d, b.id, null, 'draft', by);
    if (b.kind === 'feed' && b.period) this.months.add(b.period);
    this.changed = true;
  }

  /** Submits a draft and, under `on_commit`, approves and publishes it at once. */
  async settle(id: string, policy: PublicationPolicy, by: Actor): Promise<BatchStatus> {
    const step: Actor = {
      actor: by.actor,
      reason: policy === 'on_commit' ? ON_COMMIT_REASON : (by.reason ?? null),
    };
    await this.move(id, 'submitted', step);
    if (policy === 'on_approval') return 'submitted';
    await this.move(id, 'approved', step);
    await this.move(id, 'published', step);
    return 'published';
  }

  /** Moves batch `id` to `to`, with what that move does to the observations. */
  async move(id: string, to: BatchStatus, by: Actor): Promise<void> {
    const b = await batchRow(this.tx, id);
    if (b.kind === 'plan' && b.status !== 'draft' && b.status !== 'submitted' && b.status !== 'approved')
      throw new UserError({
        place: 'ID',
        value: id,
        message: '计划数据随计划加载，不能单独改变状态',
        hint: '改正计划文件后用 ecmon init --plan 重新加载',
      });
    if (to === 'published' && b.status === 'approved') await this.supersedePredecessor(b);
    const from = b.status;
    await transition(this.tx, this.d, id, to, by);
    this.changed = true;
    if (b.kind === 'feed') {
      if (b.period) this.months.add(b.period);
      if (to === 'published') await requestBulletinOnPublish(this.tx, this.d, b);
      if (to === 'rolled_back' && from === 'published' && b.replaces)
        await this.restorePredecessor(b.replaces, id, by);
      return;
    }
    if (to === 'published' && from === 'approved') {
      await publishWorkingRows(this.tx, this.d, id);
      await requestBulletinOnPublish(this.tx, this.d, b);
    } else if (to === 'rolled_back' && from === 'published') {
      await retireBatchRows(this.tx, this.d, id, 'published');
      await restoreRows(this.tx, id, 'published', false);
    } else if (to === 'returned' || to === 'rolled_back')
      await retireBatchRows(this.tx, this.d, id, 'working');
    else if (to === 'submitted' && from === 'returned') await restoreRows(this.tx, id, 'working', true);
  }

  /** Records how many observations batch `id` yielded. */
  async setObservations(id: string, n: number): Promise<void> {
    await this.tx.query('UPDATE batches SET observations = $1 WHERE id = $2', [n, id]);
  }

  /** Rebuilds the feed months touched and bumps the data version; returns the observations per month. */
  async finish(by: string): Promise<Map<string, number>> {
    let counts = new Map<string, number>();
    if (this.months.size) {
      if (!this.feedRules) throw new Error('feed batches changed without the plan’s feed rules');
      counts = await refreshFeedObservations(this.tx, this.d, this.feedRules, [...this.months], by);
      this.months.clear();
    }
    if (this.changed) await bumpDataVersion(this.tx);
    this.changed = false;
    return counts;
  }

  /**
   * The batch published for the same key becomes superseded, by compare-and-swap: of two writers publishing
   * the same key at once, the second finds it already superseded (or the key taken) and fails.
   */
  private async supersedePredecessor(b: {
    id: string;
    kind: BatchKind;
    platform: string | null;
    period: string | null;
  }): Promise<void> {
    if (b.kind !== 'feed' || !b.platform || !b.period) return;
    const [prev] = await this.tx.query<{ id: string }>('SELECT id FROM batches WHERE live_key = $1', [
      `feed|${b.platform}|${b.period}`,
    ]);
    if (!prev) return;
    try {
      await transition(this.tx, this.d, prev.id, 'superseded', {
        actor: 'system',
        reason: `被 ${b.id} 取代`,
      });
    } catch (e) {
      if (e instanceof BatchChangedError) throw liveKeyTaken(b);
      throw e;
    }
    await this.tx.query('UPDATE batches SET replaces = $1 WHERE id = $2', [prev.id, b.id]);
  }

  /** A rolled-back live batch gives its key back to the batch it had superseded. */
  private async restorePredecessor(prev: string, id: string, by: Actor): Promise<void> {
    const p = await batchRow(this.tx, prev);
    if (p.status !== 'superseded') return;
    await transition(this.tx, this.d, prev, 'published', { actor: by.actor, reason: `${id} 回滚后恢复生效` });
    await requestBulletinOnPublish(this.tx, this.d, p);
  }
}
