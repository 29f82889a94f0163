// An audit entry in words for the log's table: the actor, the action, the target (a key by its
// label where the page knows it) and the detail as one compact line.
import type { AccessKeyInfo, AuditEntry } from '../../shared/access.ts';
import { am } from './adminMessages.ts';
import { beijingTime } from './keyFacts.ts';

const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

export function actorText(e: AuditEntry): { label: string; role: string } {
  return { label: e.label, role: e.role === 'system' ? am.systemRole : (am.roles[e.role] ?? e.role) };
}

export const actionText = (action: string): string => am.actions[action] ?? action;

export function targetText(e: AuditEntry, keys: AccessKeyInfo[] | null): string {
  const key = e.target.startsWith('key_') ? keys?.find((k) => k.id === e.target) : undefined;
  // the key's id is for the operator's tooltip, not the line
  return key ? key.label : e.target;
}

function valueText(v: unknown): string {
  if (v === null || v === undefined) return '—';
  // an instant in a detail (a grace period's end) in Beijing time, like the rest of the page
  if (typeof v === 'string') return ISO_TIME.test(v) ? beijingTime(Date.parse(v), true) : v;
  if (Array.isArray(v)) return v.map(valueText).join(', ');
  return JSON.stringify(v);
}

/** "role=screen · walls=demo · scope=120106004", cut at `max` characters (the whole in a tooltip). */
export function detailText(detail: AuditEntry['detail'], max = 140): { short: string; full: string } {
  if (!detail) return { short: '', full: '' };
  const full = Object.entries(detail)
    .map(([k, v]) => `${k}=${valueText(v)}`)
    .join(' · ');
  return { short: full.length > max ? `${full.slice(0, max - 1)}…` : full, full };
}
