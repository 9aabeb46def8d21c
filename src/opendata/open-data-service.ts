/**
 * Open data over the store: the plan's SDMX structures, the public observations (published, never
 * simulated) and the portal's model, kept per data version so repeated requests do not read the store again.
 */
import { IndicatorEngine } from '../engine/indicator-engine.js';
import type { Plan } from '../plan/plan-types.js';
import type { Driver } from '../store/driver.js';
import { dataVersion } from '../store/observation-repository.js';
import { hasPublishedSimulated } from '../store/open-data-reads.js';
import { limitsFromEnv, type OpenLimits } from './open-access.js';
import { type OpenObservation, openObservations } from './open-observations.js';
import type { Licence } from './portal/portal-html.js';
import { type PortalModel, portalModel } from './portal/portal-model.js';
import { planStructure, type SdmxStructure } from './sdmx-structure.js';

/** The default licence of published figures; a bureau sets its own with ECMON_OPEN_LICENCE / _URL. */
export const DEFAULT_LICENCE: Licence = {
  name: '知识共享署名 4.0 国际许可（CC BY 4.0），使用时请注明来源',
  name_en: 'Creative Commons Attribution 4.0 International (CC BY 4.0): cite the source',
  url: 'https://creativecommons.org/licenses/by/4.0/deed.zh-hans',
};

export function licenceFromEnv(env: NodeJS.ProcessEnv = process.env): Licence {
  const name = env.ECMON_OPEN_LICENCE?.trim();
  if (!name) return DEFAULT_LICENCE;
  const url = env.ECMON_OPEN_LICENCE_URL?.trim();
  return url ? { name, url } : { name };
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

  readonly licence: Licence;
  readonly limits: OpenLimits;
  /** The clock of the rate limits (tests fix it). */
  readonly now?: () => number;

  constructor(
    readonly driver: Driver,
    readonly plan: Plan,
    opts: { licence?: Licence; limits?: OpenLimits; now?: () => number } = {},
  ) {
    this.licence = opts.licence ?? licenceFromEnv();
    this.limits = opts.limits ?? limitsFromEnv();
    if (opts.now) this.now = opts.now;
    this.structure = planStructure(plan);
    this.engine = new IndicatorEngine(driver, plan);
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
