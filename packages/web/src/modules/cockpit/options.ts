/**
 * ECharts options for the cockpit's widgets: pure functions of the data and the theme, so the wall
 * (dark) and the console page (light) draw the same widgets.
 */
import { clusterPoints } from '@fengqiao/domain/cockpit/cluster';
import type { EChartsCoreOption } from 'echarts/core';
import type { Categories, DisputeTypes, Heat, MapData, Points, Rankings, Trend } from './api';

export interface Palette {
  text: string;
  muted: string;
  axis: string;
  split: string;
  series: string[];
  area: string;
  border: string;
  choropleth: string[];
  heat: string[];
  point: string;
  tooltipBg: string;
  tooltipText: string;
}

export const DARK: Palette = {
  text: '#d9e8ff',
  muted: '#7f9cc4',
  axis: '#34507a',
  split: 'rgba(80,120,180,0.18)',
  series: ['#3aa1ff', '#36cfc9', '#ffc53d', '#ff7a45', '#9254de', '#73d13d'],
  area: '#0f2a4d',
  border: '#4fb3ff',
  choropleth: ['#12355f', '#1d5a96', '#2f86c9', '#5ab4ee', '#9ee0ff'],
  heat: ['rgba(0,0,0,0)', '#2f54eb', '#13c2c2', '#fadb14', '#fa541c'],
  point: '#ffc53d',
  tooltipBg: 'rgba(6,22,48,0.92)',
  tooltipText: '#d9e8ff',
};

export const LIGHT: Palette = {
  text: '#303133',
  muted: '#909399',
  axis: '#c0c4cc',
  split: '#ebeef5',
  series: ['#1f6feb', '#13a8a8', '#e6a23c', '#f56c6c', '#7c4dff', '#67c23a'],
  area: '#e8eef7',
  border: '#ffffff',
  choropleth: ['#eaf2fd', '#b5d0f5', '#78a8ec', '#4585e0', '#1d5fc2'],
  heat: ['rgba(255,255,255,0)', '#69b1ff', '#36cfc9', '#fadb14', '#f5222d'],
  point: '#f56c6c',
  tooltipBg: 'rgba(255,255,255,0.96)',
  tooltipText: '#303133',
};

const tooltip = (p: Palette) => ({
  backgroundColor: p.tooltipBg,
  borderColor: p.axis,
  textStyle: { color: p.tooltipText, fontSize: 13 },
});

const fmt = (v: number | null | undefined, unit = '') =>
  v === null || v === undefined ? '—' : `${v.toLocaleString('zh-CN')}${unit}`;

export function trendOption(
  d: Trend,
  p: Palette,
  names: { events: string; closed: string; disputes: string },
): EChartsCoreOption {
  const days = d.days.map((x) => x.day.slice(5));
  const series: Record<string, unknown>[] = [];
  if (d.series.events) {
    series.push(
      {
        name: names.events,
        type: 'line',
        smooth: true,
        symbol: 'none',
        data: d.days.map((x) => x.events),
        areaStyle: { opacity: 0.15 },
      },
      { name: names.closed, type: 'line', smooth: true, symbol: 'none', data: d.days.map((x) => x.closed) },
    );
  }
  if (d.series.disputes)
    series.push({ name: names.disputes, type: 'bar', barMaxWidth: 8, data: d.days.map((x) => x.disputes) });
  return {
    animation: false,
    color: p.series,
    tooltip: { trigger: 'axis', ...tooltip(p) },
    legend: { top: 0, right: 4, textStyle: { color: p.muted, fontSize: 12 }, itemWidth: 14, itemHeight: 8 },
    grid: { left: 8, right: 12, top: 28, bottom: 4, containLabel: true },
    xAxis: {
      type: 'category',
      data: days,
      axisLine: { lineStyle: { color: p.axis } },
      axisLabel: { color: p.muted, fontSize: 11 },
    },
    yAxis: {
      type: 'value',
      minInterval: 1,
      splitLine: { lineStyle: { color: p.split } },
      axisLabel: { color: p.muted, fontSize: 11 },
    },
    series,
  };
}

function barRows(
  rows: { name: string; value: number | null }[],
  p: Palette,
  color: string,
  unit: string,
): EChartsCoreOption {
  const list = [...rows].reverse();
  return {
    animation: false,
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, ...tooltip(p) },
    grid: { left: 4, right: 48, top: 4, bottom: 4, containLabel: true },
    xAxis: { type: 'value', show: false },
    yAxis: {
      type: 'category',
      data: list.map((r) => r.name),
      axisLine: { show: false },
      axisTick: { show: false },
      axisLabel: { color: p.text, fontSize: 12, width: 110, overflow: 'truncate' },
    },
    series: [
      {
        type: 'bar',
        data: list.map((r) => r.value ?? 0),
        barMaxWidth: 12,
        itemStyle: { color, borderRadius: [0, 6, 6, 0] },
        showBackground: true,
        backgroundStyle: { color: p.split, borderRadius: [0, 6, 6, 0] },
        label: {
          show: true,
          position: 'right',
          color: p.text,
          fontSize: 12,
          formatter: (x: { dataIndex: number }) => fmt(list[x.dataIndex]?.value, unit),
        },
      },
    ],
  };
}

export function categoriesOption(
  d: { items: (Omit<Categories['items'][number], 'name'> & { name: string })[] },
  p: Palette,
): EChartsCoreOption {
  return barRows(
    d.items.map((i) => ({ name: i.name, value: i.events })),
    p,
    p.series[0]!,
    '',
  );
}

export function rankingOption(
  d: Omit<Rankings, 'items'> & { items: (Omit<Rankings['items'][number], 'name'> & { name: string })[] },
  p: Palette,
  unit: string,
): EChartsCoreOption {
  return barRows(
    d.items
      .slice(0, 10)
      .map((i) => ({ name: i.rank === null ? i.name : `${i.rank}. ${i.name}`, value: i.value })),
    p,
    p.series[1]!,
    unit,
  );
}

/** 按期结案率, 满意率, 化解率 as three ring gauges in one chart. */
export function ratesOption(rates: { name: string; value: number | null }[], p: Palette): EChartsCoreOption {
  const n = rates.length;
  return {
    animation: false,
    series: rates.map((r, i) => ({
      type: 'gauge',
      center: [`${((i + 0.5) / n) * 100}%`, '42%'],
      radius: '62%',
      startAngle: 90,
      endAngle: -270,
      min: 0,
      max: 100,
      pointer: { show: false },
      progress: { show: true, roundCap: true, width: 9, itemStyle: { color: p.series[i % p.series.length] } },
      axisLine: { lineStyle: { width: 9, color: [[1, p.split]] } },
      splitLine: { show: false },
      axisTick: { show: false },
      axisLabel: { show: false },
      title: { offsetCenter: [0, '138%'], color: p.muted, fontSize: 13 },
      detail: {
        offsetCenter: [0, 0],
        color: p.text,
        fontSize: 18,
        fontWeight: 'bold',
        formatter: () => (r.value === null ? '—' : `${r.value}%`),
      },
      data: [{ value: r.value ?? 0, name: r.name }],
    })),
  };
}

export function disputeTypesOption(
  d: { items: (Omit<DisputeTypes['items'][number], 'name'> & { name: string })[] },
  p: Palette,
): EChartsCoreOption {
  return {
    animation: false,
    color: p.series,
    tooltip: { trigger: 'item', ...tooltip(p) },
    legend: {
      type: 'scroll',
      orient: 'vertical',
      right: 0,
      top: 'middle',
      textStyle: { color: p.muted, fontSize: 11 },
      itemWidth: 10,
      itemHeight: 8,
    },
    series: [
      {
        type: 'pie',
        radius: ['45%', '72%'],
        center: ['32%', '50%'],
        label: { show: false },
        itemStyle: { borderColor: p.tooltipBg, borderWidth: 1 },
        data: d.items.map((i) => ({ name: i.name, value: i.intake })),
      },
    ],
  };
}

export interface MapLayers {
  choropleth: boolean;
  points: boolean;
  heat: boolean;
  labels: boolean;
}

/**
 * The one map: child regions coloured by the measure (series 0, through `geo`), events as clustered
 * bubbles (series 1) and special groups as an aggregate heat layer (series 2). `mapKey` is the name the
 * boundaries were registered under with echarts.registerMap.
 */
export function mapOption(
  mapKey: string,
  d: MapData,
  points: Points | null,
  heat: Heat | null,
  layers: MapLayers,
  p: Palette,
  text: { measure: string; unit: string; events: string; noValue: string; transparent: boolean },
): EChartsCoreOption {
  const names = new Map(d.features.map((f) => [f.properties.code, f.properties.name]));
  const min = d.min ?? 0;
  const max = d.max ?? 1;
  // About a hundred bubbles at most: a district's 741 grids merge into ~11 × 11 cells.
  const cells = points ? Math.max(3, Math.min(12, Math.round(Math.sqrt(points.items.length) / 2.5))) : 1;
  const clusters = points
    ? clusterPoints(
        points.items.map((x) => ({ lng: x.lng, lat: x.lat, weight: x.events })),
        cells,
      )
    : [];
  const maxW = Math.max(1, ...clusters.map((c) => c.weight));
  const heatMax = Math.max(1, ...(heat?.items.map((h) => h.count) ?? [1]));
  const showLabels = layers.labels && d.features.length <= 80;
  return {
    animation: false,
    tooltip: {
      trigger: 'item',
      ...tooltip(p),
      formatter: (x: { seriesIndex: number; name: string; value: unknown; data: unknown }) => {
        if (x.seriesIndex === 0) {
          const v =
            typeof x.value === 'number' && !Number.isNaN(x.value)
              ? fmt(x.value, ` ${text.unit}`)
              : text.noValue;
          return `${names.get(x.name) ?? x.name}<br/>${text.measure}：${v}`;
        }
        if (x.seriesIndex === 1) return `${text.events}：${fmt((x.value as number[])[2])}`;
        return '';
      },
    },
    geo: {
      map: mapKey,
      roam: true,
      nameProperty: 'code',
      layoutCenter: ['50%', '50%'],
      layoutSize: '92%',
      selectedMode: false,
      itemStyle: {
        areaColor: text.transparent ? 'rgba(0,0,0,0)' : p.area,
        borderColor: p.border,
        borderWidth: 1,
      },
      label: {
        show: showLabels,
        color: p.text,
        textBorderColor: p.tooltipBg,
        textBorderWidth: 2,
        fontSize: d.features.length > 30 ? 10 : 13,
        formatter: (x: { name: string }) => names.get(x.name) ?? x.name,
      },
      emphasis: { label: { show: true, color: '#fff' }, itemStyle: { areaColor: '#f0a020' } },
    },
    visualMap: [
      {
        type: 'continuous',
        seriesIndex: 0,
        show: layers.choropleth,
        min,
        max: max === min ? min + 1 : max,
        left: 16,
        bottom: 16,
        itemHeight: 110,
        calculable: false,
        text: [fmt(max), fmt(min)],
        textStyle: { color: p.muted, fontSize: 11 },
        inRange: { color: p.choropleth },
      },
      {
        type: 'continuous',
        seriesIndex: 2,
        show: false,
        min: 0,
        max: heatMax,
        inRange: { color: p.heat },
      },
    ],
    series: [
      {
        type: 'map',
        geoIndex: 0,
        data: layers.choropleth
          ? d.features.map((f) => ({ name: f.properties.code, value: f.properties.value ?? Number.NaN }))
          : [],
      },
      {
        type: 'scatter',
        coordinateSystem: 'geo',
        data: layers.points ? clusters.map((c) => [c.lng, c.lat, c.weight, c.count]) : [],
        symbolSize: (v: number[]) => 6 + Math.sqrt(v[2]! / maxW) * 24,
        itemStyle: { color: p.point, opacity: 0.78, borderColor: '#fff', borderWidth: 1 },
        label: {
          show: true,
          color: '#1a1a1a',
          fontSize: 10,
          formatter: (x: { value: number[] }) => (x.value[2]! >= maxW * 0.35 ? String(x.value[2]) : ''),
        },
        zlevel: 1,
      },
      {
        type: 'heatmap',
        coordinateSystem: 'geo',
        data: layers.heat ? (heat?.items ?? []).map((h) => [h.lng, h.lat, h.count]) : [],
        pointSize: d.features.length > 60 ? 14 : 24,
        blurSize: d.features.length > 60 ? 18 : 30,
        zlevel: 1,
      },
    ],
  };
}
