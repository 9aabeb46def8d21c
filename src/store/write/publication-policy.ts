import type { BatchKind } from './batch-states.js';

/**
 * When a committed batch becomes public: `on_commit` walks it draft → submitted → approved → published in the
 * committing transaction; `on_approval` leaves it submitted until someone approves and publishes it.
 */
export type PublicationPolicy = 'on_commit' | 'on_approval';

export const PUBLICATION_POLICIES: readonly PublicationPolicy[] = ['on_commit', 'on_approval'];

/** The reason recorded on the steps `on_commit` takes. */
export const ON_COMMIT_REASON = '发布策略：提交即发布';

/** The policy of a kind of batch: the plan's `publication` setting, `hold` overriding it; default on_commit. */
export function policyFor(
  kind: BatchKind,
  publication: Partial<Record<BatchKind, PublicationPolicy>> | undefined,
  hold = false,
): PublicationPolicy {
  return hold ? 'on_approval' : (publication?.[kind] ?? 'on_commit');
}
