/** The OpenAPI 3.1 document of `/api/v1`, generated from the zod contract (schemas.ts, routes.ts). */
import { z } from 'zod';
import { type JsonRoute, otherRoutes, routes, type WriteRoute, writeRoutes } from './routes.js';
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

function operation(route: JsonRoute): Json {
  return {
    get: {
      summary: route.summary,
      parameters: [...parameters(route.params, 'path'), ...parameters(route.query, 'query')],
      'x-example': route.example,
      responses: {
        '200': { description: 'OK', content: { 'application/json': { schema: ref(idOf(route.response)) } } },
        '400': problem('A bad parameter: `detail` (Chinese) names it, the value and the rule.'),
        '404': problem('An unknown indicator, area or zone.'),
        '500': problem('Unexpected failure (details are logged, never sent).'),
      },
    },
  };
}

function writeOperation(route: WriteRoute): Json {
  return {
    post: {
      summary: route.summary,
      'x-access': route.access,
      parameters: parameters(route.params, 'path'),
      requestBody: {
        required: true,
        content: { 'application/json': { schema: z.toJSONSchema(route.body, { io: 'input' }) } },
      },
      responses: {
        '200': { description: 'OK', content: { 'application/json': { schema: ref(idOf(route.response)) } } },
        '400': problem(
          'The form did not pass: `errors` names each field, its value, the rule and what to do.',
        ),
        '404': problem('An unknown entity.'),
        '500': problem('Unexpected failure (details are logged, never sent).'),
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
  for (const r of Object.values(routes)) paths[r.path] = operation(r);
  for (const r of Object.values(writeRoutes)) paths[r.path] = { ...paths[r.path], ...writeOperation(r) };
  for (const r of otherRoutes)
    paths[r.path] = {
      get: {
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
        'JSON API behind the ecmon web dashboard: plan metadata, target overview, indicator detail with explanations, districts, focus domains, data batches and the registry (重点企业项目库), whose POST routes add, correct and remove records (`x-access`: the roles that may call them). Growth rates are fractions; shares are percent; share changes are percentage points (百分点). Errors are RFC 9457 Problem Details.',
    },
    paths,
    components: { schemas },
  };
}
