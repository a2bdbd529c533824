/**
 * The cockpit's ECharts parts on top of the shared map core: tree-shaken imports only, canvas renderer
 * (headless Chromium has no GPU; canvas draws there as everywhere).
 */
import { BarChart, GaugeChart, HeatmapChart, LineChart, PieChart, ScatterChart } from 'echarts/charts';
import {
  GeoComponent,
  GridComponent,
  LegendComponent,
  TitleComponent,
  VisualMapComponent,
} from 'echarts/components';
import { echarts } from '@/shared/charts/echarts';

echarts.use([
  BarChart,
  LineChart,
  PieChart,
  GaugeChart,
  ScatterChart,
  HeatmapChart,
  GeoComponent,
  GridComponent,
  LegendComponent,
  TitleComponent,
  VisualMapComponent,
]);

export { echarts };
