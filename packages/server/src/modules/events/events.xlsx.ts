import { COUNTER_KEYS, type EventCounters, type EventRates, METRIC_LABELS } from '@fengqiao/domain';
import ExcelJS from 'exceljs';

const RATE_KEYS: (keyof EventRates)[] = [
  'filedOnTimeRate',
  'accurateDispatchRate',
  'handledRate',
  'handledOnTimeRate',
  'closedRate',
  'closedOnTimeRate',
  'reworkRate',
  'extensionRate',
  'responseRate',
  'resolutionRate',
  'satisfactionRate',
];
const GROUP_LABEL = { region: '区域', category: '类别', department: '部门', day: '日期' } as const;
const SHOWN_COUNTERS = COUNTER_KEYS.filter((k) => k !== 'acceptMinutes' && k !== 'handleMinutes');

interface Stats {
  from: string;
  to: string;
  groupBy: keyof typeof GROUP_LABEL;
  rows: { key: string; label: string; counters: EventCounters; rates: EventRates }[];
  total: { counters: EventCounters; rates: EventRates };
}

/** 事件统计 as an Excel sheet: counters, then rates as percentages, then average durations in minutes. */
export async function statsWorkbook(s: Stats): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = '枫桥 · 市域社会治理平台';
  const ws = wb.addWorksheet('事件统计');
  ws.addRow([`事件统计（${s.from} 至 ${s.to}，按${GROUP_LABEL[s.groupBy]}）`]).font = {
    bold: true,
    size: 14,
  };
  const header = [
    GROUP_LABEL[s.groupBy],
    ...SHOWN_COUNTERS.map((k) => METRIC_LABELS[k].zh),
    ...RATE_KEYS.map((k) => METRIC_LABELS[k].zh),
    METRIC_LABELS.avgAcceptMinutes.zh,
    METRIC_LABELS.avgHandleMinutes.zh,
  ];
  const h = ws.addRow(header);
  h.font = { bold: true };
  h.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8F0FE' } };
  const line = (label: string, c: EventCounters, r: EventRates) => {
    const row = ws.addRow([
      label,
      ...SHOWN_COUNTERS.map((k) => c[k]),
      ...RATE_KEYS.map((k) => r[k]),
      r.avgAcceptMinutes === null ? null : Math.round(r.avgAcceptMinutes),
      r.avgHandleMinutes === null ? null : Math.round(r.avgHandleMinutes),
    ]);
    RATE_KEYS.forEach((_, i) => {
      row.getCell(2 + SHOWN_COUNTERS.length + i).numFmt = '0.00%';
    });
    return row;
  };
  for (const r of s.rows) line(r.label, r.counters, r.rates);
  line('合计', s.total.counters, s.total.rates).font = { bold: true };
  ws.columns.forEach((col, i) => {
    col.width = i === 0 ? 22 : 11;
  });
  ws.views = [{ state: 'frozen', xSplit: 1, ySplit: 2 }];
  ws.addRow([]);
  ws.addRow(['口径：结案率、按期结案率的分母为应结案数（结案数 + 期内超期未结案数）；空白表示分母为 0。']);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
