/** Names of plan things (areas, indicators, categories, domains) in the reader's language. */
import { computed } from 'vue';
import { useI18n } from 'vue-i18n';
import type { Locale } from './format.js';
import { meta } from './meta-store.js';

/** Category and domain-group names the plan file gives only in Chinese. */
const GROUP_EN: Record<string, string> = {
  规模指标: 'Scale',
  企业指标: 'Enterprises',
  新业态新模式: 'New formats and models',
  应用场景: 'Application scenes',
  专项: 'Special',
  传统优势领域: 'Traditional strengths',
  未来潜力领域: 'Future potential',
};

export function useLabels() {
  const { locale } = useI18n();
  const lang = computed<Locale>(() => (locale.value === 'en' ? 'en' : 'zh-CN'));
  const pick = (x: { name: string; name_en?: string } | undefined, fallback: string) =>
    x ? (lang.value === 'en' && x.name_en ? x.name_en : x.name) : fallback;
  return {
    lang,
    areaName: (code: string | null | undefined) =>
      code
        ? pick(
            meta.value?.areas.find((a) => a.code === code),
            code,
          )
        : '',
    indicatorName: (id: string) =>
      pick(
        meta.value?.indicators.find((i) => i.id === id),
        id,
      ),
    domainName: (id: string, fallback: string) =>
      pick(
        meta.value?.domains.find((d) => d.id === id),
        fallback,
      ),
    zoneName: (id: string, fallback: string) =>
      pick(
        meta.value?.zones.find((z) => z.id === id),
        fallback,
      ),
    groupName: (name: string) => (lang.value === 'en' ? (GROUP_EN[name] ?? name) : name),
  };
}
