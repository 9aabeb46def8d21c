/**
 * What an ingest reports while it runs: the phase it is in and, while the engine reads the file, how far
 * it got. The CLI draws a live line on a terminal and plain lines otherwise (see ../../cli/commands/ingest-feed.ts).
 */
export type IngestPhase = 'convert' | 'read' | 'validate' | 'aggregate' | 'commit';

export const PHASE_LABELS: Readonly<Record<IngestPhase, string>> = {
  convert: '转换',
  read: '读取',
  validate: '校验',
  aggregate: '汇总',
  commit: '提交',
};

export interface IngestProgress {
  phase(phase: IngestPhase): void;
  /** Rows (or bytes, for PostgreSQL's COPY) done of `total`, when known. */
  advance(done: number, total: number | null, unit?: 'rows' | 'bytes'): void;
}

export const SILENT_PROGRESS: IngestProgress = { phase: () => {}, advance: () => {} };

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)}s`;
}

/** A live single line on a terminal: phase, rows, rows/s, elapsed, ETA. */
export function terminalProgress(out: NodeJS.WriteStream): IngestProgress & { end(): void } {
  const start = Date.now();
  let phaseStart = start;
  let label = '';
  let last = '';
  const draw = (text: string): void => {
    out.write(`\r\x1b[2K${text}`);
    last = text;
  };
  return {
    phase(p) {
      phaseStart = Date.now();
      label = PHASE_LABELS[p];
      draw(`${label}…  已用 ${seconds(Date.now() - start)}`);
    },
    advance(done, total, unit = 'rows') {
      const now = Date.now();
      const rate = done / Math.max(0.001, (now - phaseStart) / 1000);
      const eta = total && rate > 0 ? `  剩余约 ${seconds(((total - done) / rate) * 1000)}` : '';
      const [scale, name] = unit === 'bytes' ? [2 ** 20, 'MB'] : [1, '行'];
      const n = (x: number): string => Math.round(x / scale).toLocaleString('en-US');
      draw(
        `${label} ${n(done)}${total ? ` / ${n(total)}` : ''} ${name}  ${n(rate)} ${name}/秒  已用 ${seconds(now - start)}${eta}`,
      );
    },
    end() {
      if (last) out.write('\r\x1b[2K');
    },
  };
}

/** One plain line per phase (for logs and pipes), with the time the previous phase took. */
export function plainProgress(out: NodeJS.WritableStream): IngestProgress {
  const start = Date.now();
  return {
    phase(p) {
      out.write(`[${seconds(Date.now() - start)}] ${PHASE_LABELS[p]}\n`);
    },
    advance() {},
  };
}
