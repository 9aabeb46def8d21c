import { describe, expect, it } from 'vitest';
import { UserError } from '../../domain/user-error.js';
import { assertTransition, BATCH_STATUSES, type BatchStatus } from './batch-states.js';

const ALLOWED = new Set([
  'draft>submitted',
  'draft>rolled_back',
  'submitted>approved',
  'submitted>returned',
  'returned>submitted',
  'returned>rolled_back',
  'approved>published',
  'approved>returned',
  'published>superseded',
  'published>rolled_back',
  'superseded>published',
]);
const NEEDS_REASON: readonly BatchStatus[] = ['returned', 'rolled_back'];

describe('batch states', () => {
  const pairs = BATCH_STATUSES.flatMap((from) => BATCH_STATUSES.map((to) => [from, to] as const));

  it.each(pairs)('%s → %s is allowed exactly when the table says so', (from, to) => {
    const move = (): void => assertTransition('b1', from, to, '原因');
    if (ALLOWED.has(`${from}>${to}`)) expect(move).not.toThrow();
    else expect(move).toThrow(UserError);
  });

  it.each(pairs.filter(([f, t]) => ALLOWED.has(`${f}>${t}`)))(
    '%s → %s asks for a reason when it must',
    (from, to) => {
      const move = (): void => assertTransition('b1', from, to, '  ');
      if (NEEDS_REASON.includes(to)) expect(move).toThrow('须说明原因');
      else expect(move).not.toThrow();
    },
  );

  it('names both states in Chinese when refusing', () => {
    expect(() => assertTransition('feed-x', 'superseded', 'rolled_back', 'x')).toThrow(
      'feed-x: 已被取代 — 批次状态为已被取代，不能改为已回滚（此状态只能改为：已发布）',
    );
  });
});
