/**
 * The service the end-to-end test runs the dashboard against. For now the development fixture; the
 * integrator replaces the body with the real store-backed service (same signature).
 */
import type { DashboardService } from '../../src/api/contract.js';
import { createFixtureService } from '../../src/api/fixture-service.js';

export async function createE2eService(): Promise<DashboardService> {
  return createFixtureService();
}
