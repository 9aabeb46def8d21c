import type { ReportTable } from './bulletin-tables.js';
import type { ReportChart } from './report-charts.js';

/** One block of a report, in reading order. A `placeholder` paragraph is for the analyst to write in Word. */
export type ReportBlock =
  | { kind: 'heading'; text: string }
  | { kind: 'paragraph'; text: string; placeholder?: boolean }
  | { kind: 'table'; table: ReportTable }
  | { kind: 'chart'; chart: ReportChart };

/** A report as the writers (DOCX, PDF) lay it out: the content decided once, the format separately. */
export interface ReportDocument {
  title: string;
  subtitle: string;
  /** Marks every page 模拟数据 when any figure is simulated. */
  simulated: boolean;
  blocks: ReportBlock[];
  /** 数据说明: 口径, rounding, sources, publication state. */
  notes: string[];
  /** One line for every page's footer: plan, period, data version. */
  footer: string;
}

export const WATERMARK = '模拟数据';
