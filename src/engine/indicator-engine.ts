import { formatPeriod } from '../domain/period.js';
import type { Plan } from '../plan/plan-types.js';
import type { Driver } from '../store/driver.js';
import { dataVersion } from '../store/observation-repository.js';
import type { ReadScope, Visibility } from '../store/visibility.js';
import { type EvaluationRequest, IndicatorEvaluator } from './evaluate-indicators.js';
import type { IndicatorResult } from './indicator-result.js';
import { addRegistryInputs } from './registry-inputs.js';

/**
 * The evaluator with a cache keyed by the store's data version: a repeated request is answered from memory
 * until any observation changes (a batch commits, an import lands), then everything is recomputed. An
 * engine given `version` serves that data version only and never asks the database for it: its owner
 * replaces it when the version changes (the dashboard does, having recomputed what it serves).
 */
export class IndicatorEngine {
  readonly evaluator: IndicatorEvaluator;
  private version = -1;
  private readonly cache = new Map<string, IndicatorResult[]>();

  private readonly pinned: boolean;
  private readonly maxEntries: number;
  /** What this engine's reader sees when a request does not say (default: published figures only). */
  readonly scope: Visibility | ReadScope;

  constructor(
    private readonly driver: Driver,
    readonly plan: Plan,
    opts: { version?: number; maxEntries?: number; scope?: Visibility | ReadScope } = {},
  ) {
    this.scope = opts.scope ?? 'published';
    this.evaluator = new IndicatorEvaluator(plan);
    this.pinned = opts.version !== undefined;
    this.version = opts.version ?? -1;
    this.maxEntries = opts.maxEntries ?? 500;
  }

  async evaluate(asked: EvaluationRequest): Promise<IndicatorResult[]> {
    const req = { ...asked, visibility: asked.visibility ?? this.scope };
    const version = await this.checkVersion();
    const key = JSON.stringify({
      v: version,
      p: req.periods.map(formatPeriod),
      a: req.areas ?? null,
      i: req.indicators ?? null,
      e: req.explain === true,
      s: req.visibility,
    });
    const hit = this.cache.get(key);
    if (hit) return hit;
    const out = await this.evaluator.evaluate(this.driver, req);
    if (req.explain) await addRegistryInputs(this.driver, this.plan, out);
    // A batch may have committed while this evaluation read the data: keep it only if the version held.
    if (!this.pinned && (await dataVersion(this.driver)) !== version) return out;
    if (this.cache.size >= this.maxEntries) this.cache.delete(this.cache.keys().next().value as string);
    this.cache.set(key, out);
    return out;
  }

  /** The data version the cache was last checked against. */
  async checkVersion(): Promise<number> {
    if (this.pinned) return this.version;
    const v = await dataVersion(this.driver);
    if (v !== this.version) {
      this.cache.clear();
      this.version = v;
    }
    return v;
  }
}
