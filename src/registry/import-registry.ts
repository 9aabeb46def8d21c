/**
 * `ecmon registry import`: reads a registry file, validates every row against the plan and the registry,
 * and writes all of it or nothing. A changed record becomes a new version (who, when, why); then every
 * count of the plan is recounted in the same transaction. A dry run reports what would change.
 */

import { basename } from 'node:path';
import { UserError } from '../domain/user-error.js';
import { backfillSellerCells } from '../ingest/feed/seller-cells.js';
import type { Plan } from '../plan/plan-types.js';
import type { Store } from '../store/open-store.js';
import { type AuditEntry, appendAudit } from '../store/write/audit-log.js';
import { materialiseCounts } from './materialise-counts.js';
import { readRegistryFile } from './read-registry-file.js';
import type { DesignationRecord, RegistryContent } from './registry-records.js';
import {
  type ChangeSet,
  changesFrom,
  isEmptyChange,
  readRegistry,
  recordChange,
} from './registry-repository.js';
import { registrySheets } from './registry-sheets.js';
import { validateRegistryRows } from './validate-registry-rows.js';

export interface ImportOptions {
  /** How problems name the file (the path as the user wrote it). */
  label?: string;
  dryRun?: boolean;
  by: string;
  reason?: string | null;
  simulated?: boolean;
  /** Latest month to count (default: see latestCountMonth). */
  through?: string;
}

export interface ImportOutcome {
  changes: ChangeSet;
  /** Ids of the changed records that existed before (corrections), by record type. */
  corrected: { entities: string[]; designations: string[]; credit: string[] };
  version: number | null;
  batchId: string | null;
  observations: number;
}

export async function importRegistryFile(
  store: Store,
  plan: Plan,
  file: string,
  opts: ImportOptions,
): Promise<ImportOutcome> {
  const label = opts.label ?? basename(file);
  const read = await readRegistryFile(file, label, registrySheets(plan));
  if (read.problems.length) throw new UserError(read.problems);
  const current = await readRegistry(store.driver);
  const { content, problems } = validateRegistryRows(plan, label, read.sheets, current);
  if (problems.length) throw new UserError(problems);
  if (content.entities.length + content.designations.length + content.credit.length === 0)
    throw new UserError({ place: label, value: '', message: '文件中没有数据行', hint: '在表头下方逐行填写' });
  return applyRegistry(store, plan, content, { ...opts, file: label });
}

const designationText = (plan: Plan, d: DesignationRecord): string =>
  `${plan.registry.designations.find((x) => x.id === d.designation)?.name ?? d.designation} ${d.valid_from}—${
    d.valid_to ?? '至今'
  }${d.document ? ` ${d.document}` : ''}`;

/** The audit rows of a registry change: each designation written (with the one it corrects) and each removal. */
function registryAudit(
  plan: Plan,
  current: RegistryContent,
  changes: ChangeSet,
  opts: { by: string; reason?: string | null; file: string | null },
): AuditEntry[] {
  const before = new Map(current.designations.map((d) => [d.id, d]));
  const areaOf = new Map([...current.entities, ...changes.entities].map((e) => [e.id, e.area]));
  const who = {
    actor: opts.by,
    via: opts.file ? ('cli' as const) : ('account' as const),
    reason: opts.reason ?? null,
  };
  return [
    ...changes.designations.map((d) => {
      const old = before.get(d.id);
      return {
        ...who,
        what: 'designation' as const,
        subject: d.id,
        area: areaOf.get(d.entity_id) ?? null,
        old_value: old ? designationText(plan, old) : null,
        new_value: designationText(plan, d),
      };
    }),
    ...(changes.removals ?? []).map((r) => ({
      ...who,
      what: 'designation' as const,
      subject: r.id,
      area: areaOf.get(r.id) ?? null,
      old_value: null,
      new_value: `移除（自 ${r.on} 起）`,
    })),
  ];
}

/** Writes `content` as the next registry version (unless nothing changed) and recounts. */
export async function applyRegistry(
  store: Store,
  plan: Plan,
  content: RegistryContent,
  opts: ImportOptions & { file: string | null; removals?: { id: string; on: string }[] },
): Promise<ImportOutcome> {
  const current = await readRegistry(store.driver);
  const changes: ChangeSet = {
    ...changesFrom(current, content),
    ...(opts.removals?.length ? { removals: opts.removals } : {}),
  };
  const known = {
    entities: new Set(current.entities.map((r) => r.id)),
    designations: new Set(current.designations.map((r) => r.id)),
    credit: new Set(current.credit.map((r) => r.id)),
  };
  const corrected = {
    entities: changes.entities.filter((r) => known.entities.has(r.id)).map((r) => r.id),
    designations: changes.designations.filter((r) => known.designations.has(r.id)).map((r) => r.id),
    credit: changes.credit.filter((r) => known.credit.has(r.id)).map((r) => r.id),
  };
  const none = { changes, corrected, version: null, batchId: null, observations: 0 };
  if (opts.dryRun || isEmptyChange(changes)) return none;
  return store.driver.transaction(async (tx) => {
    const version = await recordChange(
      tx,
      { by: opts.by, reason: opts.reason ?? null, file: opts.file, simulated: opts.simulated ?? false },
      changes,
    );
    // Designations and removals go into the audit log too (审计记录: who changed what, old and new); the
    // simulated demonstration registry is not anyone's write.
    if (!opts.simulated) await appendAudit(tx, store.dialect, registryAudit(plan, current, changes, opts));
    // A newly registered seller's platform figures from the feeds already loaded (only registered sellers'
    // figures are kept at ingest).
    await backfillSellerCells(
      tx,
      store.dialect,
      plan,
      changes.entities.filter((r) => !known.entities.has(r.id)).map((r) => r.id),
    );
    const counted = await materialiseCounts(
      { driver: tx, dialect: store.dialect },
      plan,
      opts.through ? { through: opts.through } : {},
    );
    return { changes, corrected, version, batchId: counted.batchId, observations: counted.observations };
  });
}
