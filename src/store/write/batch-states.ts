import { UserError } from '../../domain/user-error.js';

/** Where a batch is in its life: written (draft), sent for review, sent back, approved, public, replaced, undone. */
export const BATCH_STATUSES = [
  'draft',
  'submitted',
  'returned',
  'approved',
  'published',
  'superseded',
  'rolled_back',
] as const;
export type BatchStatus = (typeof BATCH_STATUSES)[number];

/** The kinds of batch: a platform feed, an observations file, the plan's own figures, registry counts, a report form. */
export type BatchKind = 'feed' | 'import' | 'plan' | 'registry' | 'form';

/** Every allowed move; anything else is refused. */
export const TRANSITIONS: Readonly<Record<BatchStatus, readonly BatchStatus[]>> = {
  draft: ['submitted', 'rolled_back'],
  submitted: ['approved', 'returned'],
  returned: ['submitted', 'rolled_back'],
  approved: ['published', 'returned'],
  // superseded: a newer batch of the same key was published.
  published: ['superseded', 'rolled_back'],
  // published again: its successor was rolled back.
  superseded: ['published'],
  rolled_back: [],
};

/** Batches an analyst's working view shows beside the published ones. */
export const PENDING_STATUSES: readonly BatchStatus[] = ['submitted', 'approved'];

export const STATUS_ZH: Readonly<Record<BatchStatus, string>> = {
  draft: '草稿',
  submitted: '已提交',
  returned: '已退回',
  approved: '已审核',
  published: '已发布',
  superseded: '已被取代',
  rolled_back: '已回滚',
};

export const isBatchStatus = (s: string): s is BatchStatus =>
  (BATCH_STATUSES as readonly string[]).includes(s);

/** Sending back or undoing a batch needs a reason: the supplier or the public must learn why. */
export const reasonRequired = (to: BatchStatus): boolean => to === 'returned' || to === 'rolled_back';

/** Throws a UserError unless `from → to` is allowed (with a reason when one is required). */
export function assertTransition(
  id: string,
  from: BatchStatus,
  to: BatchStatus,
  reason?: string | null,
): void {
  if (!TRANSITIONS[from].includes(to)) {
    const allowed = TRANSITIONS[from].map((s) => STATUS_ZH[s]).join('、');
    throw new UserError({
      place: id,
      value: STATUS_ZH[from],
      message: `批次状态为${STATUS_ZH[from]}，不能改为${STATUS_ZH[to]}`,
      hint: allowed ? `此状态只能改为：${allowed}` : '此批次已结束，不能再改变',
    });
  }
  if (reasonRequired(to) && !reason?.trim())
    throw new UserError({
      place: '--reason',
      value: '',
      message: `改为${STATUS_ZH[to]}须说明原因`,
      hint: '例如 --reason "数值与报表不符"',
    });
}
