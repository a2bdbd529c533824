/**
 * ECharts, tree-shaken: only what is registered here is bundled. A module that needs another chart type
 * calls `echarts.use([...])` with it in its own code (e.g. the cockpit adds bar and line charts).
 * The canvas renderer works in headless Chromium without a GPU.
 */
import { MapChart } from 'echarts/charts';
import { TooltipComponent, VisualMapComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';

echarts.use([MapChart, TooltipComponent, VisualMapComponent, CanvasRenderer]);

export { echarts };
