/**
 * The colour of a rise or a fall (涨跌色). Chinese readers expect red for up and green for down; the
 * option `green-up` follows the Western convention. This is separate from the status lights, whose
 * green always means "on schedule".
 */
import { ref, watch } from 'vue';

export type RiseFallRule = 'red-up' | 'green-up';

const RED = '#c62828';
const GREEN = '#2e7d32';
const FLAT = '#4b5563';

/** Colour for a change: positive, negative or zero/unknown. */
export function changeColor(value: number | null | undefined, rule: RiseFallRule): string {
  if (value === null || value === undefined || value === 0 || !Number.isFinite(value)) return FLAT;
  const up = value > 0;
  return up === (rule === 'red-up') ? RED : GREEN;
}

/** Arrow that carries the direction without relying on colour. */
export function changeArrow(value: number | null | undefined): string {
  if (value === null || value === undefined || value === 0 || !Number.isFinite(value)) return '';
  return value > 0 ? '▲' : '▼';
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
