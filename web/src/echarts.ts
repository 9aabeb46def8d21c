/** Registers only the ECharts parts the dashboard draws (never the full bundle). */
import { BarChart, LineChart, MapChart } from 'echarts/charts';
import {
  GeoComponent,
  GridComponent,
  LegendComponent,
  MarkLineComponent,
  TitleComponent,
  TooltipComponent,
  VisualMapComponent,
} from 'echarts/components';
import { use } from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';

use([
  LineChart,
  BarChart,
  MapChart,
  CanvasRenderer,
  GridComponent,
  TooltipComponent,
  MarkLineComponent,
  VisualMapComponent,
  LegendComponent,
  GeoComponent,
  TitleComponent,
]);

/** Series colours: neutral blues and greys, distinct from the status lights and rise/fall colours. */
export const PALETTE = [
  '#1d4ed8',
  '#0f766e',
  '#7c3aed',
  '#b45309',
  '#475569',
  '#0369a1',
  '#be185d',
  '#4d7c0f',
];
export const FONT = 'system-ui, "PingFang SC", "Microsoft YaHei", "WenQuanYi Zen Hei", sans-serif';
