import type { Browser } from 'playwright-core';
import type { ReportTable } from './bulletin-tables.js';
import { htmlToPdf } from './headless-chromium.js';
import { type ReportDocument, WATERMARK } from './report-document.js';

const esc = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/**
 * The report as a printable HTML page: charts inline as SVG, tables, notes; a fixed 模拟数据 mark (Chromium
 * repeats position: fixed on every printed page) when any figure is simulated.
 */
export function reportHtml(doc: ReportDocument): string {
  const body = doc.blocks
    .map((b) => {
      if (b.kind === 'heading') return `<h2>${esc(b.text)}</h2>`;
      if (b.kind === 'paragraph')
        return `<p class="${b.placeholder ? 'placeholder' : ''}">${esc(b.text)}</p>`;
      if (b.kind === 'table') return tableHtml(b.table);
      return `<figure>${b.chart.svg}</figure>`;
    })
    .join('\n');
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>${esc(doc.title)}</title>
<style>
  body { font-family: "WenQuanYi Zen Hei", "Noto Sans CJK SC", sans-serif; font-size: 11pt; line-height: 1.7; color: #111; }
  h1 { text-align: center; font-size: 20pt; margin: 0 0 4pt; }
  .subtitle { text-align: center; margin: 0 0 16pt; }
  h2 { font-size: 13pt; margin: 14pt 0 6pt; }
  p { text-indent: 2em; margin: 0 0 6pt; }
  p.placeholder { background: #fff3a0; font-style: italic; }
  table { border-collapse: collapse; width: 100%; font-size: 8.5pt; margin: 4pt 0; page-break-inside: auto; }
  th, td { border: 1px solid #999; padding: 2pt 4pt; text-align: right; }
  th { background: #eef2f7; } td:first-child, td:nth-child(2), th:first-child { text-align: left; }
  caption { font-weight: bold; margin-bottom: 3pt; }
  .note { font-size: 8pt; color: #444; text-indent: 0; }
  figure { margin: 8pt 0; text-align: center; page-break-inside: avoid; }
  figure svg { max-width: 100%; height: auto; }
  .notes p { font-size: 9pt; text-indent: 0; }
  .watermark { position: fixed; top: 40%; left: 0; right: 0; text-align: center; font-size: 64pt; font-weight: bold;
    color: rgba(200, 0, 0, 0.12); transform: rotate(-30deg); z-index: 10; pointer-events: none; }
</style></head><body>
${doc.simulated ? `<div class="watermark">${WATERMARK}</div>` : ''}
<h1>${esc(doc.title)}</h1><div class="subtitle">${esc(doc.subtitle)}</div>
${body}
<section class="notes"><h2>数据说明</h2>${doc.notes.map((n) => `<p>${esc(n)}</p>`).join('')}</section>
</body></html>`;
}

function tableHtml(t: ReportTable): string {
  return `<table><caption>${esc(t.title)}</caption><thead><tr>${t.head.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>${t.rows
    .map((r) => `<tr>${r.map((c) => `<td>${esc(c)}</td>`).join('')}</tr>`)
    .join('')}</tbody></table>${t.note ? `<p class="note">注：${esc(t.note)}</p>` : ''}`;
}

const MARGIN = 'font-family: "WenQuanYi Zen Hei", sans-serif; width: 100%; margin: 0 16mm;';

/** Prints the report to PDF in headless Chromium: the 模拟数据 mark in every page's header, the footer line and page numbers below. */
export function writePdf(doc: ReportDocument, browser: Browser): Promise<Buffer> {
  return htmlToPdf(browser, reportHtml(doc), {
    header: `<div style='${MARGIN} font-size: 9pt; color: #c00; font-weight: bold; text-align: right;'>${doc.simulated ? `${WATERMARK} · SIMULATED DATA — 不得作为正式统计数据引用` : ''}</div>`,
    footer: `<div style='${MARGIN} font-size: 7pt; color: #666; text-align: center;'>${esc(doc.footer)} · 第 <span class="pageNumber"></span> / <span class="totalPages"></span> 页</div>`,
  });
}
