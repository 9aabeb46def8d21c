/**
 * The OpenAPI 3.1 description of the dashboard API (`GET /api/openapi.json`), written by hand from
 * `contract.ts`. `server.test.ts` checks that every registered route is described here.
 */

type Schema = Record<string, unknown>;

const ref = (name: string): Schema => ({ $ref: `#/components/schemas/${name}` });
const nullable = (type: string): Schema => ({ type: [type, 'null'] });
const num = nullable('number');
const str = { type: 'string' };
const arrayOf = (items: Schema): Schema => ({ type: 'array', items });
const object = (properties: Record<string, Schema>, optional: string[] = []): Schema => ({
  type: 'object',
  properties,
  required: Object.keys(properties).filter((k) => !optional.includes(k)),
});

const PERIOD_FORMS = '`2021` (year), `2021-Q1` (quarter), `2021-03` (month), `2021-01/2021-03` (1–3月累计)';

interface Param {
  name: string;
  in: 'query' | 'path';
  required: boolean;
  description: string;
  example: string;
  schema: Schema;
}

const period = (description: string): Param => ({
  name: 'period',
  in: 'query',
  required: false,
  description: `${description} Forms: ${PERIOD_FORMS}.`,
  example: '2023',
  schema: { type: 'string' },
});
const area: Param = {
  name: 'area',
  in: 'query',
  required: false,
  description:
    'GB/T 2260 area code (or a functional zone code) from /api/meta `areas`; absent = the whole plan area.',
  example: '510104',
  schema: { type: 'string', pattern: '^\\d{6}$' },
};
const frequency: Param = {
  name: 'frequency',
  in: 'query',
  required: false,
  description: 'Granularity of the series; `cumulative` = 1–N月累计 within each year. Default `year`.',
  example: 'cumulative',
  schema: { type: 'string', enum: ['month', 'quarter', 'year', 'cumulative'] },
};

const errorResponses = {
  '400': {
    description: 'A bad query parameter: the message (Chinese) names it, the value and the accepted forms.',
    content: { 'application/json': { schema: ref('ApiError') } },
  },
  '500': {
    description: 'Unexpected failure (details are logged, never sent).',
    content: { 'application/json': { schema: ref('ApiError') } },
  },
};

function get(summary: string, parameters: Param[], schemaName: string, exampleUrl: string): Schema {
  return {
    get: {
      summary,
      parameters,
      'x-example': exampleUrl,
      responses: {
        '200': { description: 'OK', content: { 'application/json': { schema: ref(schemaName) } } },
        ...errorResponses,
      },
    },
  };
}

const sourceRef = object({ section: str, quote: str }, ['quote']);
const period3 = object(
  { start: { type: 'integer' }, end: { type: 'integer' }, base_year: { type: 'integer' } },
  [],
);

const schemas: Record<string, Schema> = {
  ApiError: object({ error: str, message: str, field: str }, ['field']),
  PlanMetadata: object(
    {
      title: str,
      title_en: str,
      issuer: str,
      document_number: str,
      issued: str,
      published: str,
      period: period3,
      outlook: object({ year: { type: 'integer' }, text: str }),
      source: str,
    },
    ['title_en', 'document_number', 'issued', 'published', 'outlook', 'source'],
  ),
  Area: object({ code: str, name: str, name_en: str, kind: str, parent: str, code_note: str }, [
    'name_en',
    'parent',
    'code_note',
  ]),
  Zone: object(
    { id: str, name: str, name_en: str, kind: str, areas: arrayOf(str), focus: str, source: sourceRef },
    ['name_en', 'focus', 'source'],
  ),
  Domain: object({ id: str, name: str, name_en: str, group: str, scope: str, source: sourceRef }, [
    'name_en',
  ]),
  Target: object(
    {
      year: { type: 'integer' },
      value: { type: 'number' },
      comparator: { type: 'string', enum: ['>=', '>', '=', '<=', '<'] },
      area: str,
      source: sourceRef,
      note: str,
    },
    ['area', 'source', 'note'],
  ),
  Indicator: object(
    {
      id: str,
      name: str,
      name_en: str,
      unit: str,
      category: str,
      direction: { type: 'string', enum: ['higher', 'lower'] },
      measure: str,
      expression: str,
      baseline: {
        oneOf: [
          object({ year: { type: 'integer' }, value: { type: 'number' }, source: sourceRef }, ['source']),
          { type: 'null' },
        ],
      },
      target: { oneOf: [ref('Target'), { type: 'null' }] },
      targets: arrayOf(ref('Target')),
      limit: { type: 'number' },
      headline: { type: 'boolean' },
      source: sourceRef,
      note: str,
    },
    ['name_en', 'measure', 'expression', 'limit', 'note'],
  ),
  MetaResponse: object({
    plan: object({ id: str, version: str, metadata: ref('PlanMetadata') }),
    simulated: { type: 'boolean' },
    data_version: { type: 'integer' },
    latest_month: nullable('string'),
    years: arrayOf({ type: 'integer' }),
    root_area: str,
    areas: arrayOf(ref('Area')),
    zones: arrayOf(ref('Zone')),
    domains: arrayOf(ref('Domain')),
    indicators: arrayOf(ref('Indicator')),
    categories: arrayOf(str),
  }),
  ComponentInput: object(
    {
      measure: str,
      area: str,
      period: str,
      value: num,
      unit: str,
      source: nullable('string'),
      simulated: { type: 'boolean' },
    },
    ['simulated'],
  ),
  Component: object(
    { of: str, formula: str, method: str, inputs: arrayOf(ref('ComponentInput')), note: str },
    ['note'],
  ),
  IndicatorResult: object({
    indicator: str,
    name: str,
    area: str,
    period: str,
    value: num,
    unit: str,
    yoy: {
      oneOf: [
        object({ value: num, naive: num, basis: { enum: ['published_comparable', 'naive', null] } }),
        { type: 'null' },
      ],
    },
    mom: num,
    baseline: { oneOf: [object({ year: { type: 'integer' }, value: { type: 'number' } }), { type: 'null' }] },
    target: {
      oneOf: [
        object({ year: { type: 'integer' }, value: { type: 'number' }, comparator: str }),
        { type: 'null' },
      ],
    },
    multiple_of_baseline: num,
    avg_growth_since_baseline: num,
    completion: num,
    schedule: {
      oneOf: [
        object({ expected: num, gap: num, status: { enum: ['green', 'yellow', 'red', null] } }),
        { type: 'null' },
      ],
    },
    required_growth: num,
    projection: {
      oneOf: [
        object({ year: { type: 'integer' }, value: num, meets_target: nullable('boolean') }),
        { type: 'null' },
      ],
    },
    progress: {
      oneOf: [
        object({
          method: { enum: [1, 2] },
          p: num,
          score: num,
          status: {
            enum: [
              'target_achieved',
              'substantial_progress',
              'moderate_progress',
              'limited_progress',
              'deterioration',
              'not_available',
            ],
          },
        }),
        { type: 'null' },
      ],
    },
    simulated: { type: 'boolean' },
    components: arrayOf(ref('Component')),
  }),
  SparkPoint: object({ period: str, value: num }),
  PathPoint: object({ year: { type: 'integer' }, value: { type: 'number' } }),
  OverviewResponse: object({
    period: str,
    area: str,
    groups: arrayOf(
      object({
        category: str,
        rows: arrayOf(
          object({
            result: ref('IndicatorResult'),
            latest_period: nullable('string'),
            sparkline: arrayOf(ref('SparkPoint')),
          }),
        ),
      }),
    ),
  }),
  IndicatorDetailResponse: object({
    indicator: ref('Indicator'),
    area: str,
    frequency: { type: 'string', enum: ['month', 'quarter', 'year', 'cumulative'] },
    series: arrayOf(ref('IndicatorResult')),
    path: arrayOf(ref('PathPoint')),
    projection: arrayOf(ref('PathPoint')),
    current: ref('IndicatorResult'),
  }),
  DistrictsResponse: object({
    indicator: str,
    period: str,
    unit: str,
    total: num,
    rows: arrayOf(
      object({
        area: str,
        name: str,
        value: num,
        yoy: num,
        share: num,
        contribution: num,
        pull: num,
        rank: nullable('integer'),
        simulated: { type: 'boolean' },
      }),
    ),
    zones: arrayOf(object({ zone: str, name: str, areas: arrayOf(str), value: num, yoy: num, share: num })),
  }),
  DomainsResponse: object({
    measure: str,
    period: str,
    area: str,
    unit: str,
    rows: arrayOf(
      object({
        domain: str,
        name: str,
        group: str,
        value: num,
        yoy: num,
        share: num,
        share_change_pp: num,
        series: arrayOf(ref('SparkPoint')),
      }),
    ),
  }),
  BatchesResponse: object({
    batches: arrayOf(
      object({
        id: str,
        kind: { type: 'string', enum: ['feed', 'import', 'plan'] },
        platform: nullable('string'),
        period: nullable('string'),
        file: nullable('string'),
        status: { type: 'string', enum: ['committed', 'partial', 'replaced', 'rolled_back'] },
        rows: { type: 'integer' },
        rejected: { type: 'integer' },
        observations: { type: 'integer' },
        simulated: { type: 'boolean' },
        loaded_at: str,
        replaces: nullable('string'),
      }),
    ),
  }),
};

/** The OpenAPI 3.1 document for the dashboard API. */
export function openApiDocument(): Schema {
  const indicatorParamDef = (name: string, where: 'query' | 'path'): Param => ({
    name,
    in: where,
    required: true,
    description: 'Indicator id from /api/meta `indicators`.',
    example: 'online_retail',
    schema: { type: 'string' },
  });
  return {
    openapi: '3.1.0',
    info: {
      title: 'ecmon dashboard API',
      version: '1',
      description:
        'Read-only JSON API behind the ecmon web dashboard: plan metadata, target overview, indicator detail with explanations, districts, focus domains and data batches. Rates are percent; share changes are percentage points (百分点).',
    },
    paths: {
      '/api/meta': get(
        'Plan metadata, areas, zones, domains, indicators and data status',
        [],
        'MetaResponse',
        '/api/meta',
      ),
      '/api/overview': get(
        'Every indicator evaluated at one period (targets, completion, 序时进度, projection, progress)',
        [period('Period to evaluate; default the latest complete year.'), area],
        'OverviewResponse',
        '/api/overview?period=2023',
      ),
      '/api/indicators/{id}': get(
        'One indicator: series at a frequency, target path, projection and the full explanation',
        [
          indicatorParamDef('id', 'path'),
          area,
          frequency,
          period('Period of the `current` evaluation; default the latest.'),
        ],
        'IndicatorDetailResponse',
        '/api/indicators/online_retail?frequency=cumulative',
      ),
      '/api/districts': get(
        'An indicator by district: value, YoY, share, 贡献率, 拉动百分点, and zone aggregates',
        [indicatorParamDef('indicator', 'query'), period('Period; default the latest complete year.')],
        'DistrictsResponse',
        '/api/districts?indicator=online_retail&period=2023',
      ),
      '/api/domains': get(
        'The focus domains: size, growth, share and share change (百分点)',
        [period('Period; default the latest complete year.'), area],
        'DomainsResponse',
        '/api/domains?period=2023',
      ),
      '/api/batches': get(
        'Loaded batches with lineage, row counts and status',
        [],
        'BatchesResponse',
        '/api/batches',
      ),
      '/api/geo/chengdu': {
        get: {
          summary: 'Chengdu district boundaries (GeoJSON FeatureCollection, feature id = area code)',
          parameters: [],
          'x-example': '/api/geo/chengdu',
          responses: {
            '200': { description: 'OK', content: { 'application/geo+json': { schema: { type: 'object' } } } },
          },
        },
      },
      '/api/openapi.json': {
        get: {
          summary: 'This document',
          parameters: [],
          'x-example': '/api/openapi.json',
          responses: {
            '200': { description: 'OK', content: { 'application/json': { schema: { type: 'object' } } } },
          },
        },
      },
      '/api/docs': {
        get: {
          summary: 'A readable page listing the endpoints',
          parameters: [],
          'x-example': '/api/docs',
          responses: {
            '200': { description: 'OK', content: { 'text/html': { schema: { type: 'string' } } } },
          },
        },
      },
    },
    components: { schemas },
  };
}
