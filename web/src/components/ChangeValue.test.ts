// @vitest-environment happy-dom
import { mount } from '@vue/test-utils';
import { beforeEach, describe, expect, it } from 'vitest';
import { i18n } from '../i18n.js';
import ChangeValue from './ChangeValue.vue';

beforeEach(() => {
  i18n.global.locale.value = 'zh-CN';
});

const render = (value: number | null, kind?: 'growth' | 'points' | 'points-bare') =>
  mount(ChangeValue, { props: { value, kind }, global: { plugins: [i18n] } });

describe('a change', () => {
  it('shows ▲ and the rise colour for a rise, ▼ for a fall', () => {
    const up = render(0.113);
    expect(up.text()).toBe('▲+11.3%');
    expect(up.attributes('style')).toContain('color: #c62828');
    expect(render(-0.021).text()).toBe('▼−2.1%');
  });

  it('that rounds to zero is neutral: ◆, grey, no sign, titled 持平 — never a red ▲ on +0.0个百分点', () => {
    const flat = render(0.04, 'points');
    expect(flat.text()).toBe('◆0.0个百分点');
    expect(flat.attributes('style')).toContain('color: #4b5563');
    expect(flat.attributes('title')).toBe('持平');
    expect(flat.classes()).toContain('change--flat');
    expect(render(-0.0004).text()).toBe('◆0.0%');
    // 拉动 is shown with two decimals: 0.04 is then a rise.
    expect(render(0.04, 'points-bare').text()).toBe('▲+0.04');
  });

  it('is a dash without an arrow when unknown', () => {
    expect(render(null).text()).toBe('—');
  });
});
