/**
 * Charts exported as PNG or SVG carry their provenance in the image: a header with the title and the period,
 * unit and area, a footer with the sources and the data version, and a 模拟数据 watermark across the chart
 * when any figure is simulated. One layout serves both formats; the chart itself is drawn again off screen
 * at a fixed size, without animation, from the option the page shows.
 */
import type { EChartsCoreOption } from 'echarts/core';
import { init, use } from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { FONT } from './echarts.js';

use([SVGRenderer]);

/** What an exported chart says about itself (already worded in the page's language). */
export interface ChartProvenance {
  title: string;
  /** 期间：2025年1–6月 · 单位：亿元 · 区域：成都市（510100） */
  subtitle: string;
  /** 来源：… · 数据版本 21 · ecmon */
  footer: string;
  /** 模拟数据, or null when no figure is simulated. */
  watermark: string | null;
}

/** The exported image's size in CSS pixels: the chart, with the header above and the footer below. */
export const EXPORT_SIZE = { width: 960, chart: 500, header: 64, footer: 40 };

const escapeXml = (s: string) =>
  s.replace(
    /[<>&"']/g,
    (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c] as string,
  );

const exportOption = (option: EChartsCoreOption): EChartsCoreOption => ({
  ...option,
  animation: false,
  backgroundColor: '#fff',
});

/** Where the watermark repeats (centre points), so that no crop of the chart loses it. */
function watermarkPoints(): [number, number][] {
  const { width, chart, header } = EXPORT_SIZE;
  return [
    [width * 0.25, header + chart * 0.3],
    [width * 0.75, header + chart * 0.3],
    [width * 0.5, header + chart * 0.75],
  ];
}

/** The chart as an SVG document with its provenance (ECharts' SVG renderer, server-side mode). */
export function chartSvg(option: EChartsCoreOption, p: ChartProvenance): string {
  const { width, chart, header, footer } = EXPORT_SIZE;
  const instance = init(null, null, { renderer: 'svg', ssr: true, width, height: chart });
  instance.setOption(exportOption(option));
  const inner = instance.renderToSVGString();
  instance.dispose();
  const height = header + chart + footer;
  const mark = p.watermark
    ? watermarkPoints()
        .map(
          ([x, y]) =>
            `<text class="watermark" x="${x}" y="${y}" transform="rotate(-24 ${x} ${y})" text-anchor="middle" dominant-baseline="middle" font-size="56" font-weight="700" fill="#dc2626" fill-opacity="0.16">${escapeXml(p.watermark as string)}</text>`,
        )
        .join('')
    : '';
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family='${FONT}'>`,
    `<rect width="${width}" height="${height}" fill="#fff"/>`,
    `<text class="title" x="16" y="28" font-size="18" font-weight="700" fill="#0f172a">${escapeXml(p.title)}</text>`,
    `<text class="subtitle" x="16" y="52" font-size="13" fill="#334155">${escapeXml(p.subtitle)}</text>`,
    `<g transform="translate(0 ${header})">${inner}</g>`,
    `<text class="footer" x="16" y="${header + chart + 26}" font-size="12" fill="#475569">${escapeXml(p.footer)}</text>`,
    mark,
    '</svg>',
  ].join('');
}

/** The chart as a PNG data URL with its provenance, at twice the CSS size for print. */
export async function chartPng(option: EChartsCoreOption, p: ChartProvenance, ratio = 2): Promise<string> {
  const { width, chart, header, footer } = EXPORT_SIZE;
  const host = document.createElement('div');
  const instance = init(host, null, { renderer: 'canvas', width, height: chart, devicePixelRatio: ratio });
  instance.setOption(exportOption(option));
  const image = new Image();
  const loaded = new Promise((resolve, reject) => {
    image.onload = resolve;
    image.onerror = reject;
  });
  image.src = instance.getDataURL({ type: 'png', pixelRatio: ratio, backgroundColor: '#fff' });
  await loaded;
  instance.dispose();
  const canvas = document.createElement('canvas');
  canvas.width = width * ratio;
  canvas.height = (header + chart + footer) * ratio;
  const g = canvas.getContext('2d') as CanvasRenderingContext2D;
  g.scale(ratio, ratio);
  g.fillStyle = '#fff';
  g.fillRect(0, 0, width, header + chart + footer);
  g.textBaseline = 'alphabetic';
  g.fillStyle = '#0f172a';
  g.font = `700 18px ${FONT}`;
  g.fillText(p.title, 16, 28, width - 32);
  g.fillStyle = '#334155';
  g.font = `13px ${FONT}`;
  g.fillText(p.subtitle, 16, 52, width - 32);
  g.drawImage(image, 0, header, width, chart);
  g.fillStyle = '#475569';
  g.font = `12px ${FONT}`;
  g.fillText(p.footer, 16, header + chart + 26, width - 32);
  if (p.watermark) {
    g.fillStyle = 'rgba(220, 38, 38, 0.16)';
    g.font = `700 56px ${FONT}`;
    g.textAlign = 'center';
    g.textBaseline = 'middle';
    for (const [x, y] of watermarkPoints()) {
      g.save();
      g.translate(x, y);
      g.rotate((-24 * Math.PI) / 180);
      g.fillText(p.watermark, 0, 0);
      g.restore();
    }
  }
  return canvas.toDataURL('image/png');
}
