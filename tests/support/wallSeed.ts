// A day so far, for pictures of whole walls: reports over the last 20 hours, and some over the two
// days before (history for the rising lists), in every category and channel (more in the centre), most of the older ones closed, some escalated, some past their
// deadline, a burst of one issue in one street in the last hour, and workers on their grids.
// Seeded, so two runs post the same events; sent through the public API like any source.
import type { CaseEvent, PositionFix } from '../../shared/caseEvent.ts';
import { SOURCE_CHANNELS } from '../../shared/caseEvent.ts';
import { CATEGORY_CODES } from '../../shared/categories.ts';
import { seededRng } from '../../shared/seededRng.ts';
import { grids } from './factories.ts';

const MIN = 60_000;
const CLOSE: CaseEvent['type'][] = ['accepted', 'dispatched', 'started', 'resolved', 'verified', 'evaluated'];
const SUMMARIES = ['小区门口生活垃圾堆放未清运', '路口井盖破损存在安全隐患', '商铺占道经营影响通行', '夜间施工噪声扰民', '楼道堆放杂物堵塞消防通道'];

function detail(type: CaseEvent['type']): Record<string, unknown> {
  switch (type) {
    case 'dispatched':
      return { unit: '街道综合执法队' };
    case 'resolved':
      return { note: '已处置' };
    case 'verified':
      return { passed: true };
    case 'evaluated':
      return { satisfied: true, rating: 5 };
    case 'escalated':
      return { level: 'district', by: '街道指挥中心' };
    default:
      return {};
  }
}

export interface WallSeed {
  events: CaseEvent[];
  fixes: PositionFix[];
}

export function wallSeed(opts: { cases?: number; workers?: number; seed?: number; now?: number } = {}): WallSeed {
  const { cases = 2000, workers = 3000, seed = 6, now = Date.now() } = opts;
  const rnd = seededRng(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)]!;
  // the centre is busier: two draws of three from the first (central) districts' grids
  const central = grids.grids.filter((g) => g.code < '120107');
  const events: CaseEvent[] = [];
  const add = (caseId: string, n: number, type: CaseEvent['type'], at: number, extra: Record<string, unknown> = {}) =>
    events.push({ eventId: `${caseId}:${n}`, caseId, type, at: new Date(at).toISOString(), ...detail(type), ...extra } as CaseEvent);
  for (let i = 0; i < cases; i++) {
    const caseId = `SEED-${seed}-${i}`;
    const grid = rnd() < 0.45 ? pick(central) : pick(grids.grids);
    const reportedAt = i % 4 === 3 ? now - Math.floor((24 + rnd() * 46) * 60) * MIN : now - Math.floor(rnd() ** 1.4 * 20 * 60) * MIN - MIN;
    const overdue = i % 37 === 0;
    add(caseId, 1, 'reported', reportedAt, {
      gridCode: grid.code,
      category: pick(CATEGORY_CODES),
      urgency: i % 9 === 0 ? 'urgent' : 'ordinary',
      source: pick(SOURCE_CHANNELS),
      summary: pick(SUMMARIES),
      ...(overdue && { deadline: new Date(reportedAt + 30 * MIN).toISOString() }),
    });
    const age = (now - reportedAt) / MIN;
    if (overdue) continue;
    // cases older than two hours mostly closed; some escalated on the way
    const steps = age > 120 && rnd() < 0.75 ? CLOSE : CLOSE.slice(0, Math.floor(rnd() * 3));
    const gap = Math.min(10, age / (steps.length + 2));
    steps.forEach((type, k) => add(caseId, k + 2, type, reportedAt + (k + 1) * gap * MIN));
    if (steps.length === 2 && i % 11 === 0) add(caseId, 4, 'escalated', reportedAt + 3 * gap * MIN);
  }
  // a hot issue in one street in the last hour: street vending in 红桥区丁字沽街道
  const street = grids.grids.filter((g) => g.code.startsWith('120106004'));
  for (let i = 0; i < 24; i++) {
    add(`SEED-${seed}-burst-${i}`, 1, 'reported', now - Math.floor(rnd() * 50 + 2) * MIN, {
      gridCode: pick(street).code,
      category: 'appearance.vendor',
      urgency: 'ordinary',
      source: pick(SOURCE_CHANNELS),
      summary: '商铺占道经营影响通行',
    });
  }
  events.sort((a, b) => a.at.localeCompare(b.at));
  const fixes = grids.grids
    .filter((_, i) => i % Math.max(1, Math.floor(grids.grids.length / workers)) === 0)
    .slice(0, workers)
    .map((g, i) => ({ workerId: `SEEDW-${i}`, gridCode: g.code, lon: g.centroid[0], lat: g.centroid[1], at: new Date(now).toISOString() }));
  return { events, fixes };
}

/** Posts the seed through the ingest API in batches; throws on the first refusal. */
export async function postWallSeed(target: { url: string; ingestKey: string }, seedData: WallSeed): Promise<void> {
  const post = async (path: string, body: unknown) => {
    const res = await fetch(`${target.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${target.ingestKey}` },
      body: JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  };
  for (let i = 0; i < seedData.events.length; i += 1000) await post('/api/v1/events', { events: seedData.events.slice(i, i + 1000) });
  for (let i = 0; i < seedData.fixes.length; i += 5000) await post('/api/v1/positions', { fixes: seedData.fixes.slice(i, i + 5000) });
}
