/** The plan metadata every page needs, loaded once. */
import { shallowRef } from 'vue';
import type { MetaResponse } from '../../src/api/contract/schemas.js';
import { api } from './api.js';

export const meta = shallowRef<MetaResponse | null>(null);
export const metaError = shallowRef<string | null>(null);

let loading: Promise<MetaResponse | null> | null = null;

export function loadMeta(): Promise<MetaResponse | null> {
  loading ??= api
    .meta()
    .then((m) => {
      meta.value = m;
      metaError.value = null;
      return m;
    })
    .catch((e: unknown) => {
      metaError.value = e instanceof Error ? e.message : String(e);
      loading = null;
      return null;
    });
  return loading;
}
