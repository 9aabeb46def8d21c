/**
 * What a reader sees. `published`: the public's view, only published batches. `working`: an analyst's view,
 * where the rows of batches awaiting approval (layer `working`) override the published rows of the same key.
 */
export type Visibility = 'published' | 'working';

export const VISIBILITIES: readonly Visibility[] = ['published', 'working'];

/**
 * A reader's view with its scope: the working layer over every area, or only over `workingAreas` (a district
 * user sees its own areas' pending figures and the published figures of every other area).
 */
export interface ReadScope {
  visibility: Visibility;
  /** Area codes whose working rows the reader sees; absent: every area. */
  workingAreas?: readonly string[] | undefined;
}

const KEY = ['measure', 'area', 'period', 'domain', 'platform', 'category'] as const;

/**
 * SQL condition on observations alias `o`: the rows a reader sees (one per key). A scope limited to some
 * areas binds their codes as parameters through `bind` (which returns the placeholder), never in the text.
 */
export function visibleRows(
  o: string,
  scope: Visibility | ReadScope,
  bind?: (value: string) => string,
): string {
  const { visibility, workingAreas } = typeof scope === 'string' ? { visibility: scope } : scope;
  if (visibility === 'published') return `${o}.layer = 'published'`;
  const same = KEY.map((k) => `w.${k} = ${o}.${k}`).join(' AND ');
  const working = `(${o}.layer = 'working' OR (${o}.layer = 'published' AND NOT EXISTS (
    SELECT 1 FROM observations w WHERE w.layer = 'working' AND ${same})))`;
  if (workingAreas === undefined) return working;
  if (workingAreas.length === 0) return `${o}.layer = 'published'`;
  if (!bind) throw new Error('visibleRows: a scope limited to areas needs a parameter binder');
  const list = workingAreas.map(bind).join(', ');
  return `((${o}.area IN (${list}) AND ${working}) OR (${o}.area NOT IN (${list}) AND ${o}.layer = 'published'))`;
}
