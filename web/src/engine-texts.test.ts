import { describe, expect, it } from 'vitest';
import { methodKey, sourceParts } from './engine-texts.js';
import { i18n } from './i18n.js';

const say = (method: string, locale: 'zh-CN' | 'en') => {
  const k = methodKey(method);
  if (!k) return method;
  return i18n.global.t(k.key, k.params ?? {}, { locale });
};

describe('engine method texts in the reader’s language', () => {
  it('words the known methods in Chinese and in English, with their figures', () => {
    expect(say('sum of 12 monthly observations (月度合计)', 'zh-CN')).toBe('12个月度观测值合计（月度合计）');
    expect(say('year-on-year growth from levels (同比，按总量直接计算)', 'en')).toBe(
      'year-on-year growth from levels',
    );
    expect(
      say('geometric average annual growth (水平法), 2021–2024年均 (base year 2020, n = 4)', 'zh-CN'),
    ).toBe('几何平均年均增速（水平法），2021–2024年年均（基期2020年，n = 4）');
    expect(say('Open SDG / Statistics Canada progress, methodology 2 (against the target)', 'zh-CN')).toBe(
      'Open SDG / 加拿大统计局进展评估，方法2（对照目标）',
    );
    expect(say('constant-growth path from baseline to target (序时进度)', 'zh-CN')).toBe(
      '从基期到目标的等速增长路径（序时进度）',
    );
  });

  it('shows a text it does not know as the engine wrote it', () => {
    expect(methodKey('a method added later')).toBeNull();
  });
});

describe('sources', () => {
  it('separate the source name from the batches it rests on', () => {
    expect(sourceParts('平台数据 [60 batches: a-1, b-2, c-3, …]')).toEqual({
      name: '平台数据',
      nameKey: 'sources.platform',
      count: 60,
      batches: ['a-1', 'b-2', 'c-3'],
    });
    expect(sourceParts('测试数据 [batch imp-1]')).toEqual({
      name: '测试数据',
      nameKey: null,
      count: 1,
      batches: ['imp-1'],
    });
    expect(sourceParts('batch:plan-7')).toMatchObject({ name: '', count: 1, batches: ['plan-7'] });
    expect(sourceParts('国家统计局')).toMatchObject({ name: '国家统计局', count: 0, batches: [] });
  });
});
