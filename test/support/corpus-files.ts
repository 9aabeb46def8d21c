/**
 * The corpus inputs made at run time (test/corpus.test.ts): files too large for the repository (a 5 MB cell,
 * 2,000 lines, an XLSX that expands to 600 MB) and binary ones (Parquet, XLSX) built from a few lines of code.
 */
import { createWriteStream, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { constants, crc32, createDeflateRaw } from 'node:zlib';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { FEED_COLUMNS } from '../../src/feed-format/feed-schema.js';
import { DuckDbDriver } from '../../src/store/duckdb/duckdb-driver.js';
import { type Cells, feedRow as validRow } from './feed-rows.js';

const HEADER = FEED_COLUMNS.join(',');

/** A valid feed row of sim-mall in 2021-03 (no USCC, electronics, no refunds), with some cells replaced. */
export function feedRow(store: string, cells: Cells = {}): string {
  return validRow(store, { seller_uscc: '', category: 'electronics', refunds: '0.00', ...cells });
}

const feed = (rows: string[]): string => `${[HEADER, ...rows].join('\n')}\n`;

/** Parquet from a SELECT over feed rows given as VARCHAR, with `types` overriding a column's SQL type. */
async function parquet(path: string, rows: string[], types: Record<string, string> = {}): Promise<void> {
  const db = await DuckDbDriver.open(':memory:');
  try {
    const values = rows
      .map(
        (r) =>
          `(${r
            .split(',')
            .map((v) => `'${v}'`)
            .join(', ')})`,
      )
      .join(', ');
    const cols = FEED_COLUMNS.map((c) => `CAST(${c} AS ${types[c] ?? 'VARCHAR'}) AS ${c}`).join(', ');
    await db.exec(
      `COPY (SELECT ${cols} FROM (VALUES ${values}) v(${FEED_COLUMNS.join(', ')})) TO '${path}' (FORMAT parquet)`,
    );
  } finally {
    await db.close();
  }
}

async function xlsx(path: string, fill: (ws: ExcelJS.Worksheet) => void): Promise<void> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('feed');
  ws.addRow([...FEED_COLUMNS]);
  fill(ws);
  await wb.xlsx.writeFile(path);
}

/** A zip whose entries are given as text, or as a number of repeated bytes (deflated while streamed). */
async function zip(
  path: string,
  entries: [name: string, content: string | { repeat: string; bytes: number }][],
) {
  const out = createWriteStream(path);
  const central: Buffer[] = [];
  let offset = 0;
  const put = (b: Buffer): void => {
    out.write(b);
    offset += b.length;
  };
  for (const [name, content] of entries) {
    const deflate = createDeflateRaw({ level: constants.Z_BEST_COMPRESSION });
    const parts: Buffer[] = [];
    deflate.on('data', (b: Buffer) => parts.push(b));
    let crc = 0;
    let size = 0;
    const feedIn = async (b: Buffer): Promise<void> => {
      crc = crc32(b, crc);
      size += b.length;
      if (!deflate.write(b)) await new Promise((r) => deflate.once('drain', r));
    };
    if (typeof content === 'string') await feedIn(Buffer.from(content));
    else {
      const chunk = Buffer.alloc(1 << 20, content.repeat);
      for (let n = 0; n < content.bytes; n += chunk.length) await feedIn(chunk);
    }
    await new Promise((r) => deflate.end(r));
    const data = Buffer.concat(parts);
    const nameBytes = Buffer.from(name);
    const header = (sig: number, central: boolean): Buffer => {
      const h = Buffer.alloc(central ? 46 : 30);
      h.writeUInt32LE(sig, 0);
      let p = 4;
      if (central) {
        h.writeUInt16LE(20, p);
        p += 2;
      }
      h.writeUInt16LE(20, p);
      h.writeUInt16LE(8, p + 4);
      h.writeUInt32LE(crc >>> 0, p + 10);
      h.writeUInt32LE(data.length, p + 14);
      h.writeUInt32LE(size, p + 18);
      h.writeUInt16LE(nameBytes.length, p + 22);
      if (central) h.writeUInt32LE(offset, 42);
      return h;
    };
    central.push(Buffer.concat([header(0x02014b50, true), nameBytes]));
    put(Buffer.concat([header(0x04034b50, false), nameBytes, data]));
  }
  const dir = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(dir.length, 12);
  end.writeUInt32LE(offset, 16);
  out.write(dir);
  out.end(end);
  await new Promise((r) => out.once('finish', r));
}

/** `rows` rows of Chinese store names in GB18030 (what Excel in China writes), at `path`. */
export async function gb18030Feed(path: string, rows: number): Promise<void> {
  const out = createWriteStream(path);
  out.write(iconv.encode(`${HEADER}\n`, 'gb18030'));
  for (let i = 0; i < rows; i += 10_000) {
    const lines = Array.from(
      { length: Math.min(10_000, rows - i) },
      (_, k) => `${feedRow(`成都店铺${i + k}`)}\n`,
    );
    if (!out.write(iconv.encode(lines.join(''), 'gb18030'))) await new Promise((r) => out.once('drain', r));
  }
  out.end();
  await new Promise((r) => out.once('finish', r));
}

export const GENERATORS = {
  /** 2,000 data lines, an unbalanced quote on line 1001. */
  async unbalancedQuote(dir: string) {
    const rows = Array.from({ length: 2000 }, (_, i) =>
      feedRow(`S${i}`, i === 999 ? { store_id: `"S${i}` } : {}),
    );
    writeFileSync(join(dir, 'feed.csv'), feed(rows));
  },
  /** A 5 MB store id on line 2. */
  async feedCell5mb(dir: string) {
    writeFileSync(join(dir, 'feed.csv'), feed([feedRow('x'.repeat(5 << 20)), feedRow('S2')]));
  },
  /** A 5 MB amount on line 2, inside the quotes that make it one field. */
  async feedQuotedCell5mb(dir: string) {
    writeFileSync(join(dir, 'feed.csv'), feed([feedRow('S1', { gmv: `"${'9'.repeat(5 << 20)}"` })]));
  },
  /** An observation whose value is a 5 MB text. */
  async observationCell5mb(dir: string) {
    writeFileSync(
      join(dir, 'observations.csv'),
      `measure,area,period,value\nonline_retail_sales,510100,2021,${'1x'.repeat(5 << 19)}\n`,
    );
  },
  /** Over a megabyte of valid UTF-8, then a line in GB18030 (the encoding is sniffed from the first megabyte). */
  async utf8ThenGb18030(dir: string) {
    const rows = Array.from({ length: 14_000 }, (_, i) => feedRow(`店铺${i}`));
    const head = Buffer.from(feed(rows));
    const bad = iconv.encode(`${feedRow('成都店铺')}\n`, 'gb18030');
    writeFileSync(join(dir, 'feed.csv'), Buffer.concat([head, bad]));
  },
  /** Parquet rows with two bad values in one row. */
  async parquetTwoBadValues(dir: string) {
    await parquet(join(dir, 'feed.parquet'), [feedRow('S1', { gmv: 'abc', orders: 'x' }), feedRow('S2')]);
  },
  /** Parquet amounts typed DECIMAL(38,10): exact to the cent, accepted. */
  async parquetDecimal3810(dir: string) {
    const amounts = { gmv: 'DECIMAL(38,10)', refunds: 'DECIMAL(38,10)' };
    await parquet(join(dir, 'feed.parquet'), [feedRow('P1', { gmv: '120.5' }), feedRow('P2')], amounts);
  },
  /** Parquet amounts typed DECIMAL(38,10) with a third decimal: refused, not rounded. */
  async parquetDecimal3810Cents(dir: string) {
    const amounts = { gmv: 'DECIMAL(38,10)', refunds: 'DECIMAL(38,10)' };
    await parquet(join(dir, 'feed.parquet'), [feedRow('P1', { gmv: '120.505' })], amounts);
  },
  /** An XLSX whose gmv is a formula with no cached result (written by a script, never calculated). */
  async xlsxFormulaWithoutResult(dir: string) {
    await xlsx(join(dir, 'feed.xlsx'), (ws) => {
      const row = ws.addRow(feedRow('S1').split(','));
      row.getCell(FEED_COLUMNS.indexOf('gmv') + 1).value = {
        formula: 'SUM(A1:A2)',
      } as ExcelJS.CellFormulaValue;
    });
  },
  /** A 15 KB XLSX with one row numbered 20,000,000. */
  async xlsxRow20m(dir: string) {
    await xlsx(join(dir, 'feed.xlsx'), (ws) => {
      ws.getRow(20_000_000).values = feedRow('S1').split(',');
    });
  },
  /** An XLSX of under a megabyte whose shared strings expand to 600 MB. */
  async xlsxBomb(dir: string) {
    await zip(join(dir, 'feed.xlsx'), [
      ['[Content_Types].xml', '<?xml version="1.0"?><Types/>'],
      ['xl/sharedStrings.xml', { repeat: 'a', bytes: 600 << 20 }],
    ]);
  },
} satisfies Record<string, (dir: string) => Promise<void>>;
