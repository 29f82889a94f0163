// The sentences an Open311 answer says about a case — status notes, notices — in Chinese (the
// hall's language, the default) and English (`lang=en`). Times are Beijing time: the spec's w3
// format with its +08:00 offset in fields, "YYYY-MM-DD HH:MM" in sentences.
import type { CaseHistoryStep } from '../../shared/caseHistory.ts';
import type { Lang } from './services.ts';

const OFFSET_MS = 8 * 3_600_000;

/** The spec's date-time (a w3 profile of ISO 8601) in Beijing time, to the second: 2026-11-24T10:00:00+08:00. */
export function w3Time(ms: number): string {
  return `${new Date(ms + OFFSET_MS).toISOString().slice(0, 19)}+08:00`;
}

/** 2026-11-24 10:00 (Beijing time), for sentences. */
export function clockText(ms: number): string {
  return new Date(ms + OFFSET_MS).toISOString().slice(0, 16).replace('T', ' ');
}

/** What the latest step of a case says, from its (masked) actor and note. */
export function stepNote(step: CaseHistoryStep, lang: Lang): string {
  const who = step.who ?? '';
  const note = step.note;
  const zh = lang === 'zh';
  switch (step.type) {
    case 'reported':
      return zh ? '已登记，待受理' : 'Registered, awaiting acceptance';
    case 'accepted':
      return zh ? '已受理，待派遣' : 'Accepted, awaiting dispatch';
    case 'dispatched':
      return zh ? `已派遣至${who}` : `Dispatched to ${who}`;
    case 'returned':
      return withNote(zh ? '已退回重新派遣' : 'Returned for re-dispatch', note, zh);
    case 'started':
      return zh ? '正在处置' : 'Being handled';
    case 'escalated': {
      const level = step.escalatedTo === 'city' ? (zh ? '市级' : 'the city') : zh ? '区级' : 'the district';
      return zh ? `已上报${level}（${who}）` : `Escalated to ${level} (${who})`;
    }
    case 'extension_requested':
      return withNote(zh ? '已申请延期' : 'Extension requested', note, zh);
    case 'extension_granted':
      return zh ? `已批准延期至${clockText(Date.parse(step.deadline))}` : `Extension granted until ${clockText(Date.parse(step.deadline))}`;
    case 'resolved':
      return withNote(zh ? '已处置，待核查' : 'Resolved, awaiting verification', note, zh);
    case 'verified':
      return step.passed
        ? zh
          ? '核查通过，待评价'
          : 'Verified, awaiting evaluation'
        : zh
          ? '核查未通过，重新处置'
          : 'Verification failed, being handled again';
    case 'evaluated':
      if (step.status !== 'closed') return zh ? '回访不满意，已重新交办' : 'Rated unsatisfactory; sent back to be handled again';
      return step.satisfied ? (zh ? '已办结，评价满意' : 'Closed; rated satisfactory') : zh ? '已办结，评价不满意' : 'Closed; rated unsatisfactory';
    case 'overdue':
      return zh ? '已超过办理时限' : 'Past its deadline';
    case 'deadline_revised':
      return zh ? '已按国家节假日安排调整办理时限' : 'Deadline recounted by the official holiday schedule';
  }
}

function withNote(text: string, note: string | null, zh: boolean): string {
  return note ? `${text}${zh ? '：' : ': '}${note}` : text;
}

/** The notice on a case: its deadline, whether it has passed, extensions and escalation. */
export function caseNotice(c: { deadline: number; open: boolean; overdue: boolean; extensions: number }, lang: Lang): string {
  const zh = lang === 'zh';
  const parts = [zh ? `办理时限 ${clockText(c.deadline)}（北京时间）` : `Due by ${clockText(c.deadline)} (Beijing time)`];
  if (c.overdue) parts.push(zh ? '已超期' : 'overdue');
  if (c.extensions) parts.push(zh ? `已延期 ${c.extensions} 次` : `extended ${c.extensions} time${c.extensions > 1 ? 's' : ''}`);
  if (!c.open) parts.push(zh ? '已办结' : 'closed');
  return parts.join(zh ? '；' : '; ');
}

/** The notice a new request is answered with. */
export function createdNotice(deadline: number, shortenedTo: number | null, lang: Lang): string {
  const zh = lang === 'zh';
  const base = zh
    ? `已登记为网格案件，将于 ${clockText(deadline)}（北京时间）前办理`
    : `Registered as a grid case, to be handled by ${clockText(deadline)} (Beijing time)`;
  if (shortenedTo === null) return base;
  return zh ? `${base}；描述超过 ${shortenedTo} 字，已截短` : `${base}; the description was shortened to ${shortenedTo} characters`;
}
