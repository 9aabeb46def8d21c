/** Fills an export's provenance from what every page knows: the plan, its data version, the area names. */
import { useI18n } from 'vue-i18n';
import type { ExportContext } from './export-provenance.js';
import { formatUnit } from './format.js';
import { useLabels } from './labels.js';
import { meta } from './meta-store.js';

export interface ExportFacts {
  title: string;
  /** The period as worded on the page. */
  period: string;
  /** The unit code (亿元, 个…); '' for mixed units. */
  unit: string;
  /** The area code; the plan's root area when absent. */
  area?: string | null;
  sources?: string[];
  /** Whether any figure of the export is simulated; the store-wide flag when not known. */
  simulated?: boolean;
}

export function useExportContext(): (facts: ExportFacts) => ExportContext {
  const { t } = useI18n();
  const { lang, areaName } = useLabels();
  return (f) => {
    const code = f.area || meta.value?.root_area || '';
    return {
      title: f.title,
      period: f.period,
      unit: f.unit ? formatUnit(f.unit, lang.value) : '',
      area: code ? { code, name: areaName(code) || t('app.wholeArea') } : null,
      sources: f.sources ?? [],
      dataVersion: meta.value?.data_version ?? null,
      simulated: f.simulated ?? meta.value?.simulated ?? false,
      plan: meta.value?.plan.metadata.title ?? '',
    };
  };
}
