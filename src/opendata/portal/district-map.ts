/**
 * A small choropleth of the districts as inline SVG, drawn on the server: the boundaries (data/geo, see its
 * README for source and licence) projected (equirectangular, longitude scaled by the cosine of the middle
 * latitude), simplified to the drawing's resolution, each district filled by its quantile class, with a
 * legend. A few kilobytes, no script, so the portal's district page stays light on a phone.
 */
import { readFileSync } from 'node:fs';
import { esc } from './portal-html.js';

interface Feature {
  properties: { code: string; name: string; cp?: [number, number] };
  geometry: { type: 'Polygon' | 'MultiPolygon'; coordinates: number[][][] | number[][][][] };
}

interface Shape {
  code: string;
  name: string;
  /** SVG path data in the drawing's coordinates. */
  d: string;
  label: [number, number];
}

const WIDTH = 360;
const COLOURS = ['#dbe9f6', '#a9cce3', '#6aa5cd', '#2f7bb5', '#0b4f8a'];

const cached = new Map<string, { shapes: Shape[]; height: number }>();

/** Projects and simplifies the boundaries once (points closer than half a drawing unit are dropped). */
export function districtShapes(file: string): { shapes: Shape[]; height: number } {
  const kept = cached.get(file);
  if (kept) return kept;
  const features = (JSON.parse(readFileSync(file, 'utf8')) as { features: Feature[] }).features;
  const rings = (f: Feature): number[][][] =>
    f.geometry.type === 'Polygon'
      ? (f.geometry.coordinates as number[][][])
      : (f.geometry.coordinates as number[][][][]).flat();
  let [minX, minY, maxX, maxY] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const f of features)
    for (const r of rings(f))
      for (const [x, y] of r as [number, number][]) {
        minX = Math.min(minX, x);
        maxX = Math.max(maxX, x);
        minY = Math.min(minY, y);
        maxY = Math.max(maxY, y);
      }
  const k = Math.cos((((minY + maxY) / 2) * Math.PI) / 180);
  const scale = WIDTH / ((maxX - minX) * k);
  const height = Math.ceil((maxY - minY) * scale);
  const at = (x: number, y: number): [number, number] => [(x - minX) * k * scale, (maxY - y) * scale];
  const shapes = features.map((f): Shape => {
    const parts: string[] = [];
    for (const r of rings(f)) {
      // Relative moves at 0.1 unit precision, points closer than one unit dropped: a few kilobytes in all.
      let last: [number, number] | null = null;
      let d = '';
      let n = 0;
      for (const [x, y] of r as [number, number][]) {
        const p = at(x, y);
        const q: [number, number] = [Math.round(p[0] * 10) / 10, Math.round(p[1] * 10) / 10];
        if (!last) d = `M${q[0]} ${q[1]}`;
        else if (Math.hypot(q[0] - last[0], q[1] - last[1]) < 1) continue;
        else d += `l${+(q[0] - last[0]).toFixed(1)} ${+(q[1] - last[1]).toFixed(1)}`;
        last = q;
        n++;
      }
      if (n >= 3) parts.push(`${d}z`);
    }
    const cp = f.properties.cp ?? (r0(rings(f)) as [number, number]);
    return {
      code: String(f.properties.code),
      name: f.properties.name,
      d: parts.join(''),
      label: at(cp[0], cp[1]),
    };
  });
  const drawn = { shapes, height };
  cached.set(file, drawn);
  return drawn;
}

const r0 = (rings: number[][][]): number[] => rings[0]?.[0] ?? [0, 0];

/** Class breaks at the quintiles of the values (fewer classes when there are few values). */
export function quantileBreaks(values: readonly number[]): number[] {
  const s = [...values].sort((a, b) => a - b);
  const classes = Math.min(COLOURS.length, s.length);
  const breaks: number[] = [];
  for (let i = 1; i < classes; i++) breaks.push(s[Math.floor((i * s.length) / classes)] as number);
  return breaks;
}

export function districtMap(
  file: string,
  values: ReadonlyMap<string, number>,
  opts: { title: string; unit: string; noData: string; format: (v: number) => string },
): string {
  const { shapes, height } = districtShapes(file);
  const breaks = quantileBreaks([...values.values()]);
  const classOf = (v: number): number => breaks.filter((b) => v >= b).length;
  const paths = shapes
    .map((s) => {
      const v = values.get(s.code);
      const fill = v === undefined ? '#f0f1f3' : COLOURS[classOf(v)];
      const tip = `${s.name}：${v === undefined ? opts.noData : `${opts.format(v)} ${opts.unit}`}`;
      return `<path d="${s.d}" fill="${fill}" stroke="#fff" stroke-width="0.8"><title>${esc(tip)}</title></path>`;
    })
    .join('');
  const labels = shapes
    .map(
      (s) =>
        `<text x="${s.label[0].toFixed(0)}" y="${s.label[1].toFixed(0)}" font-size="7" text-anchor="middle" fill="#1f2328">${esc(s.name)}</text>`,
    )
    .join('');
  const used = values.size ? breaks.length + 1 : 0;
  const lo = [...values.values()].reduce((a, b) => Math.min(a, b), Infinity);
  const legend = Array.from({ length: used }, (_, i) => {
    const from = i === 0 ? lo : (breaks[i - 1] as number);
    return `<rect x="${4 + i * 70}" y="${height + 8}" width="12" height="10" fill="${COLOURS[i]}"/><text x="${20 + i * 70}" y="${height + 17}" font-size="8">≥ ${esc(opts.format(from))}</text>`;
  }).join('');
  const noData = `<rect x="4" y="${height + 24}" width="12" height="10" fill="#f0f1f3" stroke="#ccc" stroke-width="0.5"/><text x="20" y="${height + 33}" font-size="8">${esc(opts.noData)}</text>`;
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${height + 40}" role="img" aria-label="${esc(opts.title)}">${paths}${labels}${legend}${noData}</svg>`;
}
