/**
 * The name of a form cell as the screen shows it: form · area · period · measure, in Chinese and English.
 * Every violation, audit row and upload error names its cell this way.
 */
import { parsePeriod, periodLabelEn, periodLabelZh } from '../domain/period.js';
import type { Plan } from '../plan/plan-types.js';

/** A cell of a report form: one measure of one area in one period. */
export interface FormCell {
  form: string;
  area: string;
  period: string;
  measure: string;
}

export interface CellLabel {
  zh: string;
  en: string;
}

/** Names of forms, areas and measures, looked up once per plan. */
export class PlanNames {
  private readonly forms: Map<string, { name: string; name_en?: string | undefined }>;
  private readonly areas: Map<string, { name: string; name_en?: string | undefined }>;
  private readonly measures: Map<string, { name: string; name_en?: string | undefined }>;
  /** Registry entities that report enterprise forms, named as reporting units beside the areas. */
  private readonly units = new Map<string, string>();

  constructor(plan: Plan) {
    this.forms = new Map((plan.forms ?? []).map((f) => [f.id, f]));
    this.areas = new Map(plan.areas.map((a) => [a.code, a]));
    this.measures = new Map(plan.measures.map((m) => [m.id, m]));
  }

  form(id: string): CellLabel {
    const f = this.forms.get(id);
    return { zh: f?.name ?? id, en: f?.name_en ?? f?.name ?? id };
  }
  /** An area's name, or an enterprise's when the code is a reporting unit of an enterprise form. */
  area(code: string): CellLabel {
    const a = this.areas.get(code);
    if (a) return { zh: a.name, en: a.name_en ?? a.name };
    const unit = this.units.get(code);
    return { zh: unit ?? code, en: unit ?? code };
  }

  /** Remembers the names of enterprise reporting units (as the registry has them now). */
  addUnits(units: readonly { id: string; name: string }[]): void {
    for (const u of units) this.units.set(u.id, u.name);
  }
  measure(id: string): CellLabel {
    const m = this.measures.get(id);
    return { zh: m?.name ?? id, en: m?.name_en ?? m?.name ?? id };
  }

  /** 区（市）县电子商务月报 · 锦江区 · 2026年10月 · 网上零售额 */
  cell(c: FormCell): CellLabel {
    const p = parsePeriod(c.period);
    return {
      zh: [this.form(c.form).zh, this.area(c.area).zh, periodLabelZh(p), this.measure(c.measure).zh].join(
        ' · ',
      ),
      en: [this.form(c.form).en, this.area(c.area).en, periodLabelEn(p), this.measure(c.measure).en].join(
        ' · ',
      ),
    };
  }
}
