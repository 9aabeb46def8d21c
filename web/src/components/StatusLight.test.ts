// @vitest-environment happy-dom
import { mount } from '@vue/test-utils';
import { beforeEach, describe, expect, it } from 'vitest';
import type { ScheduleStatus } from '../../../src/api/contract/schemas.js';
import { i18n } from '../i18n.js';

// The dashboard starts in the browser's language (happy-dom's is en-US); these tests read the Chinese.
beforeEach(() => {
  i18n.global.locale.value = 'zh-CN';
});

import StatusLight from './StatusLight.vue';

const render = (status: ScheduleStatus | null) =>
  mount(StatusLight, { props: { status }, global: { plugins: [i18n] } });

describe('status light', () => {
  it('gives each light a distinct icon and a text label, so colour is never the only signal', () => {
    const shown = (['on_track', 'slightly_behind', 'behind'] as const).map((s) => {
      const w = render(s);
      return [w.find('.status-light__icon').text(), w.find('.status-light__label').text()];
    });
    expect(shown).toEqual([
      ['✓', '达到序时进度'],
      ['!', '略低于序时进度'],
      ['✕', '明显落后于序时进度'],
    ]);
  });

  it('is an image with an aria-label naming the status', () => {
    const light = render('behind').find('.status-light');
    expect(light.attributes('role')).toBe('img');
    expect(light.attributes('aria-label')).toBe('状态：明显落后于序时进度');
    expect(light.attributes('data-status')).toBe('behind');
  });

  it('says it cannot judge when there is no status', () => {
    const w = render(null);
    expect(w.find('.status-light').attributes('data-status')).toBe('none');
    expect(w.find('.status-light__label').text()).toBe('无法判断');
  });

  it('speaks English when the locale is English', async () => {
    i18n.global.locale.value = 'en';
    try {
      expect(render('on_track').find('.status-light').attributes('aria-label')).toBe('Status: On schedule');
    } finally {
      i18n.global.locale.value = 'zh-CN';
    }
  });
});
