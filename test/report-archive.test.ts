import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../src/store/open-store.js';
import { archiveReport, listReports, reportBytes } from '../src/store/report-archive.js';
import { engines, freshStore } from './support/engines.js';

describe.each(engines())('report archive on $engine', (target) => {
  let store: Store;
  beforeAll(async () => {
    store = (await freshStore(target)).store;
  });
  afterAll(async () => {
    await store.close();
    await target.cleanup();
  });

  it('keeps every version with its data version and who generated it, newest first, bytes intact', async () => {
    const first = Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 255]);
    const second = Buffer.from('%PDF-1.7 模拟数据');
    const a = await archiveReport(store.driver, {
      kind: 'bulletin',
      period: '2025-06',
      format: 'docx',
      dataVersion: 21,
      simulated: true,
      generatedBy: 'analyst',
      generatedAt: new Date('2025-07-15T08:00:00Z'),
      bytes: first,
    });
    const b = await archiveReport(store.driver, {
      kind: 'bulletin',
      period: '2025-06',
      format: 'pdf',
      dataVersion: 22,
      simulated: false,
      generatedBy: 'chief',
      generatedAt: new Date('2025-07-16T09:30:00Z'),
      bytes: second,
    });
    expect(await listReports(store.driver)).toEqual([
      {
        id: b,
        kind: 'bulletin',
        period: '2025-06',
        format: 'pdf',
        dataVersion: 22,
        simulated: false,
        generatedBy: 'chief',
        generatedAt: '2025-07-16 09:30:00',
        sizeBytes: second.length,
      },
      {
        id: a,
        kind: 'bulletin',
        period: '2025-06',
        format: 'docx',
        dataVersion: 21,
        simulated: true,
        generatedBy: 'analyst',
        generatedAt: '2025-07-15 08:00:00',
        sizeBytes: first.length,
      },
    ]);
    expect(await reportBytes(store.driver, a)).toEqual(first);
    expect(await reportBytes(store.driver, b)).toEqual(second);
    expect(await reportBytes(store.driver, 'nonexistent')).toBeNull();
  });
});
