/**
 * 报送进度: per form × area × period, where its submission stands (not started, draft, submitted, approved at
 * district level, returned, approved, published) and whose review it awaits, its deadline and how many days it is overdue on the injected clock. A form counts as
 * overdue while it has not been submitted (not started, draft or returned) after its deadline.
 */
import { formatPeriod, type Period, parsePeriod } from '../domain/period.js';
import type { ApprovalLevel, ReportForm } from '../plan/form-spec.js';
import type { Driver } from '../store/driver.js';
import { type FormActor, unitInScope } from './form-actor.js';
import { bureauDate, type Clock, daysOverdue, deadlineOf, recentPeriods } from './form-periods.js';

export const PROGRESS_STATES = [
  'not_started',
  'draft',
  'submitted',
  'district_approved',
  'returned',
  'approved',
  'published',
] as const;
export type ProgressState = (typeof PROGRESS_STATES)[number];

export const PROGRESS_ZH: Record<ProgressState, string> = {
  not_started: '未填报',
  draft: '草稿',
  submitted: '已提交',
  district_approved: '区县已审核',
  returned: '已退回',
  approved: '已审核',
  published: '已发布',
};

export interface ProgressRow {
  form: string;
  area: string;
  period: string;
  state: ProgressState;
  /** Whose review a submitted form awaits: the district's reviewer (待区县审核) or the city (待市局审批). */
  awaiting: ApprovalLevel | null;
  batch_id: string | null;
  deadline: string;
  days_overdue: number;
}

const AWAITING_ZH: Record<ApprovalLevel, string> = { district: '待区县审核', city: '待市局审批' };

/** The state as 报送进度 shows it, with whose review it awaits: 已提交·待区县审核, 区县已审核·待市局审批. */
export function progressLabel(r: Pick<ProgressRow, 'state' | 'awaiting'>): string {
  return r.awaiting ? `${PROGRESS_ZH[r.state]}·${AWAITING_ZH[r.awaiting]}` : PROGRESS_ZH[r.state];
}

const NOT_IN = new Set<ProgressState>(['not_started', 'draft', 'returned']);

/** Whether a form in `state` with `deadline` is overdue on `today`, and by how many days. */
export function overdueDays(state: ProgressState, deadline: string, today: string): number {
  return NOT_IN.has(state) ? daysOverdue(deadline, today) : 0;
}

/**
 * The progress of `forms` for the periods asked (default: the current period of each form) over the reporting
 * units the actor may see: `unitsOf` lists a form's units for a period (its areas, or an enterprise form's
 * reporters in the registry).
 */
export async function reportingProgress(
  db: Driver,
  forms: readonly ReportForm[],
  actor: FormActor,
  clock: Clock,
  opts: { period?: string; periods?: number; form?: string; area?: string } = {},
  unitsOf: (form: ReportForm, period: string) => Promise<readonly string[]> = async (f) => f.areas,
): Promise<ProgressRow[]> {
  const today = bureauDate(clock());
  const rows = await db.query(
    `SELECT f.batch_id, f.form_id, f.area, f.period, b.status, a.approved_by FROM form_submissions f
     JOIN batches b ON b.id = f.batch_id
     LEFT JOIN form_approvals a ON a.batch_id = f.batch_id AND a.level = 'district' ORDER BY f.revision`,
  );
  const latest = new Map<string, { batch_id: string; status: string }>();
  for (const r of rows)
    latest.set(`${r.form_id}|${r.area}|${r.period}`, {
      batch_id: String(r.batch_id),
      status: r.status === 'submitted' && r.approved_by !== null ? 'district_approved' : String(r.status),
    });
  const out: ProgressRow[] = [];
  for (const form of forms) {
    if (opts.form && form.id !== opts.form) continue;
    const periods: Period[] = opts.period
      ? [parsePeriod(opts.period)]
      : recentPeriods(form, today, opts.periods ?? 1);
    for (const p of periods) {
      const period = formatPeriod(p);
      const deadline = deadlineOf(form, p);
      for (const area of await unitsOf(form, period)) {
        if (!unitInScope(actor, form, area) || (opts.area && area !== opts.area)) continue;
        const s = latest.get(`${form.id}|${area}|${period}`);
        const state = stateOf(s?.status);
        out.push({
          form: form.id,
          area,
          period,
          state,
          awaiting:
            state === 'district_approved' ||
            (state === 'submitted' && !form.approval_levels.includes('district'))
              ? 'city'
              : state === 'submitted'
                ? 'district'
                : null,
          batch_id: state === 'not_started' ? null : (s?.batch_id ?? null),
          deadline,
          days_overdue: overdueDays(state, deadline, today),
        });
      }
    }
  }
  return out;
}

function stateOf(status: string | undefined): ProgressState {
  if (!status || status === 'rolled_back') return 'not_started';
  if (status === 'superseded') return 'published';
  return (PROGRESS_STATES as readonly string[]).includes(status) ? (status as ProgressState) : 'not_started';
}
