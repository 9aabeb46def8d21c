/** Finding entities in the current registry: by name or code, kind, area and designation held at a date. */
import {
  activeOn,
  type DesignationRecord,
  type EntityRecord,
  type RegistryContent,
} from './registry-records.js';

export interface EntityFilter {
  /** Part of the name, or the start of the USCC / code. */
  q?: string;
  kind?: string;
  /** Area codes the entity must lie in (a zone's members). */
  areas?: readonly string[];
  designation?: string;
  /** Only designations in force on this date count for `designation` (default: any time). */
  at?: string;
}

export interface EntityHit {
  entity: EntityRecord;
  designations: DesignationRecord[];
}

export function searchEntities(content: RegistryContent, f: EntityFilter): EntityHit[] {
  const byEntity = new Map<string, DesignationRecord[]>();
  for (const d of content.designations) byEntity.set(d.entity_id, [...(byEntity.get(d.entity_id) ?? []), d]);
  const q = f.q?.trim().toUpperCase() ?? '';
  const areas = f.areas ? new Set(f.areas) : null;
  const out: EntityHit[] = [];
  for (const e of content.entities) {
    if (f.kind && e.kind !== f.kind) continue;
    if (areas && !areas.has(e.area)) continue;
    if (q && !e.name.toUpperCase().includes(q) && !e.id.startsWith(q)) continue;
    const ds = byEntity.get(e.id) ?? [];
    const shown = f.at ? ds.filter((d) => activeOn(d, f.at as string)) : ds;
    if (f.designation && !shown.some((d) => d.designation === f.designation)) continue;
    out.push({ entity: e, designations: shown });
  }
  return out.sort(
    (a, b) => a.entity.kind.localeCompare(b.entity.kind) || a.entity.name.localeCompare(b.entity.name, 'zh'),
  );
}
