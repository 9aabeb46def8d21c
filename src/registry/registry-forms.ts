/**
 * Adding and editing one record through a form (web or API), with exactly the validation of an import: the
 * form's values become a one-row sheet of the same spec (registry-sheets.ts) checked by the same rules
 * (validate-registry-rows.ts); a problem names the form field. Every save is a new registry version with
 * who and why (a reason is required for a correction); a removal is a version that marks the entity removed
 * from a date (its history kept; counts stop at that date).
 */
import { UserError } from '../domain/user-error.js';
import type { Plan } from '../plan/plan-types.js';
import type { Store } from '../store/open-store.js';
import { applyRegistry, type ImportOutcome } from './import-registry.js';
import type { ReadSheet } from './read-registry-file.js';
import type { RegistryContent } from './registry-records.js';
import { readRegistry } from './registry-repository.js';
import { registrySheets, type SheetSpec } from './registry-sheets.js';
import { dateValue, validateRegistryRows } from './validate-registry-rows.js';

/** How a form's problems are placed before they are mapped to fields (never shown). */
const FORM = '表单';

export interface FieldProblem {
  /** The form field: a column key of the sheet (`id`, `name`, `field:scale`, …), `reason` or `date`. */
  field: string;
  /** Its label on the form (the sheet heading). */
  label: string;
  value: string;
  message: string;
  hint?: string;
}

/** A form that does not pass: every problem names its field. */
export class RegistryFormError extends UserError {
  constructor(readonly fields: FieldProblem[]) {
    super(
      fields.map((f) => ({
        place: f.label,
        value: f.value,
        message: f.message,
        ...(f.hint ? { hint: f.hint } : {}),
      })),
    );
  }
}

export interface FormSave {
  /** A sheet role: `enterprise`, a plan kind id, `designation` or `credit`. */
  role: string;
  /** add: a new record (its key must be free); edit: a correction of an existing one (reason required). */
  mode: 'add' | 'edit';
  values: Record<string, string>;
  reason?: string | null;
  /** Who saves (the request's actor). */
  by: string;
}

const REASON = { field: 'reason', label: '修改原因' } as const;

/** The form of a role: its sheet spec, or null for an unknown role. */
export function formSpec(plan: Plan, role: string): SheetSpec | null {
  return registrySheets(plan).find((s) => s.role === role) ?? null;
}

/** Checks and saves one record; returns the registry version written (null when nothing changed). */
export async function saveForm(store: Store, plan: Plan, save: FormSave): Promise<ImportOutcome> {
  const spec = formSpec(plan, save.role);
  if (!spec)
    throw new RegistryFormError([
      { field: 'role', label: '记录类型', value: save.role, message: '不是本规划的记录类型' },
    ]);
  const cells = new Map<string, string>();
  for (const c of spec.columns) cells.set(c.key, (save.values[c.key] ?? '').trim());
  const sheet: ReadSheet = { spec, rows: [{ row: 1, cells }] };
  const current = await readRegistry(store.driver);
  const { content, problems } = validateRegistryRows(plan, FORM, [sheet], current);
  const prefix = `${FORM}:${spec.name}:1:`;
  const fields: FieldProblem[] = problems.map((p) => {
    const label = p.place.startsWith(prefix) ? p.place.slice(prefix.length) : p.place;
    const column = spec.columns.find((c) => c.heading === label);
    return {
      field: column?.key ?? label,
      label,
      value: p.value,
      message: p.message,
      ...(p.hint ? { hint: p.hint } : {}),
    };
  });
  const reason = save.reason?.trim() || null;
  if (save.mode === 'edit' && !reason)
    fields.push({
      ...REASON,
      value: '',
      message: '更正须填写原因',
      hint: '说明为何修改，如“认定文号录入错误”',
    });
  if (!fields.length) fields.push(...keyProblems(spec, content, current, save.mode));
  if (fields.length) throw new RegistryFormError(fields);
  return applyRegistry(store, plan, content, { by: save.by, reason, file: null });
}

/** add: the record's key must be free; edit: it must exist (a key field cannot be edited). */
function keyProblems(
  spec: SheetSpec,
  content: RegistryContent,
  current: RegistryContent,
  mode: 'add' | 'edit',
): FieldProblem[] {
  const [key, exists, label] =
    spec.role === 'designation'
      ? [
          content.designations[0]?.id,
          current.designations.some((d) => d.id === content.designations[0]?.id),
          'valid_from',
        ]
      : spec.role === 'credit'
        ? [content.credit[0]?.id, current.credit.some((c) => c.id === content.credit[0]?.id), 'record_date']
        : [
            content.entities[0]?.id,
            current.entities.some((e) => e.id === content.entities[0]?.id) ||
              (current.removed ?? []).some((e) => e.id === content.entities[0]?.id),
            'id',
          ];
  const column = spec.columns.find((c) => c.key === label);
  const at = { field: label, label: column?.heading ?? label, value: key ?? '' };
  if (mode === 'add' && exists)
    return [
      {
        ...at,
        message: spec.role === 'designation' || spec.role === 'credit' ? '已有同一记录' : '库中已有此编号',
        hint: '如需修改，请打开该记录编辑',
      },
    ];
  if (mode === 'edit' && !exists)
    return [
      { ...at, message: '库中没有此记录，无法编辑', hint: '编号、类型和日期不可修改；新记录请用“新增”' },
    ];
  return [];
}

/** Marks an entity removed from `date` (a new version; history kept; counts stop at that date). */
export async function removeEntity(
  store: Store,
  plan: Plan,
  r: { id: string; date: string; reason: string | null; by: string },
): Promise<ImportOutcome> {
  const current = await readRegistry(store.driver);
  const fields: FieldProblem[] = [];
  const entity = current.entities.find((e) => e.id === r.id);
  if (!entity)
    fields.push({
      field: 'id',
      label: '编号',
      value: r.id,
      message: (current.removed ?? []).some((e) => e.id === r.id) ? '该对象已移除' : '库中没有此对象',
    });
  const date = dateValue(r.date.trim());
  if (r.date.trim() === '')
    fields.push({
      field: 'date',
      label: '移除日期',
      value: '',
      message: '必填项为空',
      hint: '填写不再计入的第一天',
    });
  else if (typeof date === 'object')
    fields.push({
      field: 'date',
      label: '移除日期',
      value: r.date,
      message: date.problem,
      ...(date.hint ? { hint: date.hint } : {}),
    });
  const reason = r.reason?.trim() || null;
  if (!reason)
    fields.push({
      ...REASON,
      value: '',
      message: '移除须填写原因',
      hint: '如“企业注销”“迁出本市”“重复登记”',
    });
  if (fields.length) throw new RegistryFormError(fields);
  return applyRegistry(
    store,
    plan,
    { entities: [], designations: [], credit: [] },
    { by: r.by, reason, file: null, removals: [{ id: r.id, on: date as string }] },
  );
}
