// A case's history over HTTP: a case posted through the ingest API of a real server comes back step
// by step, timed against its report and its deadline, its free text masked; an open case past its
// deadline says so (and shows the overdue mark the server raised); an unknown case is 404, a
// malformed id 400, no or a wrong token 401, a key of another role 403, each in the one error shape.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseEventInput } from '../../shared/caseEvent.ts';
import type { CaseHistory } from '../../shared/caseHistory.ts';
import { maskPersonalData } from '../../shared/masking.ts';
import type { Stores } from '../../server/store/stores.ts';
import { loadRegionTree } from '../../server/geo/regionTree.ts';
import { GRID, grids, uniqueId } from '../support/factories.ts';
import { startTestServer, type TestServer } from '../support/testServer.ts';

const MIN = 60_000;
const HOUR = 60 * MIN;
const SUMMARY = '市民张三反映小区门口生活垃圾堆放未清运，联系电话13812345678';

describe('case history', () => {
  let server: TestServer;
  let store: Stores;
  let base: string;
  const t0 = Date.now() - 3 * HOUR;
  const iso = (ms: number) => new Date(ms).toISOString();
  const closed = uniqueId('HIST');
  const late = uniqueId('LATE');

  beforeAll(async () => {
    server = await startTestServer();
    store = await server.openStore();
    base = server.url;

    const step = (caseId: string, n: number, minutes: number, e: object) =>
      ({ eventId: `${caseId}:${n}`, caseId, at: iso(t0 + minutes * MIN), ...e }) as CaseEventInput;
    const events: CaseEventInput[] = [
      {
        eventId: `${closed}:1`,
        caseId: closed,
        type: 'reported',
        at: iso(t0),
        gridCode: GRID,
        category: 'appearance.garbage',
        urgency: 'ordinary',
        source: 'hotline_12345',
        summary: SUMMARY,
      },
      step(closed, 2, 10, { type: 'accepted' }),
      step(closed, 3, 20, { type: 'dispatched', unit: '街道综合执法队' }),
      step(closed, 4, 30, { type: 'started' }),
      step(closed, 5, 40, { type: 'extension_requested', reason: '需协调物业，物业电话022-23456789' }),
      step(closed, 6, 50, { type: 'extension_granted', until: iso(t0 + 30 * 24 * HOUR) }),
      step(closed, 7, 60, { type: 'escalated', level: 'district', by: '街道吹哨' }),
      step(closed, 8, 70, { type: 'resolved', note: '已清运，回访13912345678' }),
      step(closed, 9, 80, { type: 'verified', passed: true }),
      step(closed, 10, 90, { type: 'evaluated', satisfied: true, rating: 5 }),
      // open, and an hour past the deadline its source set
      {
        eventId: `${late}:1`,
        caseId: late,
        type: 'reported',
        at: iso(t0),
        gridCode: GRID,
        category: 'facility.manhole',
        urgency: 'urgent',
        source: 'photo_app',
        summary: '井盖破损',
        deadline: iso(t0 + 2 * HOUR),
      },
    ];
    const posted = await server.post('/api/v1/events', { events });
    expect(posted.status).toBe(200);
  });
  afterAll(async () => {
    await store.close();
    await server.dispose();
  });

  const get = async (id: string, token: string | null = server.secrets.screenToken) => {
    const res = await fetch(`${base}/api/v1/cases/${encodeURIComponent(id)}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
    return { status: res.status, body: (await res.json()) as any };
  };

  it('tells a closed case step by step: who acted, the time each step took and the time left', async () => {
    const { status, body } = await get(closed);
    expect(status).toBe(200);
    const history = body as CaseHistory;
    expect(history).toMatchObject({
      caseId: closed,
      status: 'closed',
      category: 'appearance.garbage',
      urgency: 'ordinary',
      source: 'hotline_12345',
      gridCode: GRID,
      reportedAt: iso(t0),
      acceptedAt: iso(t0 + 10 * MIN),
      closedAt: iso(t0 + 90 * MIN),
      deadline: iso(t0 + 30 * 24 * HOUR),
      overdue: false,
      elapsedMs: 90 * MIN,
      escalation: 'district',
      extensions: 1,
      extensionPending: false,
      satisfied: true,
      rating: 5,
      escalations: [{ level: 'district', by: '街道吹哨', at: iso(t0 + 60 * MIN) }],
    });
    const tree = loadRegionTree('public', grids.grids);
    expect(history.place).toEqual({
      district: { code: GRID.slice(0, 6), name: tree.get(GRID.slice(0, 6))!.name },
      street: { code: GRID.slice(0, 9), name: tree.get(GRID.slice(0, 9))!.name },
      community: { code: GRID.slice(0, 12), name: tree.get(GRID.slice(0, 12))!.name },
      grid: { code: GRID, name: tree.get(GRID)!.name },
    });
    const steps = history.steps;
    expect(steps.map((s) => [s.version, s.type, s.status])).toEqual([
      [1, 'reported', 'reported'],
      [2, 'accepted', 'accepted'],
      [3, 'dispatched', 'dispatched'],
      [4, 'started', 'in_progress'],
      [5, 'extension_requested', 'in_progress'],
      [6, 'extension_granted', 'in_progress'],
      [7, 'escalated', 'escalated'],
      [8, 'resolved', 'resolved'],
      [9, 'verified', 'verified'],
      [10, 'evaluated', 'closed'],
    ]);
    expect(steps.map((s) => s.sincePreviousMs)).toEqual([null, ...Array.from({ length: 9 }, () => 10 * MIN)]);
    expect(steps.map((s) => s.sinceReportMs)).toEqual(steps.map((_, k) => k * 10 * MIN));
    // the deadline the time-limit rules gave, until the extension moved it
    const first = Date.parse(steps[0]!.deadline);
    expect(first).toBeGreaterThan(t0 + 24 * HOUR);
    for (const s of steps) expect(s.remainingMs).toBe(Date.parse(s.deadline) - Date.parse(s.at));
    expect(steps.slice(0, 5).every((s) => Date.parse(s.deadline) === first)).toBe(true);
    expect(steps[5]).toMatchObject({ deadline: iso(t0 + 30 * 24 * HOUR), deadlineChange: { from: iso(first), to: iso(t0 + 30 * 24 * HOUR) } });
    expect(steps[2]!.who).toBe('街道综合执法队');
    expect(steps[6]).toMatchObject({ who: '街道吹哨', escalatedTo: 'district' });
    expect(steps[8]).toMatchObject({ passed: true });
    expect(steps[9]).toMatchObject({ satisfied: true, rating: 5 });
    expect(steps.every((s) => Date.parse(s.recordedAt) >= Date.parse(s.at))).toBe(true);
  });

  it('masks the personal data in every free text', async () => {
    const { body } = await get(closed);
    const history = body as CaseHistory;
    expect(history.summary).toBe(maskPersonalData(SUMMARY));
    expect(history.summary).toContain('[电话]');
    expect(history.steps[4]!.note).toBe('需协调物业，物业电话[电话]');
    expect(history.steps[7]!.note).toBe('已清运，回访[电话]');
    expect(JSON.stringify(body)).not.toMatch(/13812345678|13912345678|23456789/);
  });

  it("masks a citizen's name in the summary (张三)", async () => {
    const { body } = await get(closed);
    expect((body as CaseHistory).summary).toBe('市民张*反映小区门口生活垃圾堆放未清运，联系电话[电话]');
    expect(JSON.stringify(body)).not.toContain('张三');
  });

  it('says an open case is past its deadline, with the overdue mark the server raised', async () => {
    let history: CaseHistory | undefined;
    for (const until = Date.now() + 10_000; Date.now() < until; await new Promise((r) => setTimeout(r, 200))) {
      history = (await get(late, server.secrets.presenterToken)).body as CaseHistory;
      if (history.steps.length > 1) break;
    }
    expect(history).toMatchObject({ status: 'reported', overdue: true, closedAt: null, deadline: iso(t0 + 2 * HOUR), summary: '井盖破损' });
    expect(history!.elapsedMs).toBe(Date.parse(history!.asOf) - t0);
    expect(history!.steps[0]).toMatchObject({ type: 'reported', remainingMs: 2 * HOUR });
    expect(history!.steps[1]).toMatchObject({ type: 'overdue', status: 'reported', deadlineChange: { passed: iso(t0 + 2 * HOUR) } });
    // the mark is dated when the case went overdue: its deadline (the same mark whichever node raises it)
    expect(history!.steps[1]).toMatchObject({ at: iso(t0 + 2 * HOUR), remainingMs: 0 });
  });

  it('refuses an unknown case (404), a malformed id (400) and a request without a valid token (401)', async () => {
    const unknown = await get('NO-SUCH-CASE');
    expect(unknown).toMatchObject({ status: 404, body: { error: { code: 'unknown_case' } } });
    expect(unknown.body.error.message).toContain('NO-SUCH-CASE');
    const malformed = await get('bad id!');
    expect(malformed).toMatchObject({ status: 400, body: { error: { code: 'invalid_payload' } } });
    expect(malformed.body.error.message).toMatch(/^case id: /);
    expect(await get('X'.repeat(65))).toMatchObject({ status: 400 });
    expect(await get(closed, null)).toMatchObject({ status: 401, body: { error: { code: 'unauthorized' } } });
    expect(await get(closed, server.secrets.ingestKey)).toMatchObject({ status: 403, body: { error: { code: 'forbidden' } } });
  });
});
