// Pure builders of the trend charts' ECharts options from the server's Trends (no DOM, testable):
// cases per major category over a period, and sources.
import { CATEGORIES } from '../../../shared/categories.ts';
import { SOURCE_CHANNELS, type SourceChannel } from '../../../shared/caseEvent.ts';
import type { TrendPeriod, TrendWindow } from '../../../shared/protocol.ts';
import { districtOf } from '../../../shared/regions.ts';
import { shanghaiClock, shanghaiDay } from '../../../shared/shanghaiTime.ts';
import { SERIES_COLORS } from '../../components/EChart.tsx';
import { locale, t } from '../../i18n/messages.ts';

/** At most this many categories get their own series; the rest add up to "other". */
export const TREND_SERIES = 5;
const TEXT = '#b9cbe8';
const AXIS = 'rgba(127, 152, 191, 0.5)';

export function majorName(code: string): string {
  if (code === 'other') return locale === 'en' ? 'Other' : '其他';
  const major = CATEGORIES.find((c) => c.code === code);
  return major ? (locale === 'en' ? major.en : major.name) : code;
}

/** The time label of a bucket start: a clock time over a day, a date beyond. */
export function bucketLabel(at: number, period: TrendPeriod): string {
  if (period === '24h') return shanghaiClock(at).slice(0, 5);
  const day = shanghaiDay(at).slice(5);
  return period === '7d' ? `${day} ${shanghaiClock(at).slice(0, 5)}` : day;
}

/** The largest TREND_SERIES categories, the rest summed as `other`. */
export function topSeries(window: TrendWindow): { key: string; counts: number[] }[] {
  const sorted = [...window.categories].sort((a, b) => sum(b.counts) - sum(a.counts));
  const top = sorted.slice(0, TREND_SERIES);
  const rest = sorted.slice(TREND_SERIES);
  if (!rest.length) return top;
  const other = window.total.map((_, i) => rest.reduce((s, r) => s + (r.counts[i] ?? 0), 0));
  return [...top, { key: 'other', counts: other }];
}

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
const colorOf = (key: string) =>
  SERIES_COLORS[
    key === 'other'
      ? SERIES_COLORS.length - 1
      : Math.max(
          0,
          CATEGORIES.findIndex((c) => c.code === key),
        ) %
        (SERIES_COLORS.length - 1)
  ]!;

/** `height`: the chart's height in pixels: as many value lines as fit without crowding their labels. */
export function trendOption(window: TrendWindow, period: TrendPeriod, rem: number, height: number) {
  const labels = window.total.map((_, i) => bucketLabel(window.from + i * window.bucketMs, period));
  // 0.6 rem: above the wall's 0.5 rem floor, small enough for six legend entries on one row
  const font = Math.round(rem * 0.6);
  const grid = { left: font * 3.6, right: rem * 0.8, top: font * 2.4, bottom: font * 1.8 };
  const splitNumber = Math.max(1, Math.min(5, Math.floor((height - grid.top - grid.bottom) / (font * 2.2))));
  return {
    grid,
    legend: { top: 0, left: 0, right: 0, itemWidth: rem * 0.8, itemHeight: rem * 0.5, itemGap: rem * 0.6, textStyle: { color: TEXT, fontSize: font } },
    xAxis: {
      type: 'category',
      data: labels,
      boundaryGap: false,
      axisLine: { lineStyle: { color: AXIS } },
      // a week is labelled by its days (at their midnights), not by odd hours
      axisLabel:
        period === '7d'
          ? {
              color: TEXT,
              fontSize: font,
              hideOverlap: true,
              interval: (_: number, v: string) => v.endsWith(' 00:00'),
              formatter: (v: string) => v.slice(0, 5),
            }
          : { color: TEXT, fontSize: font, hideOverlap: true },
    },
    yAxis: {
      type: 'value',
      minInterval: 1,
      splitNumber,
      splitLine: { lineStyle: { color: 'rgba(61, 143, 240, 0.15)' } },
      // no 0 at the origin, where the first time label is
      axisLabel: { color: TEXT, fontSize: font, showMinLabel: false },
    },
    series: topSeries(window).map((s) => ({
      name: majorName(s.key),
      type: 'line',
      stack: 'all',
      data: s.counts,
      symbol: 'none',
      smooth: 0.3,
      lineStyle: { width: Math.max(1, rem * 0.06), color: colorOf(s.key) },
      itemStyle: { color: colorOf(s.key) },
      areaStyle: { opacity: 0.28, color: colorOf(s.key) },
    })),
  };
}

/** The donut alone: the panel lists each channel's name and share beside it. */
export function sourcesOption(sources: Record<SourceChannel, number>, rem: number) {
  return {
    series: [
      {
        type: 'pie',
        radius: ['48%', '82%'],
        center: ['50%', '50%'],
        label: { show: false },
        labelLine: { show: false },
        itemStyle: { borderColor: '#061226', borderWidth: Math.max(1, rem * 0.08) },
        // a channel keeps its colour (its place in the catalogue) whichever others have cases
        data: SOURCE_CHANNELS.map((k, i) => ({ name: t.source[k], value: sources[k] ?? 0, itemStyle: { color: SERIES_COLORS[i] } })).filter((d) => d.value > 0),
      },
    ],
  };
}

export function regionName(code: string, names: ReadonlyMap<string, string>): string {
  if (code.length === 6) return (locale === 'en' ? districtOf(code)?.en : districtOf(code)?.name) ?? code;
  return names.get(code) ?? code;
}
