/**
 * Streams text lines to a file in ~1 MB chunks with back-pressure (Readable.from over a generator,
 * piped), optionally transcoding to GB18030 on the way. Lines are copied into a fresh 1 MB buffer
 * rather than concatenated into one long string: that keeps the garbage collector out of the way.
 */
import { createWriteStream } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import iconv from 'iconv-lite';
import type { FeedRow } from './feed-rows.js';

const CHUNK_BYTES = 1 << 20;

export type TextEncoding = 'utf8' | 'gb18030';

/** UTF-8 chunks of whole lines. */
function* chunks(header: string, rows: Iterable<FeedRow>, line: (r: FeedRow) => string): Generator<Buffer> {
  let chunk = Buffer.allocUnsafe(CHUNK_BYTES);
  let used = chunk.write(header);
  for (const row of rows) {
    const text = line(row);
    if (used + text.length * 3 > CHUNK_BYTES) {
      yield chunk.subarray(0, used);
      chunk = Buffer.allocUnsafe(Math.max(CHUNK_BYTES, text.length * 3));
      used = 0;
    }
    used += chunk.write(text, used);
  }
  if (used > 0) yield chunk.subarray(0, used);
}

export async function writeTextFeed(
  file: string,
  header: string,
  rows: Iterable<FeedRow>,
  line: (r: FeedRow) => string,
  encoding: TextEncoding = 'utf8',
): Promise<void> {
  const source = Readable.from(chunks(header, rows, line), { objectMode: false });
  const sink = createWriteStream(file, { highWaterMark: 4 * CHUNK_BYTES });
  if (encoding === 'gb18030') {
    const decode = iconv.decodeStream('utf8');
    await pipeline(source, decode, iconv.encodeStream('gb18030'), sink);
  } else await pipeline(source, sink);
}
