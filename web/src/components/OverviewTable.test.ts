// @vitest-environment happy-dom
import { mount } from '@vue/test-utils';
import { beforeAll, describe, expect, it } from 'vitest';
import { createMemoryHistory, createRouter } from 'vue-router';
import type { MetaResponse, OverviewResponse } from '../../../src/api/contract.js';
import { createFixtureService } from '../../../src/api/fixture-service.js';
import { i18n } from '../i18n.js';
import { meta as metaStore } from '../meta-store.js';
import OverviewTable from './OverviewTable.vue';

let meta: MetaResponse;
let overview: OverviewResponse;

beforeAll(async () => {
  const service = await createFixtureService();
  meta = await service.meta();
  metaStore.value = meta;
  overview = await service.overview({ period: '2023' });
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
  it('has one row per plan indicator, grouped by category in plan order', async () => {
    const w = await render();
    const rows = w.findAll('tr[data-indicator]').map((r) => r.attributes('data-indicator'));
    expect(rows).toEqual(meta.indicators.map((i) => i.id));
    const groups = w.findAll('.overview-table__group th').map((g) => g.text());
    expect(groups).toEqual([
      '主要目标（专栏4） · 规模指标',
      '主要目标（专栏4） · 企业指标',
      '主要目标（专栏4） · 新业态新模式',
      '主要目标（专栏4） · 应用场景',
    ]);
  });

  it('shows baseline, target, latest value and period, completion, gap, light and projection', async () => {
    const row = (await render()).find('tr[data-indicator="ec_transaction"]');
    const cells = row.findAll('td').map((c) => c.text().replace(/\s+/g, ' '));
    expect(cells[0]).toBe('22,637.5 2020年');
    expect(cells[1]).toBe('≥40,000亿元（2025年）');
    expect(cells[2]).toContain('30,912.6');
    expect(cells[2]).toContain('模拟');
    expect(cells[2]).toContain('2023年');
    expect(cells[3]).toBe('77.3%');
    expect(cells[4]).toContain('−3.0%');
    expect(row.find('.status-light').attributes('data-status')).toBe('yellow');
    expect(cells[6]).toContain('38,048.7');
    expect(cells[6]).toContain('难达目标');
  });

  it('says 暂无数据 for an indicator without data, with no zero and no light', async () => {
    const row = (await render()).find('tr[data-indicator="demo_scenes"]');
    expect(row.find('[data-test="no-data"]').text()).toBe('暂无数据');
    expect(row.find('.status-light').exists()).toBe(false);
    expect(row.text()).not.toMatch(/\b0(\.0)?%/);
  });

  it('links each indicator to its detail page, keeping the area', async () => {
    const link = (await render()).find('tr[data-indicator="online_retail"] a');
    expect(link.attributes('href')).toBe('/indicator?area=510104&indicator=online_retail');
    expect(link.attributes('aria-label')).toBe('查看网上零售额详情');
  });

  it('lists non-headline indicators after the headline targets', async () => {
    const extra = structuredClone(overview);
    const first = extra.groups[0]?.rows[0];
    if (!first) throw new Error('fixture has no rows');
    extra.groups[0]?.rows.push({
      ...first,
      result: { ...first.result, indicator: 'platforms', name: '公共服务平台' },
    });
    const w = await render(extra);
    const groups = w.findAll('.overview-table__group th').map((g) => g.text());
    expect(groups.at(-1)).toBe('其他指标 · 规模指标');
    expect(w.findAll('tr[data-indicator]').at(-1)?.attributes('data-indicator')).toBe('platforms');
  });
});
