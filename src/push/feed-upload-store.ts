/**
 * Resumable uploads of feed files, kept on disk so a restarted server resumes them: per upload a JSON record
 * (`{id}.json`: platform, month, format, declared length, last activity, the ingest's answer once done) and
 * the bytes received so far (`{id}.part`). The part file's size is the offset: bytes that reached the disk
 * before a connection dropped count, and the client asks for the offset before it resumes. An upload
 * untouched for the time to live is removed (its answer too, once ingested).
 */
import { randomBytes } from 'node:crypto';
import {
  createWriteStream,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { FeedUploadStatus } from '../api/contract/auth-contract.js';
import { HttpProblem } from '../api/http-problem.js';
import type { FeedFormat } from '../ingest/feed/feed-input.js';
import type { ErrorPolicy } from '../ingest/feed/ingest-feed.js';
import type { DeliveryAnswer } from './deliver-feed.js';

export interface UploadRecord {
  id: string;
  platform: string;
  period: string;
  format: FeedFormat;
  on_error: ErrorPolicy;
  length: number;
  created_by: string;
  /** Last activity (ms since the epoch): the time to live counts from here. */
  touched: number;
  /** The ingest's answer and its HTTP status, once the last byte came in and the file was ingested. */
  answer: { status: number; body: DeliveryAnswer } | null;
}

export interface UploadLimits {
  /** How long an untouched upload is kept (ms). */
  ttlMs: number;
  /** Uploads a platform may have open at once (not yet ingested). */
  openPerPlatform: number;
}

export const DEFAULT_UPLOAD_LIMITS: UploadLimits = { ttlMs: 24 * 3600_000, openPerPlatform: 8 };

const ID = /^up-[0-9a-f]{32}$/;
/** How a request body that broke off ends its stream. */
const BROKEN_OFF = new Set(['ERR_STREAM_PREMATURE_CLOSE', 'ECONNRESET', 'ECONNABORTED']);

export class FeedUploadStore {
  /** Uploads a request is writing to or ingesting now: a second request on one of them is refused. */
  private readonly busy = new Set<string>();

  constructor(
    readonly dir: string,
    private readonly limits: UploadLimits = DEFAULT_UPLOAD_LIMITS,
    private readonly clock: () => number = Date.now,
  ) {
    mkdirSync(dir, { recursive: true });
  }

  private recordFile(id: string): string {
    return join(this.dir, `${id}.json`);
  }

  /** The bytes received so far. */
  partFile(id: string): string {
    return join(this.dir, `${id}.part`);
  }

  private save(r: UploadRecord): void {
    const file = this.recordFile(r.id);
    writeFileSync(`${file}.tmp`, JSON.stringify(r));
    renameSync(`${file}.tmp`, file);
  }

  private read(id: string): UploadRecord | null {
    try {
      return JSON.parse(readFileSync(this.recordFile(id), 'utf8')) as UploadRecord;
    } catch {
      return null;
    }
  }

  /** Starts an upload (after removing expired ones); 429 when the platform has too many open. */
  create(r: Omit<UploadRecord, 'id' | 'touched' | 'answer'>): UploadRecord {
    this.sweep();
    const open = this.all().filter((u) => u.platform === r.platform && !u.answer).length;
    if (open >= this.limits.openPerPlatform)
      throw new HttpProblem(
        429,
        `平台 ${r.platform} 已有 ${open} 个未完成的上传：请先续传完成或删除（DELETE）其中之一，未活动的上传 ${this.ttlHours()} 小时后自动清除。`,
      );
    const record: UploadRecord = {
      ...r,
      id: `up-${randomBytes(16).toString('hex')}`,
      touched: this.clock(),
      answer: null,
    };
    writeFileSync(this.partFile(record.id), '');
    this.save(record);
    return record;
  }

  /** The upload, or null when there is none (a malformed id, an expired one, one removed). */
  find(id: string): UploadRecord | null {
    if (!ID.test(id)) return null;
    const r = this.read(id);
    if (!r) return null;
    if (this.expired(r)) {
      this.remove(id);
      return null;
    }
    return r;
  }

  /** Bytes held: the part file's size (the length once ingested, its bytes then removed). */
  offset(r: UploadRecord): number {
    if (r.answer) return r.length;
    return existsSync(this.partFile(r.id)) ? statSync(this.partFile(r.id)).size : 0;
  }

  status(r: UploadRecord): FeedUploadStatus {
    const offset = this.offset(r);
    return {
      id: r.id,
      platform: r.platform,
      period: r.period,
      format: r.format,
      offset,
      length: r.length,
      expires_at: new Date(r.touched + this.limits.ttlMs).toISOString().slice(0, 19).concat('Z'),
      state: r.answer
        ? 'ingested'
        : offset < r.length
          ? 'receiving'
          : this.busy.has(r.id)
            ? 'ingesting'
            : 'complete',
      result: r.answer?.body ?? null,
    };
  }

  /**
   * Runs `work` with the upload held for this request alone: 409 while another request writes to it or
   * ingests it.
   */
  async exclusive<T>(r: UploadRecord, work: () => Promise<T>): Promise<T> {
    if (this.busy.has(r.id))
      throw new HttpProblem(
        409,
        '另一个请求正在写入或导入这个上传：请稍后用 HEAD 查询偏移量再续传。',
        'id',
        r.id,
      );
    this.busy.add(r.id);
    try {
      return await work();
    } finally {
      this.busy.delete(r.id);
    }
  }

  /**
   * Appends a chunk at `offset` (call inside {@link exclusive}): 409 naming the current offset when it
   * differs, 413 when the chunk runs past the declared length. Bytes written before the body broke off stay.
   * Returns the new offset.
   */
  async append(r: UploadRecord, offset: number, body: NodeJS.ReadableStream): Promise<number> {
    const current = this.offset(r);
    if (r.answer || offset !== current)
      throw new HttpProblem(
        409,
        r.answer
          ? '这个上传已导入完毕，不再接收数据；结果见 GET 该上传。'
          : `Upload-Offset 为 ${offset}，而服务器已收到 ${current} 字节：请从偏移量 ${current} 续传。`,
        'Upload-Offset',
        String(offset),
      ).withHeader('upload-offset', String(current));
    const room = r.length - current;
    let seen = 0;
    try {
      await pipeline(
        body,
        new Transform({
          transform(chunk: Buffer, _enc, next) {
            seen += chunk.length;
            if (seen > room)
              next(
                new HttpProblem(
                  413,
                  `数据超出上传声明的长度 ${r.length} 字节（偏移量 ${current} 处最多还能接收 ${room} 字节）。`,
                ),
              );
            else next(null, chunk);
          },
        }),
        createWriteStream(this.partFile(r.id), { flags: 'a' }),
      );
    } catch (e) {
      // The client went away mid-chunk: what reached the disk counts, and it asks for the offset to resume.
      if (!BROKEN_OFF.has((e as { code?: string }).code ?? '')) throw e;
    } finally {
      this.touch(r);
    }
    return this.offset(r);
  }

  /** Records the ingest's answer and removes the received bytes. */
  finish(r: UploadRecord, answer: NonNullable<UploadRecord['answer']>): UploadRecord {
    const done = { ...r, answer, touched: this.clock() };
    this.save(done);
    rmSync(this.partFile(r.id), { force: true });
    return done;
  }

  remove(id: string): void {
    rmSync(this.partFile(id), { force: true });
    rmSync(this.recordFile(id), { force: true });
  }

  /** Removes the uploads untouched for the time to live; returns how many. */
  sweep(): number {
    let n = 0;
    for (const r of this.all())
      if (this.expired(r) && !this.busy.has(r.id)) {
        this.remove(r.id);
        n++;
      }
    return n;
  }

  private touch(r: UploadRecord): void {
    r.touched = this.clock();
    this.save(r);
  }

  private expired(r: UploadRecord): boolean {
    return this.clock() - r.touched > this.limits.ttlMs;
  }

  private ttlHours(): string {
    return (this.limits.ttlMs / 3600_000).toFixed(0);
  }

  private all(): UploadRecord[] {
    return readdirSync(this.dir)
      .filter((f) => f.endsWith('.json'))
      .flatMap((f) => {
        const r = this.read(f.slice(0, -'.json'.length));
        return r ? [r] : [];
      });
  }
}
