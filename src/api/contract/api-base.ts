/** The base path of the API and the shape of a JSON route of its contract (routes.ts). */
import type { z } from 'zod';
import type { Access } from '../../auth/access.js';

export const API_BASE = '/api/v1';

export interface JsonRoute<
  P extends z.ZodObject = z.ZodObject,
  Q extends z.ZodObject = z.ZodObject,
  R extends z.ZodType = z.ZodType,
  B extends z.ZodType = z.ZodType,
> {
  /** OpenAPI form: `/api/v1/indicators/{id}`. */
  path: string;
  /** Default GET. Any other method is state-changing: a session caller must send `X-CSRF-Token`. */
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  summary: string;
  /** Who may call it (src/auth/access.ts); enforced before the handler runs. */
  access: Access;
  params: P;
  query: Q;
  /** The JSON body of a POST/PUT/PATCH (validated like the parameters). */
  body?: B;
  response: R;
  /** A request that answers 200 on the Chengdu plan (tested). */
  example: string;
  /** The body of the example request (POST/PUT routes). */
  exampleBody?: Record<string, unknown>;
}

/** Declares a JSON route of the contract, its schemas' types kept (routes.ts, form-routes.ts, auth-contract.ts). */
export const route = <
  P extends z.ZodObject,
  Q extends z.ZodObject,
  R extends z.ZodType,
  B extends z.ZodType = z.ZodType,
>(
  r: JsonRoute<P, Q, R, B>,
): JsonRoute<P, Q, R, B> => r;
