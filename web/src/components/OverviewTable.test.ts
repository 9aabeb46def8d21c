// @vitest-environment happy-dom
import { mount } from '@vue/test-utils';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createMemoryHistory, createRouter } from 'vue-router';
import type { MetaResponse, OverviewResponse } from '../../../src/api/contract/schemas.js';
import { type DashboardStore, openDashboardStore } from '../../../test/support/dashboard-store.js';
import { i18n } from '../i18n.js';

// The dashboard starts in the browser's language (happy-dom's is en-US); these tests read the Chinese.
beforeEach(() => {
  i18n.global.locale.value = 'zh-CN';
});

import { meta as metaStore } from '../meta-store.js';
import OverviewTable from './OverviewTable.vue';

let data: DashboardStore;
let meta: MetaResponse;
let overview: OverviewResponse;

beforeAll(async () => {
  data = await openDashboardStore();
  meta = await data.service.meta();
  metaStore.value = meta;
  overview = await data.service.overview({ period: '2021' });
}, 60_000);

afterAll(async () => {
  await data.close();
});

async function render(o: OverviewResponse = overview) {
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [{ path: '/:p(.*)*', component: { template: '<div/>' } }],
  });
  await router.push('/');
  return mount(OverviewTable, {
    props: { overview: o, indicators: meta.indicators, linkQuery: { area: '510104' } },
    global: { plugins: [i18n, router] },
  });
}

describe('overview table', () => {
  it('has a row per plan indicator and target area, headline targets (专栏4) first, by category', async () => {
    const w = await render();
    const rows = w.findAll('tr[data-indicator]').map((r) => r.attributes('data-indicator'));
    expect(new Set(rows)).toEqual(new Set(meta.indicators.map((i) => i.id)));
    // 农产品直播基地 has targets for 蒲江县 and 邛崃市: one row each.
    expect(rows.filter((r) => r === 'agri_live_streaming_bases')).toHaveLength(2);
    const groups = w.findAll('.overview-table__group th').map((g) => g.text());
    expect(groups.slice(0, 5)).toEqual([
      '主要目标（专栏4） · 规模指标',
      '主要目标（专栏4） · 企业指标',
      '主要目标（专栏4） · 新业态新模式',
      '主要目标（专栏4） · 应用场景',
      '其他指标 · 产业生态',
    ]);
  });

  it('shows baseline, target, latest value and period, completion, gap, light and projection', async () => {
    // 网上零售额: 4129.5 (2020, the plan) → 5000 (2021, imported); target ≥8000 in 2025.
    const row = (await render()).find('tr[data-indicator="online_retail_sales"]');
    const cells = row.findAll('td').map((c) => c.text().replace(/\s+/g, ' '));
    expect(cells[0]).toBe('4,129.5 2020年');
    expect(cells[1]).toBe('≥8,000亿元（2025年）');
    // +21.1% = 5000/4129.5 − 1; imported data carries no 模拟 mark.
    expect(cells[2]).toBe('5,000.02021年▲+21.1%');
    expect(cells[3]).toBe('62.5%');
    // On the path 4129.5 × (8000/4129.5)^(1/5) = 4713.4 is expected in 2021: 5000 is 6.1% ahead.
    expect(cells[4]).toBe('+6.1%序时应达 4,713.4');
    expect(row.find('.status-light').attributes('data-status')).toBe('on_track');
    // 5000 × (5000/4129.5)^4 = 10,746.3 in 2025 at the growth since 2020.
    expect(cells[6]).toBe('10,746.3 ✓ 可达目标');
  });

  it('says 暂无数据 for an indicator without data, with no zero and no light', async () => {
    const row = (await render()).find('tr[data-indicator="demonstration_scenes"]');
    expect(row.find('[data-test="no-data"]').text()).toBe('暂无数据');
    expect(row.find('.status-light').exists()).toBe(false);
    expect(row.text()).not.toMatch(/\b0(\.0)?%/);
  });

  it('links each indicator to its detail page, keeping the area', async () => {
    const link = (await render()).find('tr[data-indicator="online_retail_sales"] a');
    expect(link.attributes('href')).toBe('/indicator?area=510104&indicator=online_retail_sales');
    expect(link.attributes('aria-label')).toBe('查看网上零售额详情');
  });

  it('lists non-headline indicators after the headline targets', async () => {
    const w = await render();
    const groups = w.findAll('.overview-table__group th').map((g) => g.text());
    const firstOther = groups.findIndex((g) => g.startsWith('其他指标'));
    expect(firstOther).toBe(4);
    expect(groups.slice(firstOther).every((g) => g.startsWith('其他指标'))).toBe(true);
    const headline = new Set(meta.indicators.filter((i) => i.headline).map((i) => i.id));
    const rows = w.findAll('tr[data-indicator]').map((r) => r.attributes('data-indicator') ?? '');
    expect(rows.slice(0, headline.size).every((id) => headline.has(id))).toBe(true);
    expect(rows.at(-1)).toBe('physical_goods_online_retail_share');
  });
});
