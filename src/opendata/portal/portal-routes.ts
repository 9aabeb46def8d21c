/**
 * The public portal under `/open`: server-rendered pages (no login, open data only), the catalogue as CSV and
 * JSON-LD, and each indicator's history with revisions as CSV.
 */

import { fileURLToPath } from 'node:url';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { formatPeriod } from '../../domain/period.js';
import { csvField } from '../../ingest/csv-field.js';
import { publicHistory } from '../../store/open-data-reads.js';
import { catalogue, catalogueCsv, catalogueJsonLd } from '../catalogue.js';
import { openProblem } from '../open-access.js';
import type { OpenDataService, RegistryLists } from '../open-data-service.js';
import { registryListCsv, registryListJson } from '../registry-lists.js';
import { sendText } from '../send-text.js';
import { districtMap, districtShapes } from './district-map.js';
import { esc, href, type Lang, PORTAL_BASE, page, t } from './portal-html.js';
import { latestOpenPeriod } from './portal-model.js';
import {
  aboutBody,
  catalogueBody,
  districtsBody,
  formatValue,
  indicatorBody,
  overviewBody,
} from './portal-pages.js';
import { registryIndexBody, registryListBody } from './registry-pages.js';

const langOf = (request: FastifyRequest): Lang =>
  (request.query as Record<string, unknown>).lang === 'en' ? 'en' : 'zh';

const GEO_FILE = fileURLToPath(new URL('../../../data/geo/chengdu-districts.geojson', import.meta.url));

const DISTRICT_KINDS = new Set(['district', 'county', 'county_city', 'functional_zone']);

/** Open data is for everyone (src/auth/access.ts): nothing here reads unpublished figures. */
const PUBLIC = { config: { access: 'public' as const } };

export function registerPortalRoutes(app: FastifyInstance, open: OpenDataService): void {
  const planTitle = (lang: Lang): string =>
    lang === 'en' ? (open.plan.metadata.title_en ?? open.plan.metadata.title) : open.plan.metadata.title;
  const html = (
    request: FastifyRequest,
    reply: FastifyReply,
    section: string,
    path: string,
    title: string,
    body: string,
    status = 200,
  ) => {
    const lang = langOf(request);
    const text = page({
      lang,
      title,
      section,
      path,
      body,
      planTitle: planTitle(lang),
      terms: open.terms,
    });
    return sendText(request, reply.code(status), 'text/html; charset=utf-8', text);
  };

  const overview = async (request: FastifyRequest, reply: FastifyReply) => {
    const lang = langOf(request);
    return html(
      request,
      reply,
      '',
      '/',
      t(lang, '规划概览', 'Plan at a glance'),
      overviewBody(await open.portal(), lang),
    );
  };
  app.get(PORTAL_BASE, PUBLIC, overview);
  app.get(`${PORTAL_BASE}/`, PUBLIC, overview);

  app.get(`${PORTAL_BASE}/indicator/:id`, PUBLIC, async (request, reply) => {
    const lang = langOf(request);
    const { id } = request.params as { id: string };
    const m = await open.portal();
    const p = m.indicators.find((x) => x.indicator.id === id);
    if (!p)
      return html(
        request,
        reply,
        '',
        `/indicator/${id}`,
        t(lang, '找不到指标', 'Indicator not found'),
        `<h1>${t(lang, '找不到指标', 'Indicator not found')}</h1><p class="note">${t(lang, `本规划没有编号为「${esc(id)}」的指标。`, `The plan has no indicator with the id “${esc(id)}”.`)} <a href="${PORTAL_BASE}${lang === 'en' ? '?lang=en' : ''}">${t(lang, '返回规划概览', 'Back to the overview')}</a></p>`,
        404,
      );
    const name = lang === 'en' ? (p.indicator.name_en ?? p.indicator.name) : p.indicator.name;
    return html(request, reply, '', `/indicator/${encodeURIComponent(id)}`, name, indicatorBody(p, m, lang));
  });

  app.get(`${PORTAL_BASE}/indicator/:id/history.csv`, PUBLIC, async (request, reply) => {
    const { id } = request.params as { id: string };
    const indicator = open.plan.indicators.find((i) => i.id === id);
    if (!indicator?.measure)
      return reply.code(404).type('text/plain; charset=utf-8').send(`没有可下载历史数据的指标「${id}」。`);
    const areas = new Map(open.plan.areas.map((a) => [a.code, a.name]));
    const rows = await publicHistory(open.driver, indicator.measure);
    const lines = [
      '区划代码,地区,时期,数值,单位,状态,来源,载入时间,被修订时间',
      ...rows.map((r) =>
        [
          r.area,
          areas.get(r.area) ?? '',
          r.period,
          r.value,
          r.unit,
          r.replaced_at ? '已被修订' : '现行',
          r.source ?? '',
          r.loaded_at,
          r.replaced_at ?? '',
        ]
          .map(csvField)
          .join(','),
      ),
      '',
      `# 许可：${open.licence.name}；提供单位：${open.terms.publisher.name}；来源：${open.plan.metadata.title}监测平台（已发布数据，不含模拟数据）`,
    ];
    reply.header(
      'Content-Disposition',
      `attachment; filename="${id}-history.csv"; filename*=UTF-8''${encodeURIComponent(`${indicator.name}-历史数据.csv`)}`,
    );
    return sendText(request, reply, 'text/csv; charset=utf-8', `\ufeff${lines.join('\r\n')}\r\n`);
  });

  app.get(`${PORTAL_BASE}/districts`, PUBLIC, async (request, reply) => {
    const lang = langOf(request);
    const m = await open.portal();
    const districts = open.plan.areas.filter((a) => DISTRICT_KINDS.has(a.kind));
    const headline = open.plan.indicators.filter((i) => i.headline && i.measure);
    const rows: { area: string; name: string; values: Map<string, number> }[] = [];
    // The latest period with public district figures (the city's may be newer).
    const codes = new Set(districts.map((d) => d.code));
    const latest = latestOpenPeriod(
      (await open.observations()).filter((o) => codes.has(o.key.REF_AREA ?? '')),
    );
    if (latest) {
      const results = await open.engine.evaluate({
        periods: [latest],
        areas: districts.map((d) => d.code),
        indicators: headline.map((i) => i.id),
        visibility: 'open',
      });
      for (const d of districts) {
        const values = new Map<string, number>();
        for (const r of results) if (r.area === d.code && r.value !== null) values.set(r.indicator, r.value);
        if (values.size)
          rows.push({ area: d.code, name: lang === 'en' ? (d.name_en ?? d.name) : d.name, values });
      }
    }
    const measures = headline
      .filter((i) => rows.some((r) => r.values.has(i.id)))
      .map((i) => ({ id: i.id, name: lang === 'en' ? (i.name_en ?? i.name) : i.name, unit: i.unit }));
    const first = measures[0];
    if (first)
      rows.sort((a, b) => (b.values.get(first.id) ?? -Infinity) - (a.values.get(first.id) ?? -Infinity));
    // The boundaries are Chengdu's (data/geo): a map only when the plan's districts are among them.
    const { shapes } = districtShapes(GEO_FILE);
    const mapped = first && shapes.some((sh) => codes.has(sh.code));
    const map = mapped
      ? districtMap(
          GEO_FILE,
          new Map(
            rows.flatMap((r) => (r.values.has(first.id) ? [[r.area, r.values.get(first.id) as number]] : [])),
          ),
          {
            title: `${first.name}（${first.unit}）`,
            unit: first.unit,
            noData: t(lang, '无公开数据', 'no public figure'),
            format: (v) => formatValue(v, first.unit, lang),
          },
        )
      : '';
    return html(
      request,
      reply,
      'districts',
      '/districts',
      t(lang, '各区（市）县', 'Districts'),
      districtsBody(m, rows, measures, latest ? formatPeriod(latest) : null, lang, map),
    );
  });

  const entries = async () =>
    catalogue(open.plan, await open.observations(), open.terms, (await open.registryLists()).lists);
  const origin = (request: FastifyRequest): string =>
    `${request.protocol}://${request.headers.host ?? 'localhost'}`;
  app.get(`${PORTAL_BASE}/catalogue`, PUBLIC, async (request, reply) => {
    const lang = langOf(request);
    return html(
      request,
      reply,
      'catalogue',
      '/catalogue',
      t(lang, '数据目录', 'Data catalogue'),
      catalogueBody(await entries(), lang),
    );
  });
  app.get(`${PORTAL_BASE}/catalogue.csv`, PUBLIC, async (request, reply) => {
    reply.header(
      'Content-Disposition',
      `attachment; filename="catalogue.csv"; filename*=UTF-8''${encodeURIComponent('公开数据目录.csv')}`,
    );
    return sendText(
      request,
      reply,
      'text/csv; charset=utf-8',
      catalogueCsv(await entries(), origin(request)),
    );
  });
  app.get(`${PORTAL_BASE}/catalogue.jsonld`, PUBLIC, async (request, reply) =>
    sendText(
      request,
      reply,
      'application/ld+json; charset=utf-8',
      JSON.stringify(catalogueJsonLd(open.plan, open.terms, await entries(), origin(request))),
    ),
  );

  app.get(`${PORTAL_BASE}/about`, PUBLIC, async (request, reply) => {
    const lang = langOf(request);
    return html(
      request,
      reply,
      'about',
      '/about',
      t(lang, '关于数据', 'About the data'),
      aboutBody(await open.portal(), open.terms, lang),
    );
  });

  app.get(`${PORTAL_BASE}/registry`, PUBLIC, async (request, reply) => {
    const lang = langOf(request);
    return html(
      request,
      reply,
      'registry',
      '/registry',
      t(lang, '名单', 'Registry lists'),
      registryIndexBody(await open.registryLists(), lang),
    );
  });

  /** The list a request names, or a 404 answer (page or text) saying which lists there are. */
  const listOf = async (request: FastifyRequest) => {
    const { list } = request.params as { list: string };
    const r = await open.registryLists();
    return { id: list, r, found: r.lists.find((l) => l.spec.id === list) };
  };
  const noList = (id: string, r: RegistryLists): string =>
    `没有名为「${id}」的公开名单；可选：${r.lists.map((l) => l.spec.id).join('、') || '（无）'}。`;

  app.get(`${PORTAL_BASE}/registry/:list`, PUBLIC, async (request, reply) => {
    const lang = langOf(request);
    const { id, r, found } = await listOf(request);
    if (!found)
      return html(
        request,
        reply,
        'registry',
        `/registry/${encodeURIComponent(id)}`,
        t(lang, '找不到名单', 'List not found'),
        `<h1>${t(lang, '找不到名单', 'List not found')}</h1><p class="note">${esc(noList(id, r))} <a href="${href('/registry', lang)}">${t(lang, '全部名单', 'All lists')}</a></p>`,
        404,
      );
    return html(
      request,
      reply,
      'registry',
      `/registry/${encodeURIComponent(id)}`,
      lang === 'en' ? found.spec.name_en : found.spec.name,
      registryListBody(found, r, lang),
    );
  });
  app.get(`${PORTAL_BASE}/registry/:list.csv`, PUBLIC, async (request, reply) => {
    const { id, r, found } = await listOf(request);
    if (!found) return reply.code(404).type('text/plain; charset=utf-8').send(noList(id, r));
    reply.header(
      'Content-Disposition',
      `attachment; filename="${id}.csv"; filename*=UTF-8''${encodeURIComponent(`${found.spec.name}.csv`)}`,
    );
    return sendText(request, reply, 'text/csv; charset=utf-8', registryListCsv(found, open.plan, open.terms));
  });
  app.get(`${PORTAL_BASE}/registry/:list.json`, PUBLIC, async (request, reply) => {
    const { id, r, found } = await listOf(request);
    if (!found) return openProblem(reply, request, 404, '找不到名单 List not found', noList(id, r));
    return sendText(
      request,
      reply,
      'application/json; charset=utf-8',
      JSON.stringify(registryListJson(found, open.plan, open.terms)),
    );
  });
}
