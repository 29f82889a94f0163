// UI strings: Chinese by default, English with ?lang=en. Domain names (districts, categories)
// come with both names from shared/.
import type { CaseEventType } from '../../shared/caseEvent.ts';
import type { CaseStatus } from '../../shared/caseLifecycle.ts';
import type { HeatMetric, TrendPeriod, WorkerState } from '../../shared/protocol.ts';
import type { PanelKind } from '../../shared/wallLayout.ts';
import type { EscalationLevel, SourceChannel, Urgency } from '../../shared/caseEvent.ts';

const fixed = (v: number, digits = 1) => v.toFixed(digits);

export type Locale = 'zh-CN' | 'en';

/** Against what is usual: "约为平日同时段的16倍"; where the usual is almost nothing, say so; near it, the usual count. */
function usualZh(count: number, mean: number, usual: string): string {
  if (mean < 0.5) return `${usual}几乎没有`;
  const times = count / mean;
  return times >= 1.5 ? `约为${usual}的${Math.round(times)}倍` : `${usual}平均${fixed(mean)}件`;
}
function usualEn(count: number, mean: number, usual: string): string {
  if (mean < 0.5) return `almost none ${usual}`;
  const times = count / mean;
  return times >= 1.5 ? `about ${Math.round(times)} times the usual ${usual}` : `${fixed(mean)} on average ${usual}`;
}

const zh = {
  title: '天津市网格化社会治理指挥中心',
  /** A district or street wall's title: the region's name first. */
  scopedTitle: (region: string) => `${region} · 网格化社会治理指挥中心`,
  vsYesterday: '较昨日同时',
  /** In playback the figures are of the day played: against the day before it. */
  vsDayBefore: '较前日同时',
  reportedOnDay: '当日上报',
  closedOnDay: '当日结案',
  closureRateOnDay: '当日办结率',
  /** A panel's region tag: the whole city. */
  wholeCity: '全市',
  historyLoading: '正在载入近期历史',
  historyLoadingBanner: (day: number, days: number) => `正在载入近${days}日历史数据（已载入${day}日）`,
  historyLoadingNote: '载入完成前，今日与昨日对比、在办和超期数字尚不完整',
  reportedToday: '今日上报',
  closedToday: '今日结案',
  /** Of today's reports, the share closed today: the hotlines' 当日办结率 (not closures over reports). */
  closureRate: '当日办结率',
  onTimeRate30d: '近30日按期办结率',
  satisfaction30d: '近30日回访满意率',
  overdueNow: '当前超期',
  openCases: '在办案件',
  workersOnline: '在线网格员',
  ticker: '案件动态',
  feedLost: '数据中断',
  feedLostSince: (t: string) => `数据中断 · 自 ${t} 起未收到数据，画面内容可能已过时`,
  feedStale: (t: string) => `数据延迟 · 最后更新 ${t}`,
  /** The socket could not reach a server (the network, or the server is down): Socket.IO's own words are for the log. */
  serverUnreachable: '无法连接服务器，正在重试',
  /** Why the server refused this screen, by the refusal's first word (the server's sentence follows). */
  refused: {
    unauthorized: '访问令牌无效、已撤销或已过期，请向管理员索取新令牌',
    forbidden: '此令牌无权打开本大屏或此辖区',
    outside_scope: '此令牌的辖区不含本大屏要显示的范围',
    rate_limited: '连接尝试过于频繁，稍后自动重试',
  } as Record<string, string>,
  accessEndedTitle: '本屏已停止显示',
  accessEnded: {
    revoked: '此屏的访问令牌已被撤销，画面已清除。请向管理员索取新的大屏地址。',
    expired: '此屏的访问令牌已过期（已轮换），画面已清除。请改用新的大屏地址。',
  } as Record<string, string>,
  accessRefusedTitle: '本屏无权显示此大屏',
  connecting: '正在连接…',
  heatLegend: '在办案件数/网格',
  workers: '网格员',
  heatMetric: { open: '在办案件/网格', newLastHour: '近1小时新增/网格', overdue: '超期案件/网格' } satisfies Record<HeatMetric, string>,
  densityLegend: '近1小时上报密度',
  workerState: { patrolling: '巡查中', idle: '静止', offline: '离线', off_duty: '已收队' } satisfies Record<WorkerState, string>,
  trendTitle: { '24h': '近24小时案件趋势', '7d': '近7日案件趋势', '30d': '近30日案件趋势' } satisfies Record<TrendPeriod, string>,
  total: '合计',
  risingTitle: '上升最快',
  risingCategories: '问题类别',
  risingStreets: '街道',
  risingVs: (days: number) => (days > 1 ? `近24小时比前${days}日日均` : '近24小时比前24小时'),
  risingNoHistory: '积累满一天数据后显示上升最快的问题与街道（与前几日日均比较）',
  rankingNone: '本级以下无可排名的区域',
  newItem: '新增',
  sourcesTitle: '近24小时案件来源',
  source: {
    grid_worker: '网格员上报',
    hotline_12345: '12345热线',
    hotline_8890: '8890热线',
    photo_app: '随手拍',
    video_alert: '视频告警',
    department: '部门移交',
  } satisfies Record<SourceChannel, string>,
  rankingTitle: (level: 'district' | 'street'): string => (level === 'district' ? '各区结案率排名（近7日）' : '各街道结案率排名（近7日）'),
  closureRateShort: '结案率',
  onTimeRateShort: '按期率',
  /** The ranking's bars start at this rate, not at zero. */
  rankingAxisFrom: (pct: number) => (pct > 0 ? `自${pct}%起` : ''),
  alertsTitle: '预警',
  alertCounts: (o: number, e: number, s: number) => `超期 ${o} · 吹哨 ${e} · 突增 ${s}`,
  noAlerts: '当前无预警',
  alertsUnknown: '数据中断，预警状态未知',
  waiting: '等待数据…',
  urgency: { immediate: '即办', urgent: '紧急', major: '重大', ordinary: '一般' } satisfies Record<Urgency, string>,
  level: { street: '街道', district: '区级', city: '市级' } satisfies Record<EscalationLevel, string>,
  alertOverdue: (what: string, late: string) => `${what} 超期 ${late}`,
  alertEscalated: (what: string, level: string) => `${what} 已吹哨至${level}`,
  overdueWhy: (urgency: string, due: string) => `${urgency} · 办结时限 ${due}`,
  escalatedWhy: (ago: string) => `${ago}前吹哨`,
  alertSpike: (category: string, region: string) => `${region}「${category}」突增`,
  spikeWhy: (a: {
    count: number;
    windowMinutes: number;
    mean: number;
    sd: number;
    z: number;
    baseline: 'same_hour_previous_days' | 'previous_hours';
    samples: number;
  }) =>
    // a duty leader's words: how many, and against what is usual (no z-scores, no ±)
    `${a.windowMinutes % 60 ? `近${a.windowMinutes}分钟` : `近${a.windowMinutes / 60}小时`}${a.count}件，${usualZh(a.count, a.mean, a.baseline === 'same_hour_previous_days' ? '平日同时段' : '今日此前每小时')}`,
  duration: (minutes: number) =>
    minutes >= 1440
      ? `${Math.floor(minutes / 1440)}天${Math.floor((minutes % 1440) / 60)}小时`
      : minutes >= 60
        ? `${Math.floor(minutes / 60)}小时${minutes % 60}分`
        : `${minutes}分钟`,
  statusTitle: '系统状态',
  feedLive: '数据实时',
  feedPlayback: '回放中（非实时）',
  feedState: { connecting: '连接中', live: '数据实时', stale: '数据延迟', lost: '数据中断' } as Record<'connecting' | 'live' | 'stale' | 'lost', string>,
  lastUpdate: (seconds: number) => `${seconds} 秒前更新`,
  /** The screen PC's clock against the server's, in words (the milliseconds go in the tooltip). */
  clockOffset: (ms: number) => (Math.abs(ms) < 1000 ? '时钟已与服务器同步' : `本机时钟偏差 ${Math.round(Math.abs(ms) / 1000)} 秒`),
  clockOffsetDetail: (ms: number) => `时钟偏差 ${ms} ms`,
  screenOf: (screen: string) => `屏 ${screen}`,
  wallsTitle: '大屏布局',
  /** The product, in the page's words (the index's heading). */
  appName: '网格化指挥大屏',
  gridSize: (rows: number, cols: number) => `${rows} 行 × ${cols} 列`,
  fluidScreen: '随窗口大小',
  /** A panel's kind in words (the index's and the console's miniatures). */
  panelKind: {
    title: '标题',
    kpis: '指标',
    map: '地图',
    ticker: '案件动态',
    trend: '趋势',
    rising: '上升最快',
    sources: '案件来源',
    ranking: '排名',
    alerts: '预警',
    status: '状态',
  } as Record<PanelKind, string>,
  wallsNeedToken: '请在地址后加上 ?token=<屏幕令牌> 以列出各大屏。',
  playback: '回放',
  playbackSpeed: (n: string) => `${n}倍速`,
  playbackPaused: '已暂停',
  playbackEnded: '回放结束',
  playbackNotLive: '非实时画面',
  /** An ended playback's hold, counted down: the server then takes the wall back to live. */
  playbackLiveIn: (s: number) => `回放结束 · ${s}秒后回到实时画面`,
  /** Said for a few seconds once the server has taken the wall back to live. */
  playbackBackLive: '回放结束，已回到实时画面',
  spotlightTitle: '案件聚焦',
  spotlightLoading: '正在读取案件…',
  spotlightMissing: (id: string) => `未找到案件 ${id}`,
  spotlightNotYet: (when: string) => `回放时刻该案件尚未上报（${when} 上报）`,
  spotlightOutside: '当前聚焦的案件不在本辖区',
  stepTook: (d: string) => `用时 ${d}`,
  deadlineLeft: (d: string) => `距时限 ${d}`,
  deadlinePast: (d: string) => `已超时 ${d}`,
  status: {
    reported: '已上报',
    accepted: '已受理',
    returned: '已退回',
    dispatched: '已派遣',
    in_progress: '处置中',
    escalated: '已吹哨',
    resolved: '已处置',
    verified: '已核查',
    closed: '已结案',
  } satisfies Record<CaseStatus, string>,
  event: {
    reported: '上报',
    accepted: '受理',
    dispatched: '派遣',
    returned: '退回',
    started: '开始处置',
    escalated: '吹哨升级',
    extension_requested: '申请延期',
    extension_granted: '批准延期',
    resolved: '处置完毕',
    verified: '核查',
    evaluated: '回访结案',
    overdue: '超期',
    deadline_revised: '时限调整',
  } satisfies Record<CaseEventType, string>,
  /** An unsatisfied return visit: the case goes back to the department. */
  rehandled: '不满意重办',
};

type Messages = typeof zh;

const en: Messages = {
  title: 'Tianjin Grid Governance Command Centre',
  scopedTitle: (region: string) => `${region} · Grid Governance Command Centre`,
  vsYesterday: 'vs. this time yesterday',
  vsDayBefore: 'vs. the day before',
  reportedOnDay: 'Reported that day',
  closedOnDay: 'Closed that day',
  closureRateOnDay: 'Closure rate that day',
  wholeCity: 'Whole city',
  historyLoading: 'loading history',
  historyLoadingBanner: (day: number, days: number) => `Loading the last ${days} days of history (${day} loaded)`,
  historyLoadingNote: 'until it is done, the comparison with yesterday and the open and overdue counts are incomplete',
  reportedToday: 'Reported today',
  closedToday: 'Closed today',
  closureRate: 'Closure rate today',
  onTimeRate30d: 'On time, 30 days',
  satisfaction30d: 'Satisfaction, 30 days',
  overdueNow: 'Overdue now',
  openCases: 'Open cases',
  workersOnline: 'Workers online',
  ticker: 'Case activity',
  feedLost: 'Feed lost',
  feedLostSince: (t) => `FEED LOST since ${t}: what you see may be out of date`,
  feedStale: (t) => `Feed delayed: last update ${t}`,
  serverUnreachable: 'Cannot reach the server: retrying',
  refused: {
    unauthorized: 'The access token is invalid, revoked or expired: ask the administrator for a new one',
    forbidden: 'This token may not open this wall or this area',
    outside_scope: "This token's area does not include what this wall shows",
    rate_limited: 'Too many connection attempts: retrying shortly',
  },
  accessEndedTitle: 'This screen has stopped showing the wall',
  accessEnded: {
    revoked: 'The access token of this screen was revoked, and the picture cleared. Ask the administrator for a new screen URL.',
    expired: 'The access token of this screen expired (it was rotated), and the picture cleared. Use the new screen URL.',
  },
  accessRefusedTitle: 'This screen may not show this wall',
  connecting: 'Connecting…',
  heatLegend: 'Open cases per grid',
  workers: 'Grid workers',
  heatMetric: { open: 'Open cases / grid', newLastHour: 'New in last hour / grid', overdue: 'Overdue / grid' },
  densityLegend: 'Reports, last hour',
  workerState: { patrolling: 'Patrolling', idle: 'Idle', offline: 'Offline', off_duty: 'Off duty' },
  trendTitle: { '24h': 'Cases, last 24 hours', '7d': 'Cases, last 7 days', '30d': 'Cases, last 30 days' },
  total: 'Total',
  risingTitle: 'Rising fastest',
  risingCategories: 'Issues',
  risingStreets: 'Streets',
  risingVs: (days) => (days > 1 ? `last 24 h vs daily mean of previous ${days} days` : 'last 24 h vs the 24 h before'),
  risingNoHistory: 'Rising issues and streets appear once a full day of history is kept (compared with the daily mean of the days before)',
  rankingNone: 'No regions to rank below this level',
  newItem: 'new',
  sourcesTitle: 'Sources, last 24 hours',
  source: {
    grid_worker: 'Grid workers',
    hotline_12345: '12345 hotline',
    hotline_8890: '8890 hotline',
    photo_app: 'Photo app',
    video_alert: 'Video alerts',
    department: 'Departments',
  },
  rankingTitle: (level) => (level === 'district' ? 'Districts by closure rate (7 days)' : 'Streets by closure rate (7 days)'),
  closureRateShort: 'Closed',
  onTimeRateShort: 'On time',
  rankingAxisFrom: (pct) => (pct > 0 ? `from ${pct}%` : ''),
  alertsTitle: 'Alerts',
  alertCounts: (o, e, s) => `overdue ${o} · escalated ${e} · spikes ${s}`,
  noAlerts: 'No alerts',
  alertsUnknown: 'Feed lost: alert state unknown',
  waiting: 'Waiting for data…',
  urgency: { immediate: 'immediate', urgent: 'urgent', major: 'major', ordinary: 'ordinary' },
  level: { street: 'street', district: 'district', city: 'city' },
  alertOverdue: (what, late) => `${what} overdue by ${late}`,
  alertEscalated: (what, level) => `${what} escalated to ${level} level`,
  overdueWhy: (urgency, due) => `${urgency} · due ${due}`,
  escalatedWhy: (ago) => `escalated ${ago} ago`,
  alertSpike: (category, region) => `${category} rising in ${region}`,
  spikeWhy: (a) =>
    `${a.count} in the last ${a.windowMinutes % 60 ? `${a.windowMinutes} min` : `${a.windowMinutes / 60} h`}, ${usualEn(a.count, a.mean, a.baseline === 'same_hour_previous_days' ? 'at this hour on other days' : 'an hour earlier today')}`,
  duration: (minutes) =>
    minutes >= 1440
      ? `${Math.floor(minutes / 1440)} d ${Math.floor((minutes % 1440) / 60)} h`
      : minutes >= 60
        ? `${Math.floor(minutes / 60)} h ${minutes % 60} min`
        : `${minutes} min`,
  statusTitle: 'System status',
  feedLive: 'Live',
  feedPlayback: 'playback (not live)',
  feedState: { connecting: 'Connecting', live: 'Live', stale: 'Delayed', lost: 'Feed lost' },
  lastUpdate: (seconds) => `updated ${seconds} s ago`,
  clockOffset: (ms) => (Math.abs(ms) < 1000 ? 'clock in step with the server' : `clock off by ${Math.round(Math.abs(ms) / 1000)} s`),
  clockOffsetDetail: (ms) => `clock offset ${ms} ms`,
  screenOf: (screen) => `screen ${screen}`,
  wallsTitle: 'Wall layouts',
  appName: 'Gridwall',
  gridSize: (rows, cols) => `${rows} × ${cols}`,
  fluidScreen: 'fluid',
  panelKind: {
    title: 'Title',
    kpis: 'KPIs',
    map: 'Map',
    ticker: 'Ticker',
    trend: 'Trend',
    rising: 'Rising',
    sources: 'Sources',
    ranking: 'Ranking',
    alerts: 'Alerts',
    status: 'Status',
  },
  wallsNeedToken: 'Add ?token=<screen token> to the address to list the walls.',
  playback: 'PLAYBACK',
  playbackSpeed: (n) => `×${n}`,
  playbackPaused: 'paused',
  playbackEnded: 'playback ended',
  playbackNotLive: 'not live',
  playbackLiveIn: (s) => `playback ended · live again in ${s} s`,
  playbackBackLive: 'Playback ended: the wall is live again',
  spotlightTitle: 'Case spotlight',
  spotlightLoading: 'Loading the case…',
  spotlightMissing: (id) => `No case ${id}`,
  spotlightNotYet: (when) => `Not yet reported at the moment played back (reported ${when})`,
  spotlightOutside: 'The case in the spotlight lies outside this area',
  stepTook: (d) => `took ${d}`,
  deadlineLeft: (d) => `${d} before the deadline`,
  deadlinePast: (d) => `${d} past the deadline`,
  status: {
    reported: 'Reported',
    accepted: 'Accepted',
    returned: 'Returned',
    dispatched: 'Dispatched',
    in_progress: 'In progress',
    escalated: 'Escalated',
    resolved: 'Resolved',
    verified: 'Verified',
    closed: 'Closed',
  },
  event: {
    reported: 'reported',
    accepted: 'accepted',
    dispatched: 'dispatched',
    returned: 'returned',
    started: 'started',
    escalated: 'escalated',
    extension_requested: 'extension requested',
    extension_granted: 'extension granted',
    resolved: 'resolved',
    verified: 'verified',
    evaluated: 'evaluated',
    overdue: 'OVERDUE',
    deadline_revised: 'deadline recounted',
  },
  rehandled: 'sent back (unsatisfied)',
};

// outside a browser (unit tests of pure panel code) the wall speaks its default language
export const locale: Locale = typeof location !== 'undefined' && new URLSearchParams(location.search).get('lang') === 'en' ? 'en' : 'zh-CN';
export const t: Messages = locale === 'en' ? en : zh;
