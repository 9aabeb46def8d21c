import { UserError } from '../domain/user-error.js';
import type { BulletinModel } from './bulletin-model.js';
import { writeBulletinXlsx } from './bulletin-xlsx.js';
import { writeDocx } from './docx-writer.js';
import { withChromium } from './headless-chromium.js';
import { writePdf } from './pdf-writer.js';
import type { ReportDocument } from './report-document.js';

export const REPORT_FORMATS = ['docx', 'pdf', 'xlsx'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export function reportFormat(value: string, allowed: readonly ReportFormat[] = REPORT_FORMATS): ReportFormat {
  if (!(allowed as readonly string[]).includes(value))
    throw new UserError({
      place: '--format',
      value,
      message: '不支持的报告格式',
      hint: `可用 ${allowed.join('、')}`,
    });
  return value as ReportFormat;
}

/** Writes a report document as DOCX or PDF (Chromium rasterises charts for DOCX and prints the PDF). */
export function writeDocument(doc: ReportDocument, format: 'docx' | 'pdf'): Promise<Buffer> {
  return withChromium((browser) => (format === 'docx' ? writeDocx(doc, browser) : writePdf(doc, browser)));
}

/** The bulletin in any of its formats: XLSX is the annex of its figures, DOCX and PDF the bulletin itself. */
export async function writeBulletin(
  model: BulletinModel,
  doc: () => ReportDocument,
  format: ReportFormat,
): Promise<Buffer> {
  return format === 'xlsx' ? writeBulletinXlsx(model) : writeDocument(doc(), format);
}
