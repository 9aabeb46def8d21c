/**
 * The colour of a rise or a fall (涨跌色). Chinese readers expect red for up and green for down; the
 * option `green-up` follows the Western convention. This is separate from the status lights, whose
 * green always means "on schedule".
 */
import { ref, watch } from 'vue';
import { roundsToZero } from './format.js';

export type RiseFallRule = 'red-up' | 'green-up';

const RED = '#c62828';
const GREEN = '#2e7d32';
const FLAT = '#4b5563';

/**
 * The direction of a change as the reader sees it: `value` in the units shown (percent for growth, 百分点 for
 * a share change) and rounded to `decimals`, so `+0.04` shown as `0.0` is flat, not a rise.
 */
export function changeDirection(
  value: number | null | undefined,
  decimals = 1,
): 'up' | 'down' | 'flat' | null {
  if (value === null || value === undefined || !Number.isFinite(value)) return null;
  if (roundsToZero(value, decimals)) return 'flat';
  return value > 0 ? 'up' : 'down';
}

/** Colour for a change shown with `decimals`: a rise, a fall, or neutral grey for none (or unknown). */
export function changeColor(value: number | null | undefined, rule: RiseFallRule, decimals = 1): string {
  const direction = changeDirection(value, decimals);
  if (direction === null || direction === 'flat') return FLAT;
  return (direction === 'up') === (rule === 'red-up') ? RED : GREEN;
}

/** The mark that carries the direction without relying on colour: ▲ rise, ▼ fall, ◆ no change (持平). */
export function changeArrow(value: number | null | undefined, decimals = 1): string {
  const direction = changeDirection(value, decimals);
  if (direction === null) return '';
  return direction === 'up' ? '▲' : direction === 'down' ? '▼' : '◆';
}

const STORAGE_KEY = 'ecmon.riseFall';

function initialRule(): RiseFallRule {
  try {
    return globalThis.localStorage?.getItem(STORAGE_KEY) === 'green-up' ? 'green-up' : 'red-up';
  } catch {
    return 'red-up';
  }
}

/** The reader's chosen rule, remembered in localStorage. */
export const riseFallRule = ref<RiseFallRule>(initialRule());

watch(riseFallRule, (rule) => {
  try {
    globalThis.localStorage?.setItem(STORAGE_KEY, rule);
  } catch {
    // storage unavailable (private mode): the choice lasts for this page only
  }
});
