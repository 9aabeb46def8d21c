/** Names of plan things (areas, indicators, categories, domains) in the reader's language. */
import { computed } from 'vue';
import { useI18n } from 'vue-i18n';
import { methodKey, sourceParts } from './engine-texts.js';
import type { Locale } from './format.js';
import { meta } from './meta-store.js';

/** Category and domain-group names the plan file gives only in Chinese. */
const GROUP_EN: Record<string, string> = {
  规模指标: 'Scale',
  企业指标: 'Enterprises',
  新业态新模式: 'New formats and models',
  应用场景: 'Application scenarios',
  产业生态: 'Industry ecosystem',
  '专项：工业互联网': 'Special: industrial internet',
  '专项：农村电商': 'Special: rural e-commerce',
  '专项：直播电商': 'Special: live-streaming e-commerce',
  专项: 'Special',
  远景目标: 'Long-range goals',
  结构指标: 'Structure',
  传统优势领域: 'Traditional strengths',
  未来潜力领域: 'Future potential',
};

export function useLabels() {
  const { locale, t } = useI18n();
  const lang = computed<Locale>(() => (locale.value === 'en' ? 'en' : 'zh-CN'));
  const pick = (x: { name: string; name_en?: string } | undefined, fallback: string) =>
    x ? (lang.value === 'en' && x.name_en ? x.name_en : x.name) : fallback;
  return {
    lang,
    /** A `{zh, en}` text of the API (form, measure and unit names) in the reader's language. */
    zhEn: (v: { zh: string; en: string }) => (lang.value === 'en' ? v.en : v.zh),
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
    /** An engine method text in the reader's language (as the engine wrote it when not a known one). */
    methodText: (method: string) => {
      const k = methodKey(method);
      return k ? t(k.key, k.params ?? {}) : method;
    },
    /** A source with the batches it rests on, in the reader's language. */
    sourceText: (source: string | null) => {
      if (!source) return '—';
      const p = sourceParts(source);
      const name = p.nameKey ? t(p.nameKey) : p.name;
      if (p.batches.length === 0) return name;
      const list = p.batches.join(lang.value === 'en' ? ', ' : '、');
      const batches =
        p.count > p.batches.length
          ? t('sources.batches', { count: p.count, list })
          : t('sources.batch', { id: list });
      if (!name) return batches;
      return lang.value === 'en' ? `${name} (${batches})` : `${name}（${batches}）`;
    },
  };
}
