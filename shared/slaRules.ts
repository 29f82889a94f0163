// Time limits by urgency. Thin for now: calendar time. The working-day calendar (holidays and
// make-up days, Asia/Shanghai) replaces this in the lifecycle issue.
import type { Urgency } from './caseEvent.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export const TIME_LIMITS_MS: Record<Urgency, number> = {
  urgent: 2 * DAY,
  ordinary: 7 * DAY,
  general: 2 * HOUR,
};

export function deadlineFor(urgency: Urgency, reportedAt: number): number {
  return reportedAt + TIME_LIMITS_MS[urgency];
}
