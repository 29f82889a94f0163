// UI strings: Chinese by default, English with ?lang=en. Domain names (districts, categories)
// come with both names from shared/.
import type { CaseEventType } from '../../shared/caseEvent.ts';
import type { CaseStatus } from '../../shared/caseLifecycle.ts';

export type Locale = 'zh-CN' | 'en';

const zh = {
  title: '天津市网格化社会治理指挥中心',
  /** A district or street wall's title: the region's name first. */
  scopedTitle: (region: string) => `${region} · 网格化社会治理指挥中心`,
  vsYesterday: '较昨日同时',
  reportedToday: '今日上报',
  closedToday: '今日办结',
  closureRate: '今日结案率',
  overdueNow: '当前超期',
  openCases: '在办案件',
  workersOnline: '在线网格员',
  ticker: '案件动态',
  feedLost: '数据中断',
  feedLostSince: (t: string) => `数据中断 · 自 ${t} 起未收到数据，画面内容可能已过时`,
  feedStale: (t: string) => `数据延迟 · 最后更新 ${t}`,
  dataAsOf: (t: string) => `数据截至 ${t}`,
  connecting: '正在连接…',
  heatLegend: '在办案件数/网格',
  workers: '网格员',
  status: {
    reported: '已上报', accepted: '已受理', returned: '已退回', dispatched: '已派遣', in_progress: '处置中',
    escalated: '已吹哨', resolved: '已处置', verified: '已核查', closed: '已结案',
  } satisfies Record<CaseStatus, string>,
  event: {
    reported: '上报', accepted: '受理', dispatched: '派遣', returned: '退回', started: '开始处置', escalated: '吹哨升级',
    extension_requested: '申请延期', extension_granted: '批准延期', resolved: '处置完毕', verified: '核查', evaluated: '评价结案', overdue: '超期',
  } satisfies Record<CaseEventType, string>,
};

type Messages = typeof zh;

const en: Messages = {
  title: 'Tianjin Grid Governance Command Centre',
  scopedTitle: (region: string) => `${region} · Grid Governance Command Centre`,
  vsYesterday: 'vs. this time yesterday',
  reportedToday: 'Reported today',
  closedToday: 'Closed today',
  closureRate: 'Closure rate today',
  overdueNow: 'Overdue now',
  openCases: 'Open cases',
  workersOnline: 'Workers online',
  ticker: 'Case activity',
  feedLost: 'Feed lost',
  feedLostSince: (t) => `FEED LOST since ${t}: what you see may be out of date`,
  feedStale: (t) => `Feed delayed: last update ${t}`,
  dataAsOf: (t) => `data as of ${t}`,
  connecting: 'Connecting…',
  heatLegend: 'Open cases per grid',
  workers: 'Grid workers',
  status: {
    reported: 'Reported', accepted: 'Accepted', returned: 'Returned', dispatched: 'Dispatched', in_progress: 'In progress',
    escalated: 'Escalated', resolved: 'Resolved', verified: 'Verified', closed: 'Closed',
  },
  event: {
    reported: 'reported', accepted: 'accepted', dispatched: 'dispatched', returned: 'returned', started: 'started',
    escalated: 'escalated', extension_requested: 'extension requested', extension_granted: 'extension granted',
    resolved: 'resolved', verified: 'verified', evaluated: 'evaluated', overdue: 'OVERDUE',
  },
};

export const locale: Locale = new URLSearchParams(location.search).get('lang') === 'en' ? 'en' : 'zh-CN';
export const t: Messages = locale === 'en' ? en : zh;
