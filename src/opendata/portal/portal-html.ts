/**
 * The portal's page frame: server-rendered HTML with its CSS inline and no script, so the first screen is
 * the first response (fast on a phone on a slow link). Mobile first; Chinese by default, `?lang=en` for
 * English; every page names the licence and the source.
 */

import type { OpenDataTerms } from '../open-data-terms.js';

export type Lang = 'zh' | 'en';

export const PORTAL_BASE = '/open';

export function esc(s: string): string {
  return s.replace(
    /[<>&"']/g,
    (c) => `&${{ '<': 'lt', '>': 'gt', '&': 'amp', '"': 'quot', "'": '#39' }[c]};`,
  );
}

/** A link within the portal, keeping the language. */
export function href(path: string, lang: Lang): string {
  const url = `${PORTAL_BASE}${path}`;
  return lang === 'en' ? `${url}${url.includes('?') ? '&' : '?'}lang=en` : url;
}

/** Picks the text of the page's language. */
export const t = (lang: Lang, zh: string, en: string): string => (lang === 'en' ? en : zh);

const CSS = `
*{box-sizing:border-box}
body{margin:0;font:15px/1.6 "Noto Sans CJK SC","WenQuanYi Zen Hei","PingFang SC","Microsoft YaHei",sans-serif;color:#1f2328;background:#f6f7f9}
a{color:#0b57d0}
header{background:#b3261e;color:#fff;padding:10px 16px}
header a{color:#fff;text-decoration:none}
header .top{display:flex;justify-content:space-between;align-items:center;gap:8px;flex-wrap:wrap}
header .brand{font-weight:700;font-size:17px}
nav{display:flex;gap:4px 14px;flex-wrap:wrap;margin-top:6px;font-size:14px}
nav a[aria-current]{border-bottom:2px solid #fff}
main{max-width:1100px;margin:0 auto;padding:12px 14px 32px}
h1{font-size:20px;margin:8px 0 4px}
h2{font-size:17px;margin:20px 0 8px}
.lead{color:#57606a;margin:0 0 12px}
.note{background:#fff8e1;border:1px solid #f0d98c;border-radius:6px;padding:8px 12px;margin:10px 0}
.cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(250px,1fr));gap:10px}
.card{background:#fff;border:1px solid #d8dee4;border-radius:8px;padding:10px 12px;min-width:0}
.card h3{font-size:15px;margin:0 0 4px}
.card .v{font-size:22px;font-weight:700}
.card .u{font-size:13px;color:#57606a;margin-left:2px}
.muted{color:#57606a;font-size:13px}
.light{display:inline-block;width:10px;height:10px;border-radius:50%;margin-right:4px;vertical-align:baseline}
.green{background:#1a7f37}.yellow{background:#bf8700}.red{background:#cf222e}.none{background:#afb8c1}
.bar{height:6px;background:#eaeef2;border-radius:3px;overflow:hidden;margin:6px 0 2px}
.bar i{display:block;height:100%;background:#0b57d0}
.scroll{overflow-x:auto;background:#fff;border:1px solid #d8dee4;border-radius:8px}
table{border-collapse:collapse;width:100%;font-size:14px}
th,td{padding:6px 10px;border-bottom:1px solid #eaeef2;text-align:left;white-space:nowrap}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}
table.list td.t{white-space:normal;min-width:7em}
table.catalogue td{white-space:normal;vertical-align:top}.catalogue td:first-child{min-width:10em}.catalogue td:nth-child(2){min-width:16em}.catalogue td:nth-child(7){min-width:9em}.catalogue td:nth-child(n+4):nth-child(-n+6),.catalogue td:nth-child(8){white-space:nowrap}
.chart{background:#fff;border:1px solid #d8dee4;border-radius:8px;padding:6px;overflow:hidden}
.chart{max-width:760px}
.chart.map{max-width:560px}
.chart svg{width:100%;height:auto;display:block}
code{overflow-wrap:anywhere}
.dl a{display:inline-block;margin:4px 8px 4px 0;padding:6px 12px;border:1px solid #0b57d0;border-radius:6px;text-decoration:none}
footer{max-width:1100px;margin:0 auto;padding:12px 14px 28px;color:#57606a;font-size:13px;border-top:1px solid #d8dee4}
@media (max-width:480px){h1{font-size:18px}.card .v{font-size:20px}
table.stack thead,table.stack td.e{display:none}table.stack tr{display:block;padding:6px 0;border-bottom:1px solid #d8dee4}
table.stack td{display:flex;gap:8px;border:0;padding:2px 10px;white-space:normal;overflow-wrap:anywhere;min-width:0!important}
table.stack td::before{content:attr(data-label);flex:0 0 6.5em;color:#57606a;font-size:13px}
table.shared td:nth-child(3),table.shared td:nth-child(5),table.shared td:nth-child(7){display:none}}
`;

export interface PageFrame {
  lang: Lang;
  title: string;
  /** The nav item that is current: '' (overview), districts, registry, catalogue, about. */
  section: string;
  /** The path of this page without the language, for the language switch. */
  path: string;
  body: string;
  planTitle: string;
  terms: OpenDataTerms;
}

export function page(f: PageFrame): string {
  const { lang } = f;
  const item = (section: string, zh: string, en: string): string =>
    `<a href="${href(`/${section}`, lang)}"${f.section === section ? ' aria-current="page"' : ''}>${t(lang, zh, en)}</a>`;
  const { licence, publisher } = f.terms;
  const licenceName = lang === 'en' ? (licence.name_en ?? licence.name) : licence.name;
  const publisherName = lang === 'en' ? (publisher.name_en ?? publisher.name) : publisher.name;
  const other = lang === 'en' ? `${PORTAL_BASE}${f.path}` : href(f.path, 'en');
  return `<!doctype html>
<html lang="${lang === 'en' ? 'en' : 'zh-CN'}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<title>${esc(f.title)} · ${esc(t(lang, '公开数据', 'Open data'))}</title>
<style>${CSS}</style></head>
<body><header><div class="top"><a class="brand" href="${href('/', lang)}">${esc(f.planTitle)} · ${t(lang, '公开数据', 'Open data')}</a>
<a href="${esc(other)}" lang="${lang === 'en' ? 'zh-CN' : 'en'}">${lang === 'en' ? '中文' : 'English'}</a></div>
<nav aria-label="${t(lang, '公开数据导航', 'Open data navigation')}">${item('', '规划概览', 'Plan at a glance')}${item('districts', '各区（市）县', 'Districts')}${item('registry', '名单', 'Lists')}${item('catalogue', '数据目录', 'Data catalogue')}${item('about', '关于数据', 'About the data')}</nav></header>
<main>${f.body}</main>
<footer>${t(lang, '只显示已审核发布的数据，不含模拟数据。', 'Only approved and published figures; never simulated data.')}
${t(lang, '许可：', 'Licence: ')}${licence.url ? `<a href="${esc(licence.url)}">${esc(licenceName)}</a>` : esc(licenceName)}${f.terms.licenceIsDefault ? ` <a href="${href('/about', lang)}#licence">${t(lang, '（默认许可）', '(default licence)')}</a>` : ''} ·
${t(lang, '提供单位：', 'Publisher: ')}${esc(publisherName)} ·
${t(lang, '来源：', 'Source: ')}${esc(f.planTitle)}${t(lang, '监测平台', ' monitoring platform')} ·
<a href="/sdmx/dataflow/all/all/latest">SDMX</a></footer>
</body></html>`;
}
