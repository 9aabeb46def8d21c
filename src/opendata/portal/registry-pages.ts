/**
 * The portal's registry pages: every public list of the registry (认定名单, 失信名单, 重点关注名单) with its size,
 * last update and downloads, and one page per list. Simulated (demonstration) records never appear; when the
 * registry holds only those, the page says so.
 */
import type { RegistryLists } from '../open-data-service.js';
import { type RegistryList, registryListPath } from '../registry-lists.js';
import { esc, href, type Lang, t } from './portal-html.js';

/** The most rows a list's page shows; the downloads hold them all (the page stays light on a phone). */
export const LIST_PAGE_ROWS = 200;

/** The registry holds simulated records and nothing public: the simulated note says why the lists are empty. */
const onlySimulated = (r: RegistryLists): boolean =>
  r.simulatedWithheld && r.lists.every((l) => l.rows.length === 0);

function simulatedNote(r: RegistryLists, lang: Lang): string {
  if (!r.simulatedWithheld) return '';
  return `<p class="note">${
    !onlySimulated(r)
      ? t(
          lang,
          '库中另有模拟（演示）数据，公开名单不含模拟数据。',
          'The registry also holds simulated (demonstration) records, which the public lists never show.',
        )
      : t(
          lang,
          '库中目前只有模拟（演示）数据，公开名单不显示模拟数据；正式认定登记后在此公开。',
          'The registry holds only simulated (demonstration) records so far, which the public lists never show; real designations appear here once recorded.',
        )
  }</p>`;
}

const listName = (l: RegistryList, lang: Lang): string => (lang === 'en' ? l.spec.name_en : l.spec.name);

function downloads(l: RegistryList, lang: Lang): string {
  return `<p class="dl"><a href="${registryListPath(l.spec.id, '.csv')}" download>${t(lang, '下载 CSV', 'Download CSV')}</a><a href="${registryListPath(l.spec.id, '.json')}">JSON</a></p>`;
}

/** The download links of a list inline (on the list of lists, where buttons would make a phone scroll). */
const inlineDownloads = (l: RegistryList): string =>
  `<a href="${registryListPath(l.spec.id, '.csv')}" download>CSV</a> · <a href="${registryListPath(l.spec.id, '.json')}">JSON</a>`;

export function registryIndexBody(r: RegistryLists, lang: Lang): string {
  const cards = r.lists
    .map(
      (
        l,
      ) => `<div class="card"><h3><a href="${href(`/registry/${encodeURIComponent(l.spec.id)}`, lang)}">${esc(listName(l, lang))}</a></h3>
<div class="muted">${esc(lang === 'en' ? l.spec.brief_en : l.spec.brief)}</div>
<div>${t(lang, `${l.rows.length} 条`, `${l.rows.length} rows`)}${l.modified ? ` · ${t(lang, '最后更新', 'updated')} ${esc(l.modified)}` : ''} · ${inlineDownloads(l)}</div></div>`,
    )
    .join('');
  return `<h1>${t(lang, '重点企业项目库名单', 'Registry lists')}</h1>
<p class="lead">${t(
    lang,
    '经认定登记、可以公开的名单：谁获得了规划中的哪项认定（含失效、移除日期），以及已公示的信用名单。每份名单都可下载 CSV 和 JSON。',
    "Public lists of the plan's registry: who holds which designation (with lapse and removal dates), and the published credit lists. Each downloads as CSV and JSON.",
  )}</p>${simulatedNote(r, lang)}${r.lists.length ? `<div class="cards">${cards}</div>` : `<p class="note">${t(lang, '本规划没有可公开的名单。', 'This plan publishes no registry lists.')}</p>`}`;
}

export function registryListBody(l: RegistryList, r: RegistryLists, lang: Lang): string {
  const columns = l.columns.filter((c) => !c.code);
  const head = columns.map((c) => `<th>${esc(t(lang, c.zh, c.en))}</th>`).join('');
  const shown = l.rows.slice(0, LIST_PAGE_ROWS);
  // On a phone each row becomes a block of labelled lines (CSS `table.stack`); empty cells are left out there.
  const body = shown
    .map(
      (row) =>
        `<tr>${columns
          .map((c) =>
            row[c.key]
              ? `<td data-label="${esc(t(lang, c.zh, c.en))}"${c.text ? ' class="t"' : ''}>${esc(row[c.key] as string)}</td>`
              : '<td class="e">—</td>',
          )
          .join('')}</tr>`,
    )
    .join('');
  const more =
    l.rows.length > shown.length
      ? `<p class="muted">${t(lang, `仅显示前 ${shown.length} 条，共 ${l.rows.length} 条；完整名单请下载。`, `The first ${shown.length} of ${l.rows.length} rows; download the list for all of them.`)}</p>`
      : '';
  const table = l.rows.length
    ? `<div class="scroll"><table class="stack list"><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table></div>${more}`
    : onlySimulated(r)
      ? ''
      : `<p class="note">${t(lang, '暂无公开记录。', 'No public records yet.')}</p>`;
  return `<h1>${esc(listName(l, lang))}</h1>
<p class="lead">${esc(lang === 'en' ? l.spec.summary_en : l.spec.summary)}${l.on ? ` ${t(lang, `名单日期：${l.on}。`, `As of ${l.on}.`)}` : ''}</p>${simulatedNote(r, lang)}
${downloads(l, lang)}${table}
<p><a href="${href('/registry', lang)}">${t(lang, '全部名单', 'All lists')}</a></p>`;
}
