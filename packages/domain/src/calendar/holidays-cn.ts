/**
 * Official public-holiday schedules (放假调休安排), one entry per year, shipped as the calendar's initial
 * data; administrators edit them (and add next year's once the State Council publishes it) in the
 * working-calendar page.
 */
export interface HolidayYear {
  year: number;
  /** Rest days, including weekend days inside a holiday block. */
  holidays: { date: string; name: string }[];
  /** 调休上班日: weekend days that are working days. */
  workdays: { date: string; name: string }[];
  source: string;
}

function range(from: string, to: string, name: string) {
  const out: { date: string; name: string }[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += 86_400_000)
    out.push({ date: new Date(t).toISOString().slice(0, 10), name });
  return out;
}

/**
 * 国务院办公厅关于2026年部分节假日安排的通知 (国务院办公厅, 2025-11-04; 新华社北京11月4日电, e.g.
 * https://politics.gmw.cn/2025-11/04/content_38391083.htm). Every date below was checked against that text:
 * 元旦 1月1日（周四）至3日（周六），1月4日（周日）上班；
 * 春节 2月15日（周日）至23日（周一）共9天，2月14日（周六）、2月28日（周六）上班；
 * 清明节 4月4日（周六）至6日（周一）；
 * 劳动节 5月1日（周五）至5日（周二），5月9日（周六）上班；
 * 端午节 6月19日（周五）至21日（周日）；
 * 中秋节 9月25日（周五）至27日（周日）；
 * 国庆节 10月1日（周四）至7日（周三），9月20日（周日）、10月10日（周六）上班。
 */
export const CN_HOLIDAYS_2026: HolidayYear = {
  year: 2026,
  holidays: [
    ...range('2026-01-01', '2026-01-03', '元旦'),
    ...range('2026-02-15', '2026-02-23', '春节'),
    ...range('2026-04-04', '2026-04-06', '清明节'),
    ...range('2026-05-01', '2026-05-05', '劳动节'),
    ...range('2026-06-19', '2026-06-21', '端午节'),
    ...range('2026-09-25', '2026-09-27', '中秋节'),
    ...range('2026-10-01', '2026-10-07', '国庆节'),
  ],
  workdays: [
    { date: '2026-01-04', name: '元旦调休上班' },
    { date: '2026-02-14', name: '春节调休上班' },
    { date: '2026-02-28', name: '春节调休上班' },
    { date: '2026-05-09', name: '劳动节调休上班' },
    { date: '2026-09-20', name: '国庆节调休上班' },
    { date: '2026-10-10', name: '国庆节调休上班' },
  ],
  source:
    '国务院办公厅关于2026年部分节假日安排的通知（2025年11月4日，新华社发布）https://politics.gmw.cn/2025-11/04/content_38391083.htm',
};

export const SHIPPED_HOLIDAY_YEARS: readonly HolidayYear[] = [CN_HOLIDAYS_2026];
