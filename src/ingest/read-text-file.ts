import { readFileSync } from 'node:fs';
import iconv from 'iconv-lite';

export type TextEncoding = 'utf8' | 'gb18030';

/**
 * Decodes a text file written by Excel or a script: UTF-8 with or without BOM, or GB18030/GBK (what Excel
 * in China writes). Without a declared encoding, valid UTF-8 is taken as UTF-8 and anything else as GB18030.
 */
export function decodeText(buf: Buffer, declared?: TextEncoding): { text: string; encoding: TextEncoding } {
  if (declared === 'gb18030') return { text: iconv.decode(buf, 'gb18030'), encoding: 'gb18030' };
  const hasBom = buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf;
  const body = hasBom ? buf.subarray(3) : buf;
  if (declared === 'utf8') return { text: body.toString('utf8'), encoding: 'utf8' };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(body), encoding: 'utf8' };
  } catch {
    return { text: iconv.decode(buf, 'gb18030'), encoding: 'gb18030' };
  }
}

export function readTextFile(
  path: string,
  declared?: TextEncoding,
): { text: string; encoding: TextEncoding } {
  return decodeText(readFileSync(path), declared);
}
