/**
 * Open data on a server: the access layer (rate limits, API keys), SDMX under /sdmx and the portal under /open.
 */
import type { FastifyInstance } from 'fastify';
import { registerOpenAccess } from './open-access.js';
import type { OpenDataService } from './open-data-service.js';
import { registerPortalRoutes } from './portal/portal-routes.js';
import { registerSdmxRoutes } from './sdmx-routes.js';

export { rewriteSdmxUrl, SDMX_BASE } from './sdmx-routes.js';

export function registerOpenData(app: FastifyInstance, open: OpenDataService): void {
  registerOpenAccess(app, {
    driver: open.driver,
    limits: open.limits,
    limiter: open.limiter,
    ...(open.now ? { now: open.now } : {}),
  });
  registerSdmxRoutes(app, open);
  registerPortalRoutes(app, open);
}
