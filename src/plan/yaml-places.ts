/**
 * Maps a path inside a parsed YAML document (`['indicators', 3, 'targets', 0, 'comparator']`) to the
 * place a user can open (`plans/x.yaml:57:21`), the value written there, and the path as text.
 */
import { type Document, isMap, isScalar, type LineCounter, type Node, Scalar } from 'yaml';

export type PathKey = string | number;

/** `indicators[3].targets[0].comparator` */
export function formatPath(path: readonly PathKey[]): string {
  return path.map((k, i) => (typeof k === 'number' ? `[${k}]` : i === 0 ? k : `.${k}`)).join('');
}

export class YamlPlaces {
  constructor(
    private readonly doc: Document,
    private readonly lines: LineCounter,
    private readonly file: string,
  ) {}

  /** The node at the path, or the nearest ancestor that exists (a missing field points at its parent). */
  private nearest(path: readonly PathKey[]): Node | null {
    for (let n = path.length; n >= 0; n--) {
      const node = n === 0 ? this.doc.contents : this.doc.getIn(path.slice(0, n), true);
      if (node && typeof node === 'object' && 'range' in node && node.range) return node as Node;
    }
    return null;
  }

  private at(offset: number): string {
    const { line, col } = this.lines.linePos(offset);
    return `${this.file}:${line}:${col}`;
  }

  /**
   * `file:line:column` of the value at the path. With `keyOf`, the key of that field in the map at the path
   * (for unknown fields). With `column`, a 1-based column inside a one-line scalar (an expression's token).
   */
  place(path: readonly PathKey[], opts: { keyOf?: string; column?: number } = {}): string {
    const node = this.nearest(path);
    if (!node?.range) return this.file;
    if (opts.keyOf !== undefined && isMap(node)) {
      const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === opts.keyOf);
      if (pair && isScalar(pair.key) && pair.key.range) return this.at(pair.key.range[0]);
    }
    if (
      opts.column !== undefined &&
      isScalar(node) &&
      typeof node.source === 'string' &&
      !node.source.includes('\n')
    ) {
      const quoted = node.type === Scalar.QUOTE_DOUBLE || node.type === Scalar.QUOTE_SINGLE;
      return this.at(node.range[0] + (quoted ? 1 : 0) + opts.column - 1);
    }
    return this.at(node.range[0]);
  }

  /** Whether the path exists in the document. */
  has(path: readonly PathKey[]): boolean {
    return this.doc.hasIn(path);
  }

  /** The scalar written at the path, as text ('' for a missing field, a map or a list). */
  value(path: readonly PathKey[]): string {
    const node = this.doc.getIn(path, true);
    if (!isScalar(node)) return '';
    return typeof node.source === 'string' && node.type === Scalar.PLAIN ? node.source : String(node.value);
  }
}
