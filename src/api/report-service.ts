/** The report archive behind `/api/v1/reports`: the list, one file, and 生成简报 with the CLI's code. */
import { parsePeriod } from '../domain/period.js';
import { monitoredYears } from '../plan/monitored-years.js';
import type { Plan } from '../plan/plan-types.js';
import { type BulletinScheduleConfig, SCHEDULE_OFF } from '../report/bulletin-schedule.js';
import { generateBulletin } from '../report/generate-bulletin.js';
import { latestPublishedMonth, recentRequests } from '../store/bulletin-requests.js';
import type { Driver } from '../store/driver.js';
import { listReports, reportBytes, type ArchivedReport as Stored } from '../store/report-archive.js';
import type {
  ArchivedReport,
  GenerateBulletinBody,
  GeneratedReport,
  ReportsResponse,
} from './contract/report-schemas.js';
import { API_BASE } from './contract/routes.js';
import { HttpProblem } from './http-problem.js';

export const CONTENT_TYPES: Readonly<Record<string, string>> = {
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  pdf: 'application/pdf',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

/** 2025年6月月度监测简报, 2023年中期评估, 2025年总结评估. */
export function reportTitle(r: Pick<Stored, 'kind' | 'period'>, plan: Plan): string {
  const [year, month] = r.period.split('-');
  if (r.kind === 'bulletin') return `${year}年${Number(month)}月月度监测简报`;
  return `${year}年${Number(year) >= plan.metadata.period.end ? '总结' : '中期'}评估`;
}

/** The download's name: the title, the data version, the simulated mark. */
export function reportFileName(r: Stored, plan: Plan): string {
  return `${reportTitle(r, plan)}_数据版本${r.dataVersion}${r.simulated ? '_模拟数据' : ''}.${r.format}`;
}

/**
 * `Content-Disposition` for a file name outside ASCII: an ASCII `filename` for old clients and the UTF-8
 * name in RFC 5987's `filename*`, which every current browser prefers.
 */
export function contentDisposition(name: string, asciiFallback: string): string {
  const encoded = encodeURIComponent(name).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${asciiFallback.replace(/[^\x20-\x7e]|["\\]/g, '_')}"; filename*=UTF-8''${encoded}`;
}

export interface ReportFile {
  bytes: Buffer;
  contentType: string;
  disposition: string;
}

export class ReportService {
  constructor(
    private readonly driver: Driver,
    private readonly plan: Plan,
    private readonly schedule: BulletinScheduleConfig = SCHEDULE_OFF,
  ) {}

  private view(r: Stored): ArchivedReport {
    return {
      id: r.id,
      kind: r.kind,
      title: reportTitle(r, this.plan),
      period: r.period,
      format: r.format as ArchivedReport['format'],
      data_version: r.dataVersion,
      simulated: r.simulated,
      generated_by: r.generatedBy,
      generated_at: `${r.generatedAt.replace(' ', 'T')}Z`,
      size_bytes: r.sizeBytes,
      file_name: reportFileName(r, this.plan),
      href: `${API_BASE}/reports/${r.id}/file`,
    };
  }

  async list(q: { kind?: 'bulletin' | 'evaluation' }): Promise<ReportsResponse> {
    const all = await listReports(this.driver);
    const requests = await recentRequests(this.driver);
    return {
      reports: all.filter((r) => !q.kind || r.kind === q.kind).map((r) => this.view(r)),
      latest_month: await latestPublishedMonth(this.driver),
      schedule: {
        on_publish: this.schedule.onPublish,
        day_of_month: this.schedule.dayOfMonth,
        formats: this.schedule.formats,
        requests: requests.map((r) => ({
          cause: r.cause,
          month: r.month,
          batch_id: r.batchId,
          requested_at: `${r.requestedAt.replace(' ', 'T')}Z`,
          status: r.status,
          handled_at: r.handledAt && `${r.handledAt.replace(' ', 'T')}Z`,
          note: r.note,
        })),
      },
    };
  }

  /** One archived file; `latest` is the newest monthly bulletin. */
  async file(q: { id: string }): Promise<ReportFile> {
    const all = await listReports(this.driver);
    const report =
      q.id === 'latest' ? all.find((r) => r.kind === 'bulletin') : all.find((r) => r.id === q.id);
    const bytes = report && (await reportBytes(this.driver, report.id));
    if (!report || !bytes)
      throw new HttpProblem(
        404,
        q.id === 'latest'
          ? '存档中还没有月度简报：可在报告存档页生成'
          : `没有存档编号为「${q.id}」的报告，存档列表见 ${API_BASE}/reports`,
        'id',
        q.id,
      );
    return {
      bytes,
      contentType: CONTENT_TYPES[report.format] ?? 'application/octet-stream',
      disposition: contentDisposition(
        reportFileName(report, this.plan),
        `ecmon-${report.kind}-${report.period}-v${report.dataVersion}.${report.format}`,
      ),
    };
  }

  /** Generates and archives a month's bulletin, as `ecmon report bulletin` does. */
  async generate(body: GenerateBulletinBody, generatedBy: string): Promise<GeneratedReport> {
    const period = parsePeriod(body.period);
    const years = monitoredYears(this.plan);
    if (period.year < years.first || period.year > years.last)
      throw HttpProblem.badParameter(
        'period',
        body.period,
        `月份 ${body.period} 不在计划的监测范围（${years.first}—${years.last}年）内，请选择该范围内的月份`,
      );
    const made = await generateBulletin(this.driver, this.plan, period, body.format, { generatedBy });
    const stored = (await listReports(this.driver)).find((r) => r.id === made.id);
    if (!stored) throw new Error(`archived report ${made.id} is missing`);
    return { report: this.view(stored) };
  }
}
