/**
 * What a reader sees. `published`: the public's view, only published batches. `working`: an analyst's view,
 * where the rows of batches awaiting approval (layer `working`) override the published rows of the same key.
 * `open`: open data (the public portal, SDMX, the catalogue): published and never simulated.
 */
export type Visibility = 'published' | 'working' | 'open';

export const VISIBILITIES: readonly Visibility[] = ['published', 'working', 'open'];

const KEY = ['measure', 'area', 'period', 'breakdown'] as const;

/** SQL condition on observations alias `o`: the rows `visibility` shows (one per key). */
export function visibleRows(o: string, visibility: Visibility): string {
  if (visibility === 'published') return `${o}.layer = 'published'`;
  if (visibility === 'open') return `(${o}.layer = 'published' AND NOT ${o}.simulated)`;
  const same = KEY.map((k) => `w.${k} = ${o}.${k}`).join(' AND ');
  return `(${o}.layer = 'working' OR (${o}.layer = 'published' AND NOT EXISTS (
    SELECT 1 FROM observations w WHERE w.layer = 'working' AND ${same})))`;
}
