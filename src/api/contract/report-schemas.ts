/** The report archive's part of the `/api/v1` contract: archived reports, their files, 生成简报, the schedule. */
import { z } from 'zod';
import { named } from './schemas.js';

export const ReportKind = z.enum(['bulletin', 'evaluation']);
export const ReportFileFormat = z.enum(['docx', 'pdf', 'xlsx']);

export const ReportsQuery = z.object({
  kind: ReportKind.optional().meta({
    description: 'Only this kind: `bulletin` (月度监测简报) or `evaluation` (中期/总结评估).',
    example: 'bulletin',
  }),
});

export const ArchivedReport = named(
  'ArchivedReport',
  'One generated report version, kept as generated: what it covers, from which data version, by whom and when.',
  z.object({
    id: z.string(),
    kind: ReportKind,
    /** 2025年6月月度监测简报, 2023年中期评估… */
    title: z.string(),
    period: z.string(),
    format: ReportFileFormat,
    data_version: z.number().int(),
    simulated: z.boolean(),
    /** A user name, `web` (生成简报 in the dashboard) or `system` (the schedule). */
    generated_by: z.string(),
    /** ISO 8601, UTC. */
    generated_at: z.string(),
    size_bytes: z.number().int(),
    /** The file's name (Chinese), as the download sends it. */
    file_name: z.string(),
    /** The download: `/api/v1/reports/{id}/file`. */
    href: z.string(),
  }),
);
export type ArchivedReport = z.infer<typeof ArchivedReport>;

export const BulletinRequest = z.object({
  cause: z.enum(['publish', 'day']),
  month: z.string().nullable(),
  batch_id: z.string().nullable(),
  requested_at: z.string(),
  status: z.enum(['pending', 'running', 'done', 'skipped', 'failed']),
  handled_at: z.string().nullable(),
  note: z.string().nullable(),
});

export const ReportsResponse = named(
  'ReportsResponse',
  'Every archived report version, newest first; the bulletin schedule and what it last did.',
  z.object({
    reports: z.array(ArchivedReport),
    /** The latest month with published figures: the month 生成简报 proposes. */
    latest_month: z.string().nullable(),
    schedule: z.object({
      on_publish: z.boolean(),
      day_of_month: z.number().int().nullable(),
      formats: z.array(ReportFileFormat),
      requests: z.array(BulletinRequest),
    }),
  }),
);
export type ReportsResponse = z.infer<typeof ReportsResponse>;

export const ReportFileParams = z.object({
  id: z.string().meta({
    description: 'An archive id, or `latest`: the newest monthly bulletin.',
    example: 'latest',
  }),
});

export const GenerateBulletinBody = z.object({
  period: z
    .string()
    .regex(/^\d{4}-(0[1-9]|1[0-2])$/, '应为一个月份，写作 YYYY-MM，如 2025-06')
    .meta({ description: 'The month, `YYYY-MM`.', example: '2021-03' }),
  format: ReportFileFormat.default('docx').meta({ example: 'xlsx' }),
});
export type GenerateBulletinBody = z.output<typeof GenerateBulletinBody>;

export const GeneratedReport = named(
  'GeneratedReport',
  'The bulletin just generated and archived.',
  z.object({ report: ArchivedReport }),
);
export type GeneratedReport = z.infer<typeof GeneratedReport>;
