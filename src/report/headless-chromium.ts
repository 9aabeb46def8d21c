import { type Browser, chromium } from 'playwright-core';
import { UserError } from '../domain/user-error.js';

/** The Chromium that prints PDFs and rasterises charts (Debian's package by default). */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Runs `fn` with a headless Chromium, closed afterwards. */
export async function withChromium<T>(fn: (browser: Browser) => Promise<T>): Promise<T> {
  let browser: Browser;
  try {
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu'] });
  } catch (e) {
    throw new UserError({
      place: CHROMIUM,
      value: '',
      message: `无法启动 Chromium（PDF 与图表转换需要它）：${e instanceof Error ? e.message.split('\n')[0] : String(e)}`,
      hint: '安装 chromium（Debian: apt-get install chromium），或用环境变量 CHROMIUM_PATH 指向其可执行文件',
    });
  }
  try {
    return await fn(browser);
  } finally {
    await browser.close();
  }
}

/** An SVG chart as PNG at twice its size (for DOCX, which embeds raster images). */
export async function svgToPng(
  browser: Browser,
  svg: string,
  width: number,
  height: number,
): Promise<Buffer> {
  const page = await browser.newPage({ viewport: { width, height }, deviceScaleFactor: 2 });
  try {
    await page.setContent(`<!doctype html><html><body style="margin:0;background:#fff">${svg}</body></html>`);
    return await page.screenshot({ clip: { x: 0, y: 0, width, height }, type: 'png' });
  } finally {
    await page.close();
  }
}

/** Prints an HTML document to A4 PDF; `header` and `footer` (HTML) are printed in every page's margins. */
export async function htmlToPdf(
  browser: Browser,
  html: string,
  margins: { header: string; footer: string },
): Promise<Buffer> {
  const page = await browser.newPage();
  try {
    await page.setContent(html, { waitUntil: 'load' });
    return await page.pdf({
      format: 'A4',
      printBackground: true,
      displayHeaderFooter: true,
      headerTemplate: margins.header,
      footerTemplate: margins.footer,
      margin: { top: '18mm', bottom: '18mm', left: '16mm', right: '16mm' },
    });
  } finally {
    await page.close();
  }
}
