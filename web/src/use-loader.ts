/** Loads data whenever a key changes (the URL state), keeping loading and error states; stale replies are ignored. */
import { type Ref, ref, shallowRef, watch } from 'vue';

export interface Loader<T> {
  data: Ref<T | null>;
  error: Ref<string | null>;
  loading: Ref<boolean>;
  reload: () => void;
}

export function useLoader<T>(key: () => string | null, load: () => Promise<T>): Loader<T> {
  const data = shallowRef<T | null>(null) as Ref<T | null>;
  const error = ref<string | null>(null);
  const loading = ref(false);
  let ticket = 0;
  const run = async () => {
    if (key() === null) return;
    const mine = ++ticket;
    loading.value = true;
    error.value = null;
    try {
      const value = await load();
      if (mine === ticket) data.value = value;
    } catch (e) {
      if (mine === ticket) error.value = e instanceof Error ? e.message : String(e);
    } finally {
      if (mine === ticket) loading.value = false;
    }
  };
  watch(key, run, { immediate: true });
  return { data, error, loading, reload: run };
}
