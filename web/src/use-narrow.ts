/** Whether the screen is phone-narrow (≤ 720 px), as a reactive flag for layouts CSS alone cannot change (charts). */
import { onBeforeUnmount, ref } from 'vue';

export const NARROW_QUERY = '(max-width: 720px)';

export function useNarrow() {
  const query = globalThis.matchMedia?.(NARROW_QUERY);
  const narrow = ref(query?.matches ?? false);
  const onChange = (e: MediaQueryListEvent) => {
    narrow.value = e.matches;
  };
  query?.addEventListener('change', onChange);
  onBeforeUnmount(() => query?.removeEventListener('change', onChange));
  return narrow;
}
