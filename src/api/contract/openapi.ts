/** The OpenAPI 3.1 document of `/api/v1`, generated from the zod contract (schemas.ts, routes.ts). */
import { z } from 'zod';
import { feedPushRoutes, feedUploadRoutes } from './auth-contract.js';
import { fileRoutes, type JsonRoute, otherRoutes, routes } from './routes.js';
import { components } from './schemas.js';

type Json = Record<string, unknown>;

const ref = (id: string): Json => ({ $ref: `#/components/schemas/${id}` });

function idOf(schema: z.ZodType): string {
  const id = components.get(schema)?.id;
  if (!id) throw new Error('a response schema of the contract has no id');
  return id;
}

function parameters(schema: z.ZodObject, where: 'path' | 'query'): Json[] {
  const json = z.toJSONSchema(schema, { io: 'input' }) as {
    properties?: Record<string, Json>;
    required?: string[];
  };
  return Object.entries(json.properties ?? {}).map(([name, { description, example, ...rest }]) => ({
    name,
    in: where,
    required: where === 'path' || (json.required ?? []).includes(name),
    ...(description ? { description } : {}),
    ...(example !== undefined ? { example } : {}),
    schema: rest,
  }));
}

const problem = (description: string): Json => ({
  description,
  content: { 'application/problem+json': { schema: ref('Problem') } },
});

/** Who may call a route, as the document states it (`x-access`, and the 401/403 answers). */
function accessResponses(access: JsonRoute['access']): Json {
  if (access === 'public') return {};
  return {
    '401': problem('Not signed in (no session cookie or bearer token, or it expired).'),
    '403': problem(
      `Signed in, but not allowed: ${Array.isArray(access) ? `roles ${access.join(', ')}` : String(access)}; or the X-CSRF-Token header is missing on a state-changing request.`,
    ),
  };
}

function operation(route: JsonRoute): Json {
  const body = route.body
    ? {
        requestBody: {
          required: true,
          content: { 'application/json': { schema: z.toJSONSchema(route.body, { io: 'input' }) } },
        },
      }
    : {};
  return {
    [(route.method ?? 'GET').toLowerCase()]: {
      summary: route.summary,
      'x-access': route.access,
      parameters: [...parameters(route.params, 'path'), ...parameters(route.query, 'query')],
      ...body,
      'x-example': route.example,
      ...(route.exampleBody ? { 'x-example-body': route.exampleBody } : {}),
      responses: {
        '200': { description: 'OK', content: { 'application/json': { schema: ref(idOf(route.response)) } } },
        '400': problem('A bad parameter: `detail` (Chinese) names it, the value and the rule.'),
        ...accessResponses(route.access),
        '404': problem("An unknown indicator, area or zone, or an object outside the caller's scope."),
        '500': problem('Unexpected failure (details are logged, never sent).'),
      },
    },
  };
}

function fileOperation(route: (typeof fileRoutes)[keyof typeof fileRoutes]): Json {
  return {
    get: {
      summary: route.summary,
      'x-access': route.access,
      parameters: parameters(route.params, 'path'),
      'x-example': route.example,
      responses: {
        '200': {
          description: 'The file',
          content: Object.fromEntries(route.contentTypes.map((t) => [t, {}])),
        },
        ...accessResponses(route.access),
        '404': problem('No archived report of that id.'),
      },
    },
  };
}

/** The OpenAPI 3.1 document for the dashboard API. */
export function openApiDocument(): Json {
  const { schemas } = z.toJSONSchema(components, {
    uri: (id) => `#/components/schemas/${id}`,
    io: 'output',
  }) as { schemas: Record<string, Json> };
  for (const s of Object.values(schemas)) {
    delete s.$schema;
    delete s.$id;
  }
  const paths: Record<string, Json> = {};
  for (const r of Object.values(routes) as JsonRoute[]) paths[r.path] = { ...paths[r.path], ...operation(r) };
  for (const r of Object.values(fileRoutes)) paths[r.path] = { ...paths[r.path], ...fileOperation(r) };
  for (const r of [...otherRoutes, ...feedPushRoutes, ...Object.values(feedUploadRoutes)])
    paths[r.path] = {
      ...paths[r.path],
      [('method' in r ? String(r.method) : 'get').toLowerCase()]: {
        'x-access': r.access,
        summary: r.summary,
        parameters: [],
        'x-example': r.path,
        responses: { '200': { description: 'OK', content: { [r.contentType]: {} } } },
      },
    };
  return {
    openapi: '3.1.0',
    info: {
      title: 'ecmon dashboard API',
      version: '1',
      description:
        'JSON API behind the ecmon web dashboard: plan metadata, target overview, indicator detail with explanations, districts, focus domains, data batches the report archive (list, download, 生成简报) and the registry (重点企业项目库), whose POST routes add, correct and remove records. Growth rates are fractions; shares are percent; share changes are percentage points (百分点). Errors are RFC 9457 Problem Details.',
    },
    paths,
    components: { schemas },
  };
}
