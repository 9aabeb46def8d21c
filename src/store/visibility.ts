/**
 * What a reader sees. `published`: the public's view, only published batches. `working`: an analyst's view,
 * where the rows of batches awaiting approval (layer `working`) override the published rows of the same key.
 */
export type Visibility = 'published' | 'working';

export const VISIBILITIES: readonly Visibility[] = ['published', 'working'];

const KEY = ['measure', 'area', 'period', 'breakdown'] as const;

/** SQL condition on observations alias `o`: the rows `visibility` shows (one per key). */
export function visibleRows(o: string, visibility: Visibility): string {
  if (visibility === 'published') return `${o}.layer = 'published'`;
  const same = KEY.map((k) => `w.${k} = ${o}.${k}`).join(' AND ');
  return `(${o}.layer = 'working' OR (${o}.layer = 'published' AND NOT EXISTS (
    SELECT 1 FROM observations w WHERE w.layer = 'working' AND ${same})))`;
}
