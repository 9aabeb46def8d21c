import { describe, expect, it } from 'vitest';
import { chartSvg } from './chart-export.js';
import './echarts.js';
import { chartProvenance, type ExportContext, provenanceRows, sourcesOf } from './export-provenance.js';
import { i18n } from './i18n.js';

const t = i18n.global.t as (key: string, values?: Record<string, unknown>) => string;

const context: ExportContext = {
  title: '网上零售额',
  period: '2021年1–3月',
  unit: '亿元',
  area: { name: '成都市', code: '510100' },
  sources: ['平台数据（按批次入库）（模拟）'],
  dataVersion: 21,
  simulated: true,
  plan: '成都市电子商务发展“十四五”规划',
};
const option = {
  xAxis: { type: 'category', data: ['1月', '2月', '3月'] },
  yAxis: { type: 'value' },
  series: [{ type: 'bar', data: [400, 350, 450] }],
};
/** The text of every <text> element of an SVG document, in order. */
const texts = (svg: string) =>
  [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => (m[1] as string).replace(/&amp;/g, '&'));

describe('an exported chart carries its provenance in the image', () => {
  it('SVG: title, period, unit, area, source, data version, and 模拟数据 across it', () => {
    const svg = chartSvg(option, chartProvenance(context, t));
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg" width="960" height="604"')).toBe(true);
    const all = texts(svg);
    expect(all.slice(0, 2)).toEqual([
      '网上零售额',
      '期间：2021年1–3月 · 单位：亿元 · 区域：成都市（510100）',
    ]);
    expect(all).toContain(
      '来源：平台数据（按批次入库）（模拟） · 数据版本 21 · 成都市电子商务发展“十四五”规划',
    );
    expect(all.filter((x) => x === '模拟数据')).toHaveLength(3);
    // The chart itself is inside: its axis labels are drawn as text too.
    expect(all).toEqual(expect.arrayContaining(['1月', '2月', '3月']));
  });

  it('no watermark when nothing is simulated; the default source when none is known', () => {
    const svg = chartSvg(option, chartProvenance({ ...context, simulated: false, sources: [] }, t));
    expect(texts(svg)).not.toContain('模拟数据');
    expect(svg).not.toContain('class="watermark"');
    expect(texts(svg)).toContain(
      '来源：已发布的监测数据，ecmon 按规划口径计算 · 数据版本 21 · 成都市电子商务发展“十四五”规划',
    );
  });

  it('reads the API’s batch lists as the platform feeds, once', () => {
    expect(
      sourcesOf(
        [
          { source: '平台数据 [5 batches: feed-a, feed-b, …]', simulated: true },
          { source: 'batch:feed-c', simulated: true },
          { source: '二(三)1 专栏4 第1项' },
          { source: null },
        ],
        t,
      ),
    ).toEqual(['二(三)1 专栏4 第1项', '平台数据（按批次入库）（模拟）']);
  });

  it('the XLSX 来源/说明 sheet says the same', () => {
    expect(provenanceRows(context, t, ['增速为比率'])).toEqual([
      ['标题', '网上零售额'],
      ['规划', '成都市电子商务发展“十四五”规划'],
      ['期间', '2021年1–3月'],
      ['区域', '成都市（510100）'],
      ['单位', '亿元'],
      ['来源', '平台数据（按批次入库）（模拟）'],
      ['数据版本', '21'],
      ['模拟数据', '是：含模拟数据（开发或演示用），不可作为统计结论引用'],
      ['说明', '增速为比率'],
    ]);
  });
});
