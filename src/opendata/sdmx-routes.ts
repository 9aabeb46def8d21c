/**
 * The SDMX REST API (2.1 conventions) under `/sdmx`:
 *
 *   /sdmx/structure/{dataflow|datastructure|codelist|conceptscheme}/{agency}/{id}/{version}?references=
 *   /sdmx/{dataflow|datastructure|codelist|conceptscheme}/...        (the SDMX 2.1 short form, same answers)
 *   /sdmx/data/{flow}/{key}?startPeriod=&endPeriod=&dimensionAtObservation=&format=csv
 *
 * Data answers SDMX-ML 2.1 structure-specific data, or SDMX-CSV 2.0 when `format=csv` or the Accept header
 * asks for CSV. Only published, non-simulated figures are served (open-observations.ts).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { HttpProblem } from '../api/http-problem.js';
import { openProblem } from './open-access.js';
import type { OpenDataService } from './open-data-service.js';
import { dataCsv, dataMessage, MEDIA, type StructureParts, structureMessage } from './sdmx-ml.js';
import { parseDataQuery, selectObservations } from './sdmx-query.js';
import { SDMX_AGENCY, type SdmxStructure } from './sdmx-structure.js';
import { sendText } from './send-text.js';

export const SDMX_BASE = '/sdmx';

/**
 * SDMX 2.1 clients (R's rsdmx among them) ask `/sdmx/datastructure/all/DSD/latest/?references=…` with a
 * trailing slash, and data as `/sdmx/data/{flow}/{key}/{providerRef}/`: the URL is rewritten before routing
 * to the routes below (the trailing slash dropped; a provider of `all` or this platform's agency dropped).
 */
export function rewriteSdmxUrl(url: string): string {
  if (!url.startsWith(`${SDMX_BASE}/`)) return url;
  const q = url.indexOf('?');
  let path = q < 0 ? url : url.slice(0, q);
  const query = q < 0 ? '' : url.slice(q);
  if (path.length > SDMX_BASE.length + 1 && path.endsWith('/')) path = path.slice(0, -1);
  const data = /^\/sdmx\/data\/([^/]+)\/([^/]+)\/([^/]+)$/.exec(path);
  if (data && (data[3] === 'all' || data[3] === SDMX_AGENCY))
    path = `${SDMX_BASE}/data/${data[1]}/${data[2]}`;
  return path + query;
}

const TYPES = ['dataflow', 'datastructure', 'codelist', 'conceptscheme'] as const;
type StructureType = (typeof TYPES)[number];

const NONE: StructureParts = { dataflow: false, datastructure: false, codelists: false, concepts: false };

function wanted(type: StructureType, references: string): StructureParts {
  const children = references === 'children' || references === 'descendants' || references === 'all';
  switch (type) {
    case 'dataflow':
      return children
        ? { dataflow: true, datastructure: true, codelists: true, concepts: true }
        : { ...NONE, dataflow: true };
    case 'datastructure':
      // A DSD is of little use without its codelists and concepts: they come unless `references=none`.
      return references === 'none'
        ? { ...NONE, datastructure: true }
        : { ...NONE, datastructure: true, codelists: true, concepts: true, dataflow: references === 'all' };
    case 'codelist':
      return { ...NONE, codelists: true };
    case 'conceptscheme':
      return { ...NONE, concepts: true };
  }
}

/** Whether `agency`/`id`/`version` of a query match a maintainable (`all`, `latest`, `*` or absent = any). */
function matches(s: SdmxStructure, type: StructureType, path: string[]): boolean {
  const [agency, id, version] = path;
  const any = (v: string | undefined): boolean => v === undefined || v === '' || v === 'all' || v === '*';
  const ids: Record<StructureType, string[]> = {
    dataflow: [s.flowId],
    datastructure: [s.dsdId],
    codelist: s.codelists.map((c) => c.id),
    conceptscheme: [s.conceptSchemeId],
  };
  return (
    (any(agency) || agency === s.agency) &&
    (any(id) || ids[type].includes(id as string)) &&
    (any(version) || version === 'latest' || version === s.version)
  );
}

const send = (request: FastifyRequest, reply: FastifyReply, media: string, body: string): FastifyReply =>
  sendText(request, reply, `${media}; charset=utf-8`, body, 300);

/** Open data is for everyone (src/auth/access.ts): nothing here reads unpublished figures. */
const PUBLIC = { config: { access: 'public' as const } };

export function registerSdmxRoutes(app: FastifyInstance, open: OpenDataService): void {
  const s = open.structure;

  const structure = async (type: string, rest: string, request: FastifyRequest, reply: FastifyReply) => {
    if (!(TYPES as readonly string[]).includes(type))
      throw HttpProblem.notFound(
        'type',
        type,
        `SDMX 结构类型「${type}」不受支持：可用 ${TYPES.join('、')}。`,
      );
    const t = type as StructureType;
    const path = rest.split('/').filter((p) => p !== '');
    if (!matches(s, t, path))
      throw HttpProblem.notFound(
        'id',
        path.join('/'),
        `没有 ${t} ${path.join('/')}：本平台发布 ${s.agency}/${s.flowId}/${s.version}。`,
      );
    const references = String((request.query as Record<string, unknown>).references ?? '');
    let parts = wanted(t, references);
    const selected = t === 'codelist' && path[1] && !['all', '*'].includes(path[1]) ? path[1] : null;
    const view = selected ? { ...s, codelists: s.codelists.filter((c) => c.id === selected) } : s;
    if (selected) parts = { ...NONE, codelists: true };
    return send(request, reply, MEDIA.structure, structureMessage(view, parts, new Date()));
  };
  // /sdmx/structure/{type}[/{agency}[/{id}[/{version}]]] and the SDMX 2.1 form /sdmx/{type}/…: one route per
  // length (no wildcard), so every route is listed and covered by the access matrix.
  const tail = ['', '/:agency', '/:agency/:id', '/:agency/:id/:version'];
  const rest = (p: Record<string, string>): string => [p.agency, p.id, p.version].filter(Boolean).join('/');
  for (const prefix of [`${SDMX_BASE}/structure/:type`, `${SDMX_BASE}/:type`])
    for (const t of tail)
      app.get(`${prefix}${t}`, PUBLIC, async (request, reply) => {
        const p = request.params as Record<string, string>;
        return structure(p.type ?? '', rest(p), request, reply);
      });

  const data = async (
    flow: string,
    key: string | undefined,
    request: FastifyRequest,
    reply: FastifyReply,
  ) => {
    const [a, b, c] = flow.split(',');
    const [agency, id, version] = b === undefined ? [undefined, a, undefined] : [a, b, c];
    if (
      id !== s.flowId ||
      (agency && agency !== s.agency) ||
      (version && version !== s.version && version !== 'latest')
    )
      throw HttpProblem.notFound(
        'flow',
        flow,
        `没有数据流「${flow}」：本平台发布 ${s.agency},${s.flowId},${s.version}。`,
      );
    const q = request.query as Record<string, string | undefined>;
    const whole = (key === undefined || key === '' || key === 'all') && !q.startPeriod && !q.endPeriod;
    if (whole && !request.openDataKey)
      return openProblem(
        reply,
        request,
        401,
        '需要 API 密钥 API key required',
        `整个数据流的批量下载需要 API 密钥（请求头 X-API-Key；管理员用 ecmon keys add 创建）。匿名访问请按键或时期筛选，例如 /sdmx/data/${s.flowId}/A..${s.codelists.find((c) => c.id === 'CL_MEASURE')?.codes[0]?.id ?? ''}.N。`,
      );
    const query = parseDataQuery(s, key, q);
    const rows = selectObservations(await open.observations(), query);
    if (rows.length === 0)
      throw HttpProblem.notFound(
        'key',
        key ?? 'all',
        `没有符合条件的已发布数据（键「${key ?? 'all'}」${q.startPeriod ? `，起 ${q.startPeriod}` : ''}${
          q.endPeriod ? `，止 ${q.endPeriod}` : ''
        }）。只发布已审核发布的数据，模拟数据不发布。`,
      );
    const format = (q.format ?? '').toLowerCase();
    const accept = String(request.headers.accept ?? '');
    if (format === 'csv' || format === 'sdmx-csv' || (format === '' && /csv/.test(accept)))
      return send(request, reply, MEDIA.csv, dataCsv(s, rows));
    if (format !== '' && format !== 'xml' && format !== 'structurespecificdata')
      throw HttpProblem.badParameter(
        'format',
        format,
        `参数 format 的值「${format}」无效：可用 csv 或 xml。`,
      );
    return send(request, reply, MEDIA.data, dataMessage(s, rows, query.dimensionAtObservation, new Date()));
  };
  app.get(`${SDMX_BASE}/data/:flow`, PUBLIC, async (request, reply) =>
    data((request.params as { flow: string }).flow, undefined, request, reply),
  );
  app.get(`${SDMX_BASE}/data/:flow/:key`, PUBLIC, async (request, reply) => {
    const p = request.params as { flow: string; key: string };
    return data(p.flow, p.key, request, reply);
  });
}
