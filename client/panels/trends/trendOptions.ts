// Pure builders of the trend charts' ECharts options from the server's Trends (no DOM, testable):
// cases per major category over a period, sources, and the closure-rate ranking.
import { CATEGORIES } from '../../../shared/categories.ts';
import { SOURCE_CHANNELS, type SourceChannel } from '../../../shared/caseEvent.ts';
import type { RankingRow, TrendPeriod, TrendWindow } from '../../../shared/protocol.ts';
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
  const font = Math.round(rem * 0.75);
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
      axisLabel: { color: TEXT, fontSize: font, hideOverlap: true },
    },
    yAxis: {
      type: 'value',
      minInterval: 1,
      splitNumber,
      splitLine: { lineStyle: { color: 'rgba(61, 143, 240, 0.15)' } },
      axisLabel: { color: TEXT, fontSize: font },
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

export function sourcesOption(sources: Record<SourceChannel, number>, rem: number) {
  const font = Math.round(rem * 0.72);
  return {
    series: [
      {
        type: 'pie',
        radius: ['42%', '68%'],
        center: ['50%', '54%'],
        avoidLabelOverlap: true,
        label: { color: TEXT, fontSize: font, formatter: (p: { name: string; percent: number }) => `${p.name}\n${Math.round(p.percent)}%` },
        labelLine: { lineStyle: { color: AXIS } },
        itemStyle: { borderColor: '#061226', borderWidth: Math.max(1, rem * 0.08) },
        data: SOURCE_CHANNELS.filter((k) => (sources[k] ?? 0) > 0).map((k, i) => ({
          name: t.source[k],
          value: sources[k],
          itemStyle: { color: SERIES_COLORS[i] },
        })),
      },
    ],
  };
}

export function regionName(code: string, names: ReadonlyMap<string, string>): string {
  if (code.length === 6) return (locale === 'en' ? districtOf(code)?.en : districtOf(code)?.name) ?? code;
  return names.get(code) ?? code;
}

const pct = (v: number | null) => (v === null ? null : Math.round(v * 1000) / 10);

/** `height`: the chart's height in pixels: every row keeps its label, so the type fits the rows. */
export function rankingOption(rows: RankingRow[], names: ReadonlyMap<string, string>, rem: number, height: number) {
  const shown = [...rows].reverse(); // ECharts draws a category axis bottom-up: the best on top
  const top = rem * 1.4;
  const font = Math.max(9, Math.round(Math.min(rem * 0.75, ((height - top) / Math.max(rows.length, 1)) * 0.8)));
  return {
    grid: { left: font * 5, right: font * 3.6, top, bottom: rem * 0.2 },
    legend: { top: 0, right: 0, itemWidth: rem * 0.8, itemHeight: rem * 0.5, textStyle: { color: TEXT, fontSize: Math.round(rem * 0.7) } },
    xAxis: { type: 'value', max: 100, show: false },
    yAxis: {
      type: 'category',
      data: shown.map((r) => regionName(r.code, names)),
      axisLine: { show: false },
      axisTick: { show: false },
      axisLabel: { color: TEXT, fontSize: font, interval: 0 },
    },
    series: [
      {
        name: t.closureRateShort,
        type: 'bar',
        data: shown.map((r) => pct(r.closureRate)),
        barGap: '10%',
        itemStyle: { color: '#3ddc97' },
        label: { show: true, position: 'right', color: TEXT, fontSize: font * 0.9, formatter: '{c}%' },
      },
      {
        name: t.onTimeRateShort,
        type: 'bar',
        data: shown.map((r) => pct(r.onTimeRate)),
        itemStyle: { color: '#40e0ff' },
        label: { show: true, position: 'right', color: TEXT, fontSize: font * 0.9, formatter: '{c}%' },
      },
    ],
  };
}
