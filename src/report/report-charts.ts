import * as echarts from 'echarts';
import type { BulletinModel } from './bulletin-model.js';

/** A chart rendered on the server: its title (also the caption) and SVG text. */
export interface ReportChart {
  title: string;
  svg: string;
  width: number;
  height: number;
}

const FONT = '"Noto Sans CJK SC", "WenQuanYi Zen Hei", "Source Han Sans SC", sans-serif';

/** Renders an ECharts option to SVG without a browser (server-side rendering). */
export function renderSvg(option: echarts.EChartsCoreOption, width = 720, height = 340): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  chart.setOption({ animation: false, textStyle: { fontFamily: FONT }, ...option });
  const svg = chart.renderToSVGString();
  chart.dispose();
  return svg;
}

/** Every chart's source line: unit, area, period, source, data version and the 模拟 mark. */
export function chartFootnote(m: BulletinModel, unit: string): string {
  return `单位：${unit} · 成都市 · ${m.period} · 数据版本 ${m.dataVersion}${m.simulated ? ' · 含模拟数据' : ''}`;
}

function titled(text: string, sub: string, simulated: boolean): echarts.EChartsCoreOption {
  return {
    title: {
      text,
      subtext: sub,
      left: 'center',
      textStyle: { fontSize: 15 },
      subtextStyle: { fontSize: 10 },
    },
    ...(simulated
      ? {
          graphic: [
            {
              type: 'text',
              right: 12,
              bottom: 6,
              style: { text: '模拟数据', fill: 'rgba(200,0,0,0.55)', fontSize: 14, fontWeight: 'bold' },
            },
          ],
        }
      : {}),
  };
}

/** The bulletin's charts: monthly trend of the main indicator, progress against the year's targets, districts. */
export function bulletinCharts(m: BulletinModel): ReportChart[] {
  const charts: ReportChart[] = [];
  const main = m.main;
  if (main) {
    const unit = main.result.unit;
    const title = `${main.indicator.name}月度走势（${m.year}年1—${m.months}月）`;
    charts.push({
      title,
      width: 720,
      height: 340,
      svg: renderSvg({
        ...titled(title, chartFootnote(m, unit), m.simulated),
        legend: { top: 54 },
        grid: { top: 92, left: 64, right: 64, bottom: 40 },
        xAxis: { type: 'category', data: m.trend.map((t) => `${t.month}月`) },
        yAxis: [
          { type: 'value', name: unit },
          { type: 'value', name: '%', splitLine: { show: false } },
        ],
        series: [
          { type: 'bar', name: `${m.year}年当月`, data: m.trend.map((t) => round(t.value)) },
          { type: 'bar', name: `${m.year - 1}年当月`, data: m.trend.map((t) => round(t.lastYear)) },
          {
            type: 'line',
            name: '累计同比增速',
            yAxisIndex: 1,
            data: m.trend.map((t) => round(t.cumulativeYoy === null ? null : t.cumulativeYoy * 100)),
          },
        ],
      }),
    });
  }
  const judged = m.rows.filter((r) => r.result.ytd?.completion != null);
  if (judged.length) {
    const title = `全年目标完成进度（1—${m.months}月）`;
    charts.push({
      title,
      width: 720,
      height: 320,
      svg: renderSvg({
        ...titled(title, chartFootnote(m, '%'), m.simulated),
        legend: { top: 54 },
        grid: { top: 92, left: 64, right: 24, bottom: 40 },
        xAxis: { type: 'category', data: judged.map((r) => r.indicator.name) },
        yAxis: { type: 'value', name: '%' },
        series: [
          {
            type: 'bar',
            name: '完成全年目标',
            data: judged.map((r) => round((r.result.ytd?.completion ?? 0) * 100)),
          },
          {
            type: 'bar',
            name: '序时进度',
            data: judged.map((r) => round((r.result.ytd?.time_share ?? 0) * 100)),
          },
          {
            type: 'bar',
            name: '季节进度',
            data: judged.map((r) =>
              round(r.result.ytd?.seasonal_share == null ? null : r.result.ytd.seasonal_share * 100),
            ),
          },
        ],
      }),
    });
  }
  const first = m.districts[0];
  if (first) {
    const names = new Map(m.plan.areas.map((a) => [a.code, a.name]));
    const ranked = first.breakdown.areas
      .filter((a) => a.value !== null)
      .sort((a, b) => (b.value as number) - (a.value as number));
    const unit = first.row.result.unit;
    const title = `各区（市）县${first.row.indicator.name}（1—${m.months}月）`;
    charts.push({
      title,
      width: 720,
      height: 420,
      svg: renderSvg(
        {
          ...titled(title, chartFootnote(m, unit), m.simulated),
          grid: { top: 64, left: 110, right: 40, bottom: 30 },
          yAxis: {
            type: 'category',
            inverse: true,
            axisLabel: { interval: 0 },
            data: ranked.map((a) => names.get(a.area) ?? a.area),
          },
          xAxis: { type: 'value', name: unit },
          series: [
            {
              type: 'bar',
              data: ranked.map((a) => round(a.value)),
              label: { show: true, position: 'right' },
            },
          ],
        },
        720,
        420,
      ),
    });
  }
  return charts;
}

function round(x: number | null): number | null {
  return x === null ? null : Math.round(x * 10) / 10;
}
