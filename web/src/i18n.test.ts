import { describe, expect, it } from 'vitest';
import { initialLocale, uiLocale } from './i18n.js';

describe('the language the dashboard starts in', () => {
  it('reads language tags', () => {
    expect(uiLocale('en-GB')).toBe('en');
    expect(uiLocale('zh-Hans-CN')).toBe('zh-CN');
    expect(uiLocale('zh')).toBe('zh-CN');
    expect(uiLocale('fr')).toBeNull();
    expect(uiLocale(null)).toBeNull();
  });

  it('is ?lang= first, then the one remembered, then the browser’s, then Chinese', () => {
    expect(initialLocale('en', 'zh-CN', ['zh-CN'])).toBe('en');
    expect(initialLocale(null, 'en', ['zh-CN'])).toBe('en');
    expect(initialLocale('fr', null, ['de-DE', 'en-US'])).toBe('en');
    expect(initialLocale(null, null, ['de-DE'])).toBe('zh-CN');
  });
});
