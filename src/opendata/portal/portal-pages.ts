/**
 * The portal's pages: the plan at a glance, one page per indicator (chart of the public values beside the
 * target path, the latest value, method and source in plain words, downloads), the districts, the data
 * catalogue and "about the data". Only what `portalModel` gives (open data) is shown.
 */
import { parsePeriod, periodLabelEn, periodLabelZh } from '../../domain/period.js';
import { unitEnglish } from '../../domain/unit.js';
import type { IndicatorResult } from '../../engine/indicator-result.js';
import { renderSvg } from '../../report/report-charts.js';
import type { CatalogueEntry } from '../catalogue.js';
import type { OpenDataTerms } from '../open-data-terms.js';
import { measureCode } from '../sdmx-structure.js';
import { esc, href, type Lang, t } from './portal-html.js';
import type { PortalIndicator, PortalModel } from './portal-model.js';

const DECIMALS: Record<string, number> = { 亿元: 2, 万亿元: 2, 万元: 1, '%': 1, 倍: 2 };

export function formatValue(value: number | null, unit: string, lang: Lang): string {
  if (value === null || !Number.isFinite(value)) return '—';
  const d = DECIMALS[unit] ?? 0;
  return value.toLocaleString(lang === 'en' ? 'en-US' : 'zh-CN', {
    minimumFractionDigits: d,
    maximumFractionDigits: d,
  });
}

const unitText = (unit: string, lang: Lang): string => (lang === 'en' ? unitEnglish(unit) : unit);

export function periodText(period: string, lang: Lang): string {
  const p = parsePeriod(period);
  if (p.kind === 'range' && p.from === 1)
    return lang === 'en'
      ? `Jan–${periodLabelEn({ kind: 'month', year: p.year, month: p.to })}`
      : `${p.year}年1—${p.to}月`;
  return lang === 'en' ? periodLabelEn(p) : periodLabelZh(p);
}

type Light = 'green' | 'yellow' | 'red' | 'none';

/** The light and its words: a verdict for a closed target year, else the schedule light. */
export function lightOf(r: IndicatorResult | null, lang: Lang): { light: Light; text: string } {
  if (!r) return { light: 'none', text: t(lang, '暂无公开数据', 'No public figures yet') };
  if (r.verdict?.achieved != null)
    return r.verdict.achieved
      ? { light: 'green', text: t(lang, '已完成', 'Achieved') }
      : { light: 'red', text: t(lang, '未完成', 'Not achieved') };
  const status = r.schedule?.status ?? null;
  const words: Record<string, [string, string]> = {
    green: ['达到序时进度', 'On schedule'],
    yellow: ['略低于序时进度', 'Slightly behind schedule'],
    red: ['明显落后于序时进度', 'Well behind schedule'],
  };
  if (!status) return { light: 'none', text: t(lang, '无法判断进度', 'Cannot be judged') };
  const [zh, en] = words[status] as [string, string];
  return { light: status, text: t(lang, zh, en) };
}

/**
 * A year's completion is against the plan's (final) target; 1–N月累计 is the share of the year's target done
 * (完成全年目标), the way bureaus report it.
 */
export function completionOf(
  r: IndicatorResult | null,
  lang: Lang,
): { completion: number | null; label: string } {
  if (!r) return { completion: null, label: '' };
  if (!/^\d{4}$/.test(r.period))
    return { completion: r.ytd?.completion ?? null, label: t(lang, '完成全年目标', 'Of the year target') };
  return {
    completion: r.verdict?.completion ?? r.completion,
    label: t(lang, '完成规划目标', 'Of the plan target'),
  };
}

function targetText(p: PortalIndicator, lang: Lang): string {
  const target = p.indicator.target;
  if (!target) return t(lang, '无量化目标', 'No quantified target');
  return t(
    lang,
    `${target.year}年目标 ${target.comparator === '>=' ? '≥' : target.comparator === '<=' ? '≤' : target.comparator} ${formatValue(target.value, p.indicator.unit, lang)} ${p.indicator.unit}`,
    `${target.year} target ${target.comparator === '>=' ? '≥' : target.comparator === '<=' ? '≤' : target.comparator} ${formatValue(target.value, p.indicator.unit, lang)} ${unitEnglish(p.indicator.unit)}`,
  );
}

const nameOf = (p: PortalIndicator, lang: Lang): string =>
  lang === 'en' ? (p.indicator.name_en ?? p.indicator.name) : p.indicator.name;

export function overviewBody(m: PortalModel, lang: Lang): string {
  const latest = m.latest ? periodText(m.latest, lang) : null;
  const withheld = m.simulatedWithheld
    ? `<p class="note">${t(
        lang,
        '平台另有模拟（演示）数据，公开数据不显示模拟数据；这里只显示已审核发布的正式数据。',
        'The platform also holds simulated (demonstration) figures, which open data never shows: only approved, published official figures appear here.',
      )}</p>`
    : '';
  const groups = new Map<string, PortalIndicator[]>();
  for (const p of m.indicators) {
    const g = groups.get(p.indicator.category);
    if (g) g.push(p);
    else groups.set(p.indicator.category, [p]);
  }
  const cards = [...groups]
    .map(
      ([category, list]) =>
        `<h2>${esc(category)}</h2><div class="cards">${list.map((p) => card(p, lang)).join('')}</div>`,
    )
    .join('');
  return `<h1>${t(lang, '规划目标进展', 'Progress towards the plan targets')}</h1>
<p class="lead">${latest ? t(lang, `最新公开数据：${latest}`, `Latest public figures: ${latest}`) : t(lang, '尚无公开数据。', 'No public figures yet.')}</p>${withheld}${cards}`;
}

function card(p: PortalIndicator, lang: Lang): string {
  const r = p.latest;
  const { light, text } = lightOf(r, lang);
  const { completion, label } = completionOf(r, lang);
  const bar =
    completion !== null
      ? `<div class="bar" role="img" aria-label="${label} ${(completion * 100).toFixed(1)}%"><i style="width:${Math.min(100, Math.max(0, completion * 100)).toFixed(1)}%"></i></div><div class="muted">${label} ${(completion * 100).toFixed(1)}%</div>`
      : '';
  return `<div class="card"><h3><a href="${href(`/indicator/${encodeURIComponent(p.indicator.id)}`, lang)}">${esc(nameOf(p, lang))}</a></h3>
<div><span class="v">${formatValue(r?.value ?? null, p.indicator.unit, lang)}</span>${r ? `<span class="u">${esc(unitText(p.indicator.unit, lang))}</span> <span class="muted">${esc(periodText(r.period, lang))}</span>` : ''}</div>
<div><span class="light ${light}" aria-hidden="true"></span>${esc(text)}</div>${bar}
<div class="muted">${esc(targetText(p, lang))}</div></div>`;
}

export function indicatorBody(p: PortalIndicator, m: PortalModel, lang: Lang): string {
  const r = p.latest;
  const { light, text } = lightOf(r, lang);
  const unit = p.indicator.unit;
  const shown = p.years.filter((y) => y.value !== null || y.expected !== null);
  const chart = shown.length
    ? `<div class="chart">${renderSvg(
        {
          title: {
            text: `${nameOf(p, lang)}（${unitText(unit, lang)}）`,
            subtext: t(
              lang,
              `来源：${m.plan.metadata.title}监测平台 · 已发布数据`,
              'Source: plan monitoring platform · published figures',
            ),
            left: 'center',
            textStyle: { fontSize: 14 },
            subtextStyle: { fontSize: 10 },
          },
          legend: { top: 48 },
          grid: { top: 84, left: 56, right: 20, bottom: 32 },
          xAxis: { type: 'category', data: p.years.map((y) => String(y.year)) },
          yAxis: { type: 'value' },
          series: [
            { type: 'bar', name: t(lang, '实际值', 'Actual'), data: p.years.map((y) => y.value) },
            {
              type: 'line',
              name: t(lang, '目标路径', 'Target path'),
              data: p.years.map((y) => y.expected),
              lineStyle: { type: 'dashed' },
            },
          ],
        },
        480,
        300,
      )}</div>`
    : `<p class="note">${t(lang, '暂无公开数据。', 'No public figures yet.')}</p>`;
  const rows = p.years
    .map(
      (y) =>
        `<tr><td>${y.year}</td><td class="n">${formatValue(y.value, unit, lang)}</td><td class="n">${formatValue(y.expected, unit, lang)}</td></tr>`,
    )
    .join('');
  const method = p.indicator.expression
    ? t(
        lang,
        `由其他指标计算：${p.indicator.expression}`,
        `Computed from other measures: ${p.indicator.expression}`,
      )
    : t(
        lang,
        '年度值为当年各月之和（存量指标取年末值）；序时进度是从基期到目标年的等速增长路径，绿灯表示达到，黄灯略低，红灯明显落后。',
        'A year is the sum of its months (a stock takes its year-end level); the schedule is the constant-growth path from the baseline to the target year: green on schedule, yellow slightly behind, red well behind.',
      );
  const key = p.indicator.measure ? `A..${measureCode(p.indicator.measure)}.N` : null;
  const downloads = key
    ? `<p class="dl"><a href="/sdmx/data/${m.flowId}/${key}?format=csv" download>${t(lang, '下载 CSV（SDMX-CSV）', 'Download CSV (SDMX-CSV)')}</a><a href="/sdmx/data/${m.flowId}/${key}">SDMX-ML</a><a href="${href(`/indicator/${encodeURIComponent(p.indicator.id)}/history.csv`, lang)}" download>${t(lang, '含修订记录的历史数据', 'History with revisions')}</a></p>`
    : '';
  return `<h1>${esc(nameOf(p, lang))}</h1>
<p class="lead"><span class="light ${light}" aria-hidden="true"></span>${esc(text)} · ${esc(targetText(p, lang))}</p>
<div class="cards"><div class="card"><div class="muted">${t(lang, '最新值', 'Latest value')}${r ? ` · ${esc(periodText(r.period, lang))}` : ''}</div>
<div><span class="v">${formatValue(r?.value ?? null, unit, lang)}</span><span class="u">${esc(unitText(unit, lang))}</span></div>
${r?.yoy?.value != null ? `<div class="muted">${t(lang, '同比', 'YoY')} ${(r.yoy.value * 100).toFixed(1)}%</div>` : ''}</div>
<div class="card"><div class="muted">${t(lang, '基期', 'Baseline')}</div><div><span class="v">${formatValue(p.indicator.baseline?.value ?? null, unit, lang)}</span><span class="u">${esc(unitText(unit, lang))}</span> <span class="muted">${p.indicator.baseline?.year ?? ''}</span></div></div></div>
<h2>${t(lang, '走势与目标路径', 'Trend and target path')}</h2>${chart}
<div class="scroll" style="margin-top:10px"><table><thead><tr><th>${t(lang, '年份', 'Year')}</th><th class="n">${t(lang, '实际值', 'Actual')}（${esc(unitText(unit, lang))}）</th><th class="n">${t(lang, '目标路径', 'Target path')}</th></tr></thead><tbody>${rows}</tbody></table></div>
<h2>${t(lang, '口径与来源', 'Method and source')}</h2><p>${esc(method)}</p>
<p class="muted">${t(lang, '目标出处', 'Target from')}：${esc(m.plan.metadata.title)} ${esc(p.indicator.source.section)}${p.indicator.note ? ` · ${esc(p.indicator.note)}` : ''}</p>
${downloads}`;
}

export function districtsBody(
  m: PortalModel,
  rows: { area: string; name: string; values: Map<string, number> }[],
  measures: { id: string; name: string; unit: string }[],
  period: string | null,
  lang: Lang,
  map = '',
): string {
  if (!period || rows.length === 0)
    return `<h1>${t(lang, '各区（市）县', 'Districts')}</h1><p class="note">${t(lang, '暂无分区县的公开数据。', 'No public district figures yet.')}</p>`;
  const head = measures
    .map((x) => `<th class="n">${esc(x.name)}（${esc(unitText(x.unit, lang))}）</th>`)
    .join('');
  const body = rows
    .map(
      (r) =>
        `<tr><td>${esc(r.name)}</td>${measures.map((x) => `<td class="n">${formatValue(r.values.get(x.id) ?? null, x.unit, lang)}</td>`).join('')}</tr>`,
    )
    .join('');
  return `<h1>${t(lang, '各区（市）县', 'Districts')}</h1><p class="lead">${esc(periodText(period, lang))} · ${t(lang, '按第一列从高到低', 'ranked by the first column')}</p>
${map ? `<div class="chart map">${map}</div>` : ''}
<div class="scroll" style="margin-top:10px"><table><thead><tr><th>${t(lang, '地区', 'Area')}</th>${head}</tr></thead><tbody>${body}</tbody></table></div>
<p class="muted">${t(lang, `数据：${m.plan.metadata.title}监测平台，已发布数据。`, 'Source: the plan monitoring platform, published figures.')}</p>`;
}

/**
 * What every dataset shares (publisher, access, licence), said once; when it is all three, a phone leaves those
 * columns out (class `shared`).
 */
function common(entries: readonly CatalogueEntry[], lang: Lang): { line: string; shared: boolean } {
  const one = (pick: (e: CatalogueEntry) => string): string | null => {
    const values = new Set(entries.map(pick));
    return values.size === 1 ? ([...values][0] as string) : null;
  };
  const parts = [
    [t(lang, '提供单位', 'Publisher'), one((e) => e.publisher)],
    [t(lang, '开放属性', 'Access'), one((e) => e.access)],
    [t(lang, '许可', 'Licence'), one((e) => e.licence)],
  ].filter((p): p is [string, string] => p[1] !== null);
  return {
    line: parts.length
      ? `<p class="muted">${t(lang, '所有数据集：', 'Every dataset: ')}${parts.map(([k, v]) => `${k}：${esc(v)}`).join(' · ')}</p>`
      : '',
    shared: parts.length === 3,
  };
}

const CATALOGUE_HEAD = ['名称', '摘要', '提供单位', '更新频率', '开放属性', '格式', '许可', '最后更新'];

export function catalogueBody(entries: readonly CatalogueEntry[], lang: Lang): string {
  // Texts wrap so the table fits a desktop (table.catalogue); on a phone each dataset is a block (table.stack).
  const cell = (i: number, html: string): string => `<td data-label="${CATALOGUE_HEAD[i]}">${html}</td>`;
  const rows = entries
    .map(
      (e) =>
        `<tr>${[
          cell(0, `<a href="${esc(e.page ?? e.download_csv)}">${esc(e.name)}</a>`),
          cell(1, esc(e.summary)),
          cell(2, esc(e.publisher)),
          cell(3, esc(e.frequency)),
          cell(4, esc(e.access)),
          cell(5, esc(e.formats.join('、'))),
          cell(6, esc(e.licence)),
          cell(7, esc(e.modified ?? '—')),
        ].join('')}</tr>`,
    )
    .join('');
  const shared = common(entries, lang);
  return `<h1>${t(lang, '数据目录', 'Data catalogue')}</h1>
<p class="lead">${t(lang, '按政府数据开放清单格式列出本平台公开的数据集。', 'The datasets this platform publishes, in the shape of the government open-data list.')}</p>
<p class="dl"><a href="/open/catalogue.csv" download>${t(lang, '目录 CSV（上传开放平台）', 'Catalogue CSV')}</a><a href="/open/catalogue.jsonld">JSON-LD (DCAT)</a></p>
${shared.line}<div class="scroll"><table class="stack catalogue${shared.shared ? ' shared' : ''}"><thead><tr>${CATALOGUE_HEAD.map((h) => `<th>${h}</th>`).join('')}</tr></thead><tbody>${rows}</tbody></table></div>`;
}

export function aboutBody(m: PortalModel, terms: OpenDataTerms, lang: Lang): string {
  const meta = m.plan.metadata;
  const { licence, publisher, contact } = terms;
  const publisherName = lang === 'en' ? (publisher.name_en ?? publisher.name) : publisher.name;
  const licenceName = lang === 'en' ? (licence.name_en ?? licence.name) : licence.name;
  const calendar = terms.calendar
    .map(
      (c) =>
        `<tr><td>${esc(lang === 'en' ? (c.data_en ?? c.data) : c.data)}</td><td>${esc(lang === 'en' ? (c.when_en ?? c.when) : c.when)}</td></tr>`,
    )
    .join('');
  const reach = contact
    ? [
        contact.name ? esc(contact.name) : '',
        contact.phone ? `${t(lang, '电话', 'Phone')} ${esc(contact.phone)}` : '',
        contact.email ? `<a href="mailto:${esc(contact.email)}">${esc(contact.email)}</a>` : '',
        contact.url ? `<a href="${esc(contact.url)}">${esc(contact.url)}</a>` : '',
      ]
        .filter(Boolean)
        .join(' · ')
    : '';
  return `<h1>${t(lang, '关于数据', 'About the data')}</h1>
<h2>${t(lang, '来源', 'Sources')}</h2>
<p>${t(
    lang,
    `目标与基期数据出自《${esc(meta.title)}》（${esc(meta.document_number ?? '')}，${esc(meta.issuer)}）。监测数据来自统计部门公布的数据、区（市）县和企业报表、电商平台数据，经审核发布后在此公开。`,
    `Targets and baselines come from the plan (${esc(meta.title_en ?? meta.title)}). Monitoring figures come from published statistics, district and enterprise reports and platform data, shown here once approved and published.`,
  )}</p>
<h2>${t(lang, '修订政策', 'Revision policy')}</h2>
<p>${t(
    lang,
    '已发布数据如有修订，显示修订后的数值并标注“修订”（SDMX 中 OBS_STATUS=R）；此前发布的数值保留在各指标的“含修订记录的历史数据”下载中。',
    "When a published figure is revised, the revised value is shown and marked revised (OBS_STATUS=R in SDMX); earlier published values stay in each indicator's history download.",
  )}</p>
<h2>${t(lang, '提供单位', 'Publisher')}</h2>
<p>${esc(publisherName)}${terms.publisherIsDefault ? t(lang, '（规划发布单位；规划文件未另行指定提供单位）', ' (the issuer of the plan; the plan file names no other publisher)') : ''}${reach ? `<br>${t(lang, '联系：', 'Contact: ')}${reach}` : ''}</p>
<h2 id="licence">${t(lang, '许可', 'Licence')}</h2>
<p>${licence.url ? `<a href="${esc(licence.url)}">${esc(licenceName)}</a>` : esc(licenceName)}${t(lang, '。每个页面和下载文件都注明许可和来源。', '. Every page and download names the licence and the source.')}</p>
${terms.licenceIsDefault ? `<p class="note">${t(lang, '这是默认许可：规划文件未指定开放数据许可（open_data.licence），发布单位应确认或改为本单位的开放数据许可。', 'This is the default licence: the plan file names no open-data licence (open_data.licence); the publisher should confirm it or name its own.')}</p>` : ''}
<h2>${t(lang, '发布日程', 'Release calendar')}</h2>
<div class="scroll"><table><tbody>${calendar}</tbody></table></div>
<p class="muted">${terms.calendarIsDefault ? t(lang, '默认日程（规划文件未指定 open_data.release_calendar）。', 'The default calendar (the plan file states no open_data.release_calendar).') : ''}${t(lang, '模拟数据（演示用）从不公开。', 'Simulated (demonstration) data is never published.')}</p>
<h2>${t(lang, '接口', 'Machine access')}</h2>
<p>SDMX REST: <code>/sdmx/dataflow/all/all/latest</code>, <code>/sdmx/datastructure/ECMON/DSD_${esc(m.flowId)}/1.0</code>, <code>/sdmx/data/${esc(m.flowId)}/all?format=csv</code></p>
<p>${t(lang, '名单', 'Registry lists')}: <code>/open/registry/{${t(lang, '名单', 'list')}}.csv</code>, <code>.json</code> · ${t(lang, '目录', 'Catalogue')}: <code>/open/catalogue.jsonld</code> (DCAT), <code>/open/catalogue.csv</code></p>`;
}
