import { randomUUID } from 'node:crypto';
import type { Driver } from './driver.js';

/** One generated report version as the archive lists it (the bytes are read separately). */
export interface ArchivedReport {
  id: string;
  kind: 'bulletin' | 'evaluation';
  period: string;
  format: string;
  dataVersion: number;
  simulated: boolean;
  generatedBy: string;
  generatedAt: string;
  sizeBytes: number;
}

/** Keeps a generated report: every version is kept, never replaced. Returns its id. */
export async function archiveReport(
  driver: Driver,
  r: Omit<ArchivedReport, 'id' | 'generatedAt' | 'sizeBytes'> & { generatedAt: Date; bytes: Buffer },
): Promise<string> {
  const id = randomUUID();
  await driver.query(
    'INSERT INTO reports (id, kind, period, format, data_version, simulated, generated_by, generated_at, size_bytes, content_base64) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)',
    [
      id,
      r.kind,
      r.period,
      r.format,
      r.dataVersion,
      r.simulated,
      r.generatedBy,
      r.generatedAt.toISOString().replace('T', ' ').replace('Z', ''),
      r.bytes.length,
      r.bytes.toString('base64'),
    ],
  );
  return id;
}

/** Every archived version, newest first. */
export async function listReports(driver: Driver): Promise<ArchivedReport[]> {
  const rows = await driver.query(
    'SELECT id, kind, period, format, data_version, simulated, generated_by, CAST(generated_at AS VARCHAR) AS generated_at, size_bytes FROM reports ORDER BY generated_at DESC, id',
  );
  return rows.map((r) => ({
    id: String(r.id),
    kind: r.kind as ArchivedReport['kind'],
    period: String(r.period),
    format: String(r.format),
    dataVersion: Number(r.data_version),
    simulated: r.simulated === true,
    generatedBy: String(r.generated_by),
    generatedAt: String(r.generated_at).slice(0, 19),
    sizeBytes: Number(r.size_bytes),
  }));
}

/** The bytes of one archived version, or null for an unknown id. */
export async function reportBytes(driver: Driver, id: string): Promise<Buffer | null> {
  const [row] = await driver.query('SELECT content_base64 FROM reports WHERE id = $1', [id]);
  return row ? Buffer.from(String(row.content_base64), 'base64') : null;
}
