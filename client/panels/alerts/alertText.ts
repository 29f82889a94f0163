// An alert in words, from the data the server sends: what happened, where, and why it fired.
import { categoryOf } from '../../../shared/categories.ts';
import type { Alert } from '../../../shared/protocol.ts';
import { districtOf } from '../../../shared/regions.ts';
import { shanghaiClock, shanghaiDay } from '../../../shared/shanghaiTime.ts';
import { locale, t } from '../../i18n/messages.ts';

const category = (code: string) => {
  const c = categoryOf(code);
  return c ? (locale === 'en' ? c.en : c.name) : code;
};
const district = (code: string) => (locale === 'en' ? districtOf(code)?.en : districtOf(code)?.name) ?? '';

/** `names`: street and community names by code. */
export function alertText(alert: Alert, names: ReadonlyMap<string, string>, now: number): { headline: string; why: string } {
  const r = alert.reason;
  const place = (gridCode: string) => `${district(gridCode)}${names.get(gridCode.slice(0, 9)) ?? ''}`;
  switch (r.kind) {
    case 'overdue':
      return {
        headline: t.alertOverdue(
          `${place(r.gridCode)} ${category(r.category)}`,
          t.duration(Math.max(r.overdueMinutes, Math.round((now - r.deadline) / 60_000))),
        ),
        // no case ids on a wall: the class and when it was due (the console has the case)
        why: t.overdueWhy(t.urgency[r.urgency], `${shanghaiDay(r.deadline).slice(5)} ${shanghaiClock(r.deadline).slice(0, 5)}`),
      };
    case 'escalated':
      return {
        headline: t.alertEscalated(`${place(r.gridCode)} ${category(r.category)}`, t.level[r.level]),
        why: t.escalatedWhy(t.duration(Math.max(0, Math.round((now - r.escalatedAt) / 60_000)))),
      };
    case 'spike': {
      const region = r.regionCode.length === 6 ? district(r.regionCode) : `${district(r.regionCode)}${names.get(r.regionCode) ?? ''}`;
      return {
        headline: t.alertSpike(category(r.category), region),
        why: t.spikeWhy({
          count: r.count,
          windowMinutes: r.windowMinutes,
          mean: r.baselineMean,
          sd: r.baselineSd,
          z: r.z,
          baseline: r.baseline,
          samples: r.baselineSamples,
        }),
      };
    }
  }
}
