/**
 * Open data over the store: the plan's SDMX structures, the public observations (published, never
 * simulated) and the portal's model, kept per data version so repeated requests do not read the store again.
 */
import { IndicatorEngine } from '../engine/indicator-engine.js';
import type { Plan } from '../plan/plan-types.js';
import { registryVersion } from '../registry/registry-repository.js';
import type { Driver } from '../store/driver.js';
import { dataVersion } from '../store/observation-repository.js';
import { hasPublishedSimulated } from '../store/open-data-reads.js';
import { limitsFromEnv, type OpenLimits, SharedWindowLimiter } from './open-access.js';
import { type Licence, type OpenDataTerms, openDataTerms } from './open-data-terms.js';
import { type OpenObservation, openObservations } from './open-observations.js';
import { type PortalModel, portalModel } from './portal/portal-model.js';
import { hasSimulatedRegistry, publicCreditRecords, publicDesignations } from './registry-list-reads.js';
import { type RegistryList, registryList, registryListSpecs } from './registry-lists.js';
import { planStructure, type SdmxStructure } from './sdmx-structure.js';

/** The registry's public lists and whether simulated records were left out. */
export interface RegistryLists {
  lists: RegistryList[];
  simulatedWithheld: boolean;
}

interface Kept {
  version: number;
  rows: Promise<OpenObservation[]>;
  portal?: Promise<PortalModel>;
}

export class OpenDataService {
  readonly structure: SdmxStructure;
  readonly engine: IndicatorEngine;
  private kept: Kept | null = null;
  private keptLists: { key: string; lists: Promise<RegistryLists> } | null = null;

  /** Licence, publisher, contact and release calendar (the plan's `open_data:` block or its defaults). */
  readonly terms: OpenDataTerms;
  readonly limits: OpenLimits;
  /** The per-minute limits, shared with the other server processes over the store. */
  readonly limiter: SharedWindowLimiter;
  /** The clock of the rate limits (tests fix it). */
  readonly now?: () => number;

  constructor(
    readonly driver: Driver,
    readonly plan: Plan,
    opts: { limits?: OpenLimits; now?: () => number } = {},
  ) {
    this.terms = openDataTerms(plan);
    this.limits = opts.limits ?? limitsFromEnv();
    if (opts.now) this.now = opts.now;
    this.limiter = new SharedWindowLimiter(driver, opts.now);
    this.structure = planStructure(plan);
    this.engine = new IndicatorEngine(driver, plan);
  }

  get licence(): Licence {
    return this.terms.licence;
  }

  private async current(): Promise<Kept> {
    const version = await dataVersion(this.driver);
    if (this.kept?.version !== version) {
      const rows = openObservations(this.driver, this.plan);
      const kept: Kept = { version, rows };
      this.kept = kept;
      rows.catch(() => {
        if (this.kept === kept) this.kept = null;
      });
    }
    return this.kept;
  }

  /** Every public observation, in measure, area, period order. */
  async observations(): Promise<OpenObservation[]> {
    return (await this.current()).rows;
  }

  /**
   * The registry's public lists (the plan's `open_data.registry_lists`), kept per registry version and day
   * (the credit lists are the records in force on the day).
   */
  async registryLists(
    on: string = new Date(this.now?.() ?? Date.now()).toISOString().slice(0, 10),
  ): Promise<RegistryLists> {
    const key = `${await registryVersion(this.driver)}|${on}`;
    if (this.keptLists?.key !== key) {
      const lists = Promise.all([
        publicDesignations(this.driver),
        publicCreditRecords(this.driver),
        hasSimulatedRegistry(this.driver),
      ]).then(([designations, credit, simulatedWithheld]) => ({
        lists: registryListSpecs(this.plan).map((spec) =>
          registryList(this.plan, spec, designations, credit, on),
        ),
        simulatedWithheld,
      }));
      const kept = { key, lists };
      this.keptLists = kept;
      lists.catch(() => {
        if (this.keptLists === kept) this.keptLists = null;
      });
    }
    return this.keptLists.lists;
  }

  /** What the portal's pages show. */
  async portal(): Promise<PortalModel> {
    const kept = await this.current();
    if (!kept.portal) {
      kept.portal = Promise.all([kept.rows, hasPublishedSimulated(this.driver)]).then(([rows, simulated]) =>
        portalModel(this.engine, rows, simulated),
      );
      kept.portal.catch(() => {
        kept.portal = undefined;
      });
    }
    return kept.portal;
  }
}
