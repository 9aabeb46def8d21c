import type { Period } from '../domain/period.js';
import type { Plan } from '../plan/plan-types.js';
import type { Driver } from '../store/driver.js';
import { archiveReport } from '../store/report-archive.js';
import { bulletinDocument } from './bulletin-document.js';
import { type BulletinModel, bulletinModel } from './bulletin-model.js';
import { type ReportFormat, writeBulletin } from './write-report.js';

/** A generated and archived bulletin: its archive id, bytes and the model it was written from. */
export interface GeneratedBulletin {
  id: string;
  bytes: Buffer;
  model: BulletinModel;
}

/**
 * Generates the monthly bulletin of `period` in `format` and keeps it in the archive: what `ecmon report
 * bulletin`, the web's 生成简报 and the schedule all run.
 */
export async function generateBulletin(
  driver: Driver,
  plan: Plan,
  period: Period,
  format: ReportFormat,
  by: { generatedBy: string; generatedAt?: Date },
): Promise<GeneratedBulletin> {
  const model = await bulletinModel(driver, plan, period, by.generatedBy, by.generatedAt);
  const bytes = await writeBulletin(model, () => bulletinDocument(model), format);
  const id = await archiveReport(driver, {
    kind: 'bulletin',
    period: model.period,
    format,
    dataVersion: model.dataVersion,
    simulated: model.simulated,
    generatedBy: model.generatedBy,
    generatedAt: model.generatedAt,
    bytes,
  });
  return { id, bytes, model };
}
