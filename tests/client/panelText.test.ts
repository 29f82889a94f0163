// What the trend and alert panels say, from the server's data, without a browser: the chart
// series, the ranking's rows that fit its panel and its bars, an alert that says why it fired, and a spotlighted
// case as it stood at the moment a playback shows.
import { describe, expect, it } from 'vitest';
import { alertText } from '../../client/panels/alerts/alertText.ts';
import { dayOverDay } from '../../client/panels/kpis/KpiStrip.tsx';
import { barScale, rankingFit } from '../../client/panels/trends/rankingLayout.ts';
import { tickerSummary } from '../../client/panels/ticker/tickerText.ts';
import { topSeries, trendOption, TREND_SERIES } from '../../client/panels/trends/trendOptions.ts';
import type { Alert, TrendWindow } from '../../shared/protocol.ts';
import type { CaseHistory, CaseHistoryStep } from '../../shared/caseHistory.ts';
import { historyAsOf } from '../../client/panels/map/SpotlightCard.tsx';

const window: TrendWindow = {
  from: Date.parse('2026-11-23T04:00:00Z'),
  bucketMs: 1_800_000,
  total: [10, 12, 20],
  categories: [
    { key: 'appearance', counts: [4, 5, 9] },
    { key: 'traffic', counts: [2, 2, 4] },
    { key: 'safety', counts: [1, 2, 2] },
    { key: 'dispute', counts: [1, 1, 2] },
    { key: 'facility', counts: [1, 1, 2] },
    { key: 'environment', counts: [1, 1, 1] },
  ],
};

describe('trend charts', () => {
  it('draws the largest categories and adds up the rest as "other"', () => {
    const series = topSeries(window);
    expect(series).toHaveLength(TREND_SERIES + 1);
    expect(series[0]!.key).toBe('appearance');
    expect(series.at(-1)).toEqual({ key: 'other', counts: [1, 1, 1] });
    const option = trendOption(window, '24h', 20, 400) as { xAxis: { data: string[] }; series: { name: string }[] };
    expect(option.xAxis.data).toEqual(['12:00', '12:30', '13:00']); // Shanghai time
    expect(option.series.map((s) => s.name).slice(0, 2)).toEqual(['市容环境', '交通秩序']);
  });

  it('lays the ranking out in as few columns as keep its rows readable', () => {
    // the hall's ranking screen: 1920 x ~960 px of list at 1 rem = 74 px. One column would give 16
    // rows of 60 px (< 1.1 rem = 81.4 px); two give 8 rows of 120 px, capped at 1.6 rem = 118.4 px;
    // type 0.55 x 118.4 = 65.1 px, but a column, (1920 - 88.8) / 2 = 915.6 px, holds 19 ems of
    // 48.2 px at most
    const hall = rankingFit(16, 1920, 960, 74);
    expect(hall).toMatchObject({ columns: 2, perColumn: 8, rowPx: 1.6 * 74, shown: 16 });
    expect(hall.fontPx).toBeCloseTo(48.19, 2);
    // a desk panel 400 x 700 px at 15 px: one column (26.7 rem wide allows two, none needed), 16
    // rows of 43.75 px > 16.5 px, capped at 24 px; type min(13.2, 400 / 19 = 21.1) = 13.2 px
    expect(rankingFit(16, 400, 700, 15)).toEqual({ columns: 1, perColumn: 16, rowPx: 24, fontPx: 13.200000000000001, shown: 16 });
    // too small for all: a 12-rem-wide, 5.5-rem-tall list keeps 5 rows of 1.1 rem and counts the rest
    expect(rankingFit(16, 12 * 40, 5.5 * 40, 40)).toMatchObject({ columns: 1, perColumn: 5, shown: 5 });
  });

  it("words a KPI's change against the same time yesterday as the share, on one short line", () => {
    // 108 against 100: up 8 %; 90 against 100: down 10 %; 2,345 against 1,000: up 134.5 %, rounded
    expect(dayOverDay(108, 100)).toBe('较昨日同时 ▲8%');
    expect(dayOverDay(90, 100)).toBe('较昨日同时 ▼10%');
    expect(dayOverDay(2345, 1000)).toBe('较昨日同时 ▲135%');
    // none yesterday: the count; the same: 持平; no yesterday known: nothing
    expect(dayOverDay(5, 0)).toBe('较昨日同时 ▲5');
    expect(dayOverDay(7, 7)).toBe('较昨日同时 持平');
    expect(dayOverDay(7, null)).toBeNull();
  });

  it('scales the ranking bars to the range of the rates shown', () => {
    // 31.5 % to 34.5 %: the axis starts at 30 % (31.5 - 0.2 x 3 = 30.9, down to a whole 5 %)
    const scale = barScale([0.345, 0.315, null]);
    expect(scale.from).toBeCloseTo(0.3, 9);
    expect(scale.length(0.345)).toBeCloseTo(1, 9);
    // 0.08 + 0.92 x 1.5 / 4.5 = 0.3867
    expect(scale.length(0.315)).toBeCloseTo(0.3867, 4);
    expect(scale.length(null)).toBe(0);
    // one rate: a bar, not a zero-width one
    expect(barScale([0.5]).length(0.5)).toBeCloseTo(1, 9);
  });
});

describe('alerts in words', () => {
  const names = new Map([['120106004', '丁字沽街道']]);
  it('says where a spike is, how big, against what, and its z', () => {
    const alert: Alert = {
      id: 'spike:120106004:appearance.vendor',
      since: 0,
      severity: 'critical',
      reason: {
        kind: 'spike',
        category: 'appearance.vendor',
        regionCode: '120106004',
        count: 24,
        windowMinutes: 60,
        baselineMean: 1.5,
        baselineSd: 0.8,
        baseline: 'same_hour_previous_days',
        baselineSamples: 14,
        z: 11.3,
      },
    };
    expect(alertText(alert, names, 0)).toEqual({ headline: '红桥区丁字沽街道「占道经营」突增', why: '近1小时24件，约为平日同时段的16倍' });
    // a baseline of almost nothing is said as such, not as a ratio of nothing
    const quiet = { ...alert, reason: { ...alert.reason, count: 11, baselineMean: 0.2, baselineSd: 0.4 } } as Alert;
    expect(alertText(quiet, names, 0).why).toBe('近1小时11件，平日同时段几乎没有');
  });

  it('says how late an overdue case is, its class and when it was due, never a case id', () => {
    const alert: Alert = {
      id: 'overdue:C1',
      since: 0,
      severity: 'critical',
      reason: { kind: 'overdue', caseId: 'C1', category: 'safety.gas', gridCode: '120106004001001', urgency: 'urgent', deadline: 0, overdueMinutes: 125 },
    };
    // the deadline 0 is 1970-01-01 08:00 in Shanghai
    expect(alertText(alert, names, 0)).toEqual({ headline: '红桥区丁字沽街道 燃气安全 超期 2小时5分', why: '紧急 · 办结时限 01-01 08:00' });
    const escalated: Alert = {
      id: 'escalated:C2',
      since: 0,
      severity: 'warning',
      reason: { kind: 'escalated', caseId: 'C2', category: 'safety.gas', gridCode: '120106004001001', level: 'district', escalatedAt: 0 },
    };
    expect(alertText(escalated, names, 95 * 60_000)).toEqual({ headline: '红桥区丁字沽街道 燃气安全 已吹哨至区级', why: '1小时35分前吹哨' });
  });
});

describe('a spotlighted case during a playback', () => {
  const step = (version: number, type: string, at: string, status: string) => ({ version, type, at, status }) as unknown as CaseHistoryStep;
  const history = {
    caseId: 'C-1',
    status: 'closed',
    reportedAt: '2026-11-23T02:00:00Z',
    steps: [
      step(1, 'reported', '2026-11-23T02:00:00Z', 'reported'),
      step(2, 'accepted', '2026-11-23T02:10:00Z', 'accepted'),
      step(3, 'evaluated', '2026-11-23T09:00:00Z', 'closed'),
    ],
  } as unknown as CaseHistory;

  it('shows only the steps taken by the moment played back, and the status then', () => {
    expect(historyAsOf(history, Date.parse('2026-11-23T05:00:00Z'))).toEqual({ steps: history.steps.slice(0, 2), status: 'accepted' });
    expect(historyAsOf(history, null)).toEqual({ steps: history.steps, status: 'closed' });
  });

  it('shows nothing of a case not yet reported at that moment', () => {
    expect(historyAsOf(history, Date.parse('2026-11-23T01:00:00Z'))).toBeNull();
  });
});

describe("a ticker line's words", () => {
  it('keeps the matter and drops the contact; a long summary keeps its first clause', () => {
    // the masked contact clauses go, whatever their label
    expect(tickerSummary('市民反映*号楼门口垃圾堆放，联系电话[电话]')).toBe('市民反映*号楼门口垃圾堆放');
    expect(tickerSummary('老旧小区夜间施工噪声扰民，联系人：何*超，电话[电话]')).toBe('老旧小区夜间施工噪声扰民');
    // a clause about a phone booth is a matter, not a contact
    expect(tickerSummary('路口电话亭损坏，请尽快处理')).toBe('路口电话亭损坏，请尽快处理');
    // 27 characters in two clauses: over 24, so the first clause only
    expect(tickerSummary('市民反映十字路口*号楼*单元*室广场舞音响声音过大，请尽快处理')).toBe('市民反映十字路口*号楼*单元*室广场舞音响声音过大');
    // one clause, however long, stays whole (the cell's ellipsis is the last resort)
    expect(tickerSummary('【演练】低洼路段积水严重车辆无法通行')).toBe('【演练】低洼路段积水严重车辆无法通行');
  });
});
