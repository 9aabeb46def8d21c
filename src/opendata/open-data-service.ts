/**
 * Open data over the store: the plan's SDMX structures and the public observations (published, never
 * simulated), kept per data version so repeated downloads do not read the store again.
 */
import type { Plan } from '../plan/plan-types.js';
import type { Driver } from '../store/driver.js';
import { dataVersion } from '../store/observation-repository.js';
import { type OpenObservation, openObservations } from './open-observations.js';
import { planStructure, type SdmxStructure } from './sdmx-structure.js';

export class OpenDataService {
  readonly structure: SdmxStructure;
  private kept: { version: number; rows: Promise<OpenObservation[]> } | null = null;

  constructor(
    private readonly driver: Driver,
    readonly plan: Plan,
  ) {
    this.structure = planStructure(plan);
  }

  /** Every public observation, in measure, area, period order. */
  async observations(): Promise<OpenObservation[]> {
    const version = await dataVersion(this.driver);
    if (this.kept?.version !== version) {
      const rows = openObservations(this.driver, this.plan);
      this.kept = { version, rows };
      rows.catch(() => {
        if (this.kept?.rows === rows) this.kept = null;
      });
    }
    return this.kept.rows;
  }
}
