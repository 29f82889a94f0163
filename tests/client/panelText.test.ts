// What the trend and alert panels say, from the server's data, without a browser: the chart
// series, the ranking's type that fits its rows, an alert that says why it fired, and a spotlighted
// case as it stood at the moment a playback shows.
import { describe, expect, it } from 'vitest';
import { alertText } from '../../client/panels/alerts/alertText.ts';
import { rankingOption, topSeries, trendOption, TREND_SERIES } from '../../client/panels/trends/trendOptions.ts';
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

  it('sizes the ranking type so every row keeps its label', () => {
    const rows = Array.from({ length: 16 }, (_, i) => ({
      code: `1201${String(i + 1).padStart(2, '0')}`,
      reported: 10,
      closed: 5,
      closureRate: 0.5,
      onTimeRate: 0.4,
    }));
    const roomy = rankingOption(rows, new Map(), 40, 1000) as { yAxis: { axisLabel: { fontSize: number } } };
    const tight = rankingOption(rows, new Map(), 40, 300) as { yAxis: { axisLabel: { fontSize: number } } };
    expect(roomy.yAxis.axisLabel.fontSize).toBe(Math.round(40 * 0.75));
    expect(tight.yAxis.axisLabel.fontSize * 16).toBeLessThanOrEqual(300 - 40 * 1.4);
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
