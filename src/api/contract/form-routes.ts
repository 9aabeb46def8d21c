/**
 * The report form routes of `/api/v1` (数据填报, 报送进度, 提醒, 审计记录): schemas and route table, spread into
 * `routes` (routes.ts). District users reach only their own areas (an area, submission or audit query outside
 * them is 404); analysts reach every area and review.
 */
import { z } from 'zod';
import type { AccountRole } from '../../auth/access.js';
import { ALERT_KINDS } from '../../forms/alerts.js';
import { PROGRESS_STATES } from '../../forms/progress.js';
import { route } from './api-base.js';
import { components, NoQuery } from './schemas.js';

const BASE = '/api/v1';

function named<T extends z.ZodType>(id: string, description: string, schema: T): T {
  const described = schema.meta({ description }) as T;
  components.add(described, { id });
  return described;
}

/**
 * Who fills forms and who reviews them: analysts at the city level; district reviewers, in their own areas,
 * at the district level of the forms that declare it (approve or return only); enterprise reporters their own
 * enterprise's enterprise forms (企业报表).
 */
const FILLERS: readonly AccountRole[] = [
  'admin',
  'analyst',
  'district_reporter',
  'district_reviewer',
  'enterprise_reporter',
];
const CITY: readonly AccountRole[] = ['admin', 'analyst'];
const REVIEWERS: readonly AccountRole[] = ['admin', 'analyst', 'district_reviewer'];
const approvalLevel = z.enum(['district', 'city']);

const zhEn = z.object({ zh: z.string(), en: z.string() });
const formId = z
  .string()
  .regex(/^[a-z_][a-z0-9_]*$/)
  .meta({ description: '报表编号', example: 'district_monthly_ec' });
/** A reporting unit: an area code, or for an enterprise form the entity's 统一社会信用代码 or registry code. */
const area = z
  .string()
  .regex(/^(\d{6}|[0-9A-Za-z][0-9A-Za-z_-]{0,63})$/, {
    error: '应为6位区划代码，或企业报表的统一社会信用代码（18位）/名录编号',
  })
  .meta({ description: '填报单位：区划代码，或企业报表的统一社会信用代码', example: '510104' });
const period = z.string().regex(/^\d{4}(-(Q[1-4]|\d{2}))?$/, { error: '应为 2026-10、2026-Q3 或 2026' });

const FormMeasure = z.object({
  measure: z.string(),
  name: zhEn,
  unit: z.string(),
  required: z.boolean(),
});

export const FormSummary = named(
  'FormSummary',
  'A report form (报表) of the plan: who reports it, how often, by when, which cells.',
  z.object({
    id: z.string(),
    name: zhEn,
    period: z.enum(['monthly', 'quarterly', 'annual']),
    deadline: z.object({ day: z.number().int(), months_after: z.number().int() }),
    areas: z.array(z.string()).meta({
      description:
        'Area forms: the areas that report it. Enterprise forms: the areas their reporters are in (empty: anywhere)',
    }),
    reporter: z.enum(['area', 'enterprise']).meta({
      description:
        'area: each area reports it; enterprise: each registry entity of enterprise_kinds (企业报表)',
    }),
    enterprise_kinds: z.array(z.string()),
    designations: z.array(z.string()).meta({
      description: 'Enterprise forms: only entities holding one of these at the period end report it',
    }),
    measures: z.array(FormMeasure),
    approval_levels: z
      .array(approvalLevel)
      .meta({ description: '审核层级：[city]，或 [district, city]（先区县审核，再市局审批）' }),
  }),
);

const FormCell = z.object({ form: z.string(), area: z.string(), period: z.string(), measure: z.string() });

export const Violation = named(
  'FormViolation',
  'A rule a form cell breaks: the cell (and its label as the screen shows it), the values, the rule and what to do.',
  z.object({
    rule: z.string(),
    rule_name: zhEn,
    importance: z.enum(['error', 'warning', 'outlier']),
    needs: z.enum(['fix', 'comment', 'explanation']),
    note_key: z.string(),
    cell: FormCell,
    label: zhEn,
    values: z.array(z.object({ measure: z.string(), value: z.string().nullable(), unit: z.string() })),
    message: zhEn,
    hint: zhEn,
  }),
);

export const SubmissionSchema = named(
  'Submission',
  'A form submission: one batch per form × area × period revision, with its state.',
  z.object({
    batch_id: z.string(),
    form_id: z.string(),
    area: z.string(),
    period: z.string(),
    revision: z.number().int(),
    status: z.enum(['draft', 'submitted', 'returned', 'approved', 'published', 'superseded', 'rolled_back']),
    created_by: z.string(),
    approval_level: approvalLevel
      .nullable()
      .meta({ description: 'district: 区县已审核，待市局审批; city: 市局已审批; null: 未审核' }),
    district_approved_by: z.string().nullable(),
  }),
);

const cells = z.record(z.string(), z.string().nullable());

export const FormEntryResponse = named(
  'FormEntry',
  'A form for one area and period: entered values, notes, the published figures beside them, violations.',
  z.object({
    form: FormSummary,
    area: z.string(),
    area_name: zhEn,
    period: z.string(),
    deadline: z.string(),
    submission: SubmissionSchema.nullable(),
    values: cells,
    notes: z.record(z.string(), z.string()),
    published: cells,
    violations: z.array(Violation),
    editable: z.boolean(),
    can_review: z.boolean(),
    review_level: approvalLevel.nullable().meta({
      description: 'The level the caller reviews this form at (null: the caller does not review it)',
    }),
    history: z.array(
      z.object({
        from: z.string().nullable(),
        to: z.string(),
        actor: z.string(),
        reason: z.string().nullable(),
        at: z.string(),
      }),
    ),
  }),
);

export const SubmitResponse = named(
  'SubmitResult',
  'The outcome of a submission: submitted, or refused with the violations still standing (nothing written).',
  z.object({ submitted: z.boolean(), blocking: z.array(Violation), entry: FormEntryResponse }),
);

export const ProgressRowSchema = named(
  'ProgressRow',
  '报送进度: a form × area × period, its state, deadline and days overdue.',
  z.object({
    form: z.string(),
    form_name: zhEn,
    area: z.string(),
    area_name: zhEn,
    period: z.string(),
    state: z.enum(PROGRESS_STATES),
    awaiting: approvalLevel.nullable().meta({
      description: 'Whose review a submitted form awaits: district (待区县审核) or city (待市局审批)',
    }),
    batch_id: z.string().nullable(),
    deadline: z.string(),
    days_overdue: z.number().int(),
  }),
);

const SummaryRowSchema = z.object({
  area: z.string(),
  area_name: zhEn,
  reporters: z.number().int(),
  submitted: z.number().int(),
  approved: z.number().int(),
  values: cells,
});

export const EnterpriseSummaryResponse = named(
  'EnterpriseSummary',
  '企业报表汇总: an enterprise form’s reporters, submissions and approved figures added up by the area each firm is registered in, and for the city. The city’s own view: an area with one firm shows that firm’s figures.',
  z.object({
    form: z.string(),
    form_name: zhEn,
    period: z.string(),
    measures: z.array(FormMeasure),
    rows: z.array(SummaryRowSchema),
    total: SummaryRowSchema,
  }),
);

export const FormsResponse = named(
  'FormsResponse',
  'The forms the caller reports or reviews, and their open periods in the caller’s areas.',
  z.object({ forms: z.array(FormSummary), open: z.array(ProgressRowSchema), today: z.string() }),
);

export const ProgressResponse = named(
  'ProgressResponse',
  '报送进度 over the caller’s areas.',
  z.object({ today: z.string(), rows: z.array(ProgressRowSchema) }),
);

export const SubmissionsResponse = named(
  'SubmissionsResponse',
  'Submissions in the caller’s areas, newest period first.',
  z.object({ submissions: z.array(SubmissionSchema) }),
);

export const AlertsResponse = named(
  'AlertsResponse',
  'Alerts: a deadline passed, a rule failed, a feed was rejected, an indicator turned red.',
  z.object({
    alerts: z.array(
      z.object({
        id: z.string(),
        kind: z.enum(ALERT_KINDS),
        form_id: z.string().nullable(),
        area: z.string().nullable(),
        period: z.string().nullable(),
        subject: z.string().nullable(),
        message_zh: z.string(),
        message_en: z.string(),
        raised_at: z.string(),
      }),
    ),
  }),
);

export const AuditResponse = named(
  'AuditResponse',
  'Audit rows (who, when, from where, what, old and new value, why), oldest first. Append-only.',
  z.object({
    rows: z.array(
      z.object({
        seq: z.number().int(),
        at: z.string(),
        actor: z.string(),
        via: z.string(),
        what: z.string(),
        subject: z.string().nullable(),
        form_id: z.string().nullable(),
        area: z.string().nullable(),
        period: z.string().nullable(),
        measure: z.string().nullable(),
        old_value: z.string().nullable(),
        new_value: z.string().nullable(),
        reason: z.string().nullable(),
      }),
    ),
  }),
);

export const EntryParams = z.object({
  form: formId,
  area,
  period: period.meta({ description: '期间', example: '2026-10' }),
});
export const EntryBody = z.object({
  values: z.record(z.string(), z.string().max(40).nullable()).default({}),
  notes: z.record(z.string(), z.string().max(500)).default({}),
});
export const SubmissionParams = z.object({
  id: z
    .string()
    .max(200)
    .meta({ description: '报表批次编号', example: 'form-district_monthly_ec-510104-2026-10-r1' }),
});
export const TransitionBody = z.object({
  to: z.enum(['approved', 'returned', 'published', 'reopened']),
  reason: z.string().max(500).optional(),
});
export const SummaryParams = z.object({ form: formId });
export const SummaryQuery = z.object({
  period: period.meta({ description: '期间', example: '2025-Q4' }),
});
export const ProgressQuery = z.object({
  form: formId.optional(),
  period: period.optional().meta({ description: '期间（默认当前应报期）', example: '2026-10' }),
  periods: z.coerce.number().int().min(1).max(24).optional().meta({ description: '最近 N 期', example: '3' }),
});
export const SubmissionsQuery = z.object({
  status: z.string().optional().meta({ description: '状态', example: 'submitted' }),
  period: period.optional().meta({ description: '期间', example: '2026-10' }),
});
export const AuditQuery = z.object({
  area: area.optional(),
  measure: z.string().max(100).optional().meta({ description: '计量项', example: 'online_retail_sales' }),
  period: period.optional().meta({ description: '期间', example: '2026-10' }),
  form: formId.optional(),
  batch: z
    .string()
    .max(200)
    .optional()
    .meta({ description: '批次', example: 'form-district_monthly_ec-510104-2026-10-r1' }),
  what: z
    .enum(['value', 'state', 'designation', 'setting'])
    .optional()
    .meta({ description: '类别：数值、状态、认定、设置（账号、密钥、计划目标）', example: 'setting' }),
  subject: z.string().max(200).optional().meta({
    description: '对象（设置：account:NAME、api_key:ID、plan:ID:…）',
    example: 'account:jinjiang-tj',
  }),
});

export const formRoutes = {
  forms: route({
    path: `${BASE}/forms`,
    summary: 'The report forms the caller fills or reviews, with their open periods in the caller’s areas',
    access: FILLERS,
    params: NoQuery,
    query: NoQuery,
    response: FormsResponse,
    example: `${BASE}/forms`,
  }),
  formEntry: route({
    path: `${BASE}/forms/{form}/entries/{area}/{period}`,
    summary:
      'A form for one area and period: values, notes, published figures, violations (404 outside scope)',
    access: FILLERS,
    params: EntryParams,
    query: NoQuery,
    response: FormEntryResponse,
    example: `${BASE}/forms/district_monthly_ec/entries/510104/2026-10`,
  }),
  saveDraft: route({
    path: `${BASE}/forms/{form}/entries/{area}/{period}/draft`,
    method: 'PUT',
    summary: 'Saves entered values and notes as a draft (refused once submitted, approved or published)',
    access: FILLERS,
    params: EntryParams,
    query: NoQuery,
    body: EntryBody,
    response: FormEntryResponse,
    example: `${BASE}/forms/district_monthly_ec/entries/510104/2026-10/draft`,
  }),
  submit: route({
    path: `${BASE}/forms/{form}/entries/{area}/{period}/submit`,
    method: 'POST',
    summary: 'Submits: refused while an error rule fails or a warning/outlier lacks its note',
    access: FILLERS,
    params: EntryParams,
    query: NoQuery,
    body: EntryBody,
    response: SubmitResponse,
    example: `${BASE}/forms/district_monthly_ec/entries/510104/2026-10/submit`,
  }),
  submissions: route({
    path: `${BASE}/submissions`,
    summary: 'Submissions in the caller’s areas',
    access: FILLERS,
    params: NoQuery,
    query: SubmissionsQuery,
    response: SubmissionsResponse,
    example: `${BASE}/submissions`,
  }),
  transition: route({
    path: `${BASE}/submissions/{id}/transitions`,
    method: 'POST',
    summary:
      'An analyst approves, returns (with a reason), publishes or reopens (with a reason) a submission; a district reviewer approves at district level or returns, in their own areas (404 outside them)',
    access: REVIEWERS,
    params: SubmissionParams,
    query: NoQuery,
    body: TransitionBody,
    response: SubmissionSchema,
    example: `${BASE}/submissions/form-district_monthly_ec-510104-2026-10-r1/transitions`,
  }),
  summary: route({
    path: `${BASE}/forms/{form}/summary`,
    summary:
      '企业报表汇总: an enterprise form’s approved figures added up by area and for the city, with reporter and submission counts (the city’s roles)',
    access: CITY,
    params: SummaryParams,
    query: SummaryQuery,
    response: EnterpriseSummaryResponse,
    example: `${BASE}/forms/key_enterprise_quarterly_ec/summary?period=2025-Q4`,
  }),
  progress: route({
    path: `${BASE}/progress`,
    summary: '报送进度: state, deadline and days overdue per form × area × period in the caller’s areas',
    access: FILLERS,
    params: NoQuery,
    query: ProgressQuery,
    response: ProgressResponse,
    example: `${BASE}/progress?periods=3`,
  }),
  alerts: route({
    path: `${BASE}/alerts`,
    summary: 'Alerts in the caller’s areas (analysts: all)',
    access: FILLERS,
    params: NoQuery,
    query: NoQuery,
    response: AlertsResponse,
    example: `${BASE}/alerts`,
  }),
  audit: route({
    path: `${BASE}/audit`,
    summary: 'Who changed this figure: audit rows of a cell, a form or a batch in the caller’s areas',
    access: FILLERS,
    params: NoQuery,
    query: AuditQuery,
    response: AuditResponse,
    example: `${BASE}/audit?area=510104&measure=online_retail_sales&period=2026-10`,
  }),
};

/** The Excel routes (binary bodies, outside the JSON contract). */
export const formFileRoutes = [
  {
    path: `${BASE}/forms/{form}/template`,
    summary: 'The Excel template of a form for ?area=&period= (xlsx)',
    contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    access: FILLERS,
  },
  {
    path: `${BASE}/forms/upload`,
    method: 'POST',
    summary: 'Upload a filled template (xlsx body); ?submit=1 submits it. Same checks as the screen.',
    contentType: 'application/json',
    access: FILLERS,
  },
] as const;
