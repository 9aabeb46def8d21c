import type { FastifyInstance } from 'fastify';

const started = Symbol('serverTimingStart');

/**
 * Adds a `Server-Timing: app;dur=<ms>` header to every `/api` response: the time from the request's
 * arrival to the reply being sent, as measured by the server (the benchmark reads it).
 *
 * @example
 * const app = Fastify();
 * serverTimingHook(app);
 */
export function serverTimingHook(app: FastifyInstance): void {
  app.addHook('onRequest', async (request) => {
    (request as unknown as Record<symbol, bigint>)[started] = process.hrtime.bigint();
  });
  app.addHook('onSend', async (request, reply, payload) => {
    const start = (request as unknown as Record<symbol, bigint | undefined>)[started];
    if (start !== undefined && request.url.startsWith('/api')) {
      const ms = Number(process.hrtime.bigint() - start) / 1e6;
      reply.header('Server-Timing', `app;dur=${ms.toFixed(2)}`);
    }
    return payload;
  });
}
