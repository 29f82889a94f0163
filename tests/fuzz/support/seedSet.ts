// The valid data a fuzz server holds before the barrage: cases in each lifecycle state (so that
// illegal transitions and reused ids have something to hit) and one worker's (old) fix. Dated in
// the past and away from any boundary, so nothing a screen is sent changes while the fuzz runs.
import { expect } from 'vitest';
import type { CaseEvent } from '../../../shared/caseEvent.ts';
import { closedCase, fix, reported, steps, uniqueId } from '../../support/factories.ts';
import { connectScreen, type TestServer } from '../../support/testServer.ts';

export interface SeedCase {
  caseId: string;
  status: string;
  events: CaseEvent[];
}

export interface SeedSet {
  cases: SeedCase[];
  events: CaseEvent[];
  workerId: string;
}

export async function postSeedSet(server: TestServer): Promise<SeedSet> {
  const id = () => uniqueId('FZ');
  const make = (status: string, events: (caseId: string) => CaseEvent[]): SeedCase => {
    const caseId = id();
    return { caseId, status, events: events(caseId) };
  };
  const cases = [
    make('reported', (c) => [reported(c)]),
    make('accepted', (c) => [reported(c), ...steps(c, [{ type: 'accepted' }])]),
    make('dispatched', (c) => [
      reported(c, { urgency: 'urgent', category: 'facility.manhole' }),
      ...steps(c, [{ type: 'accepted' }, { type: 'dispatched', unit: '街道综合执法队' }]),
    ]),
    make('in_progress', (c) => [
      reported(c, { source: 'photo_app' }),
      ...steps(c, [{ type: 'accepted' }, { type: 'dispatched', unit: '市政' }, { type: 'started' }]),
    ]),
    make('escalated', (c) => [
      reported(c),
      ...steps(c, [{ type: 'accepted' }, { type: 'dispatched', unit: '市政' }, { type: 'escalated', level: 'district', by: '街道' }]),
    ]),
    make('resolved', (c) => [
      reported(c),
      ...steps(c, [{ type: 'accepted' }, { type: 'dispatched', unit: '市政' }, { type: 'started' }, { type: 'resolved', note: '已处理' }]),
    ]),
    make('closed', (c) => closedCase(c)),
  ];
  const events = cases.flatMap((c) => c.events);
  const res = await server.post('/api/v1/events', { events });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  expect(res.body.stored).toBe(events.length);
  const workerId = id();
  const fixes = await server.post('/api/v1/positions', { fixes: [fix(workerId, { at: new Date(Date.now() - 10 * 60_000).toISOString() })] });
  expect(fixes.status).toBe(200);
  // positions reach the projection on a tick: wait until a screen is sent the worker
  for (let tries = 0; ; tries++) {
    const screen = connectScreen(server);
    await screen.until(() => screen.snapshots.length === 1, 'a snapshot');
    screen.close();
    if (screen.snapshots[0]!.workerIds.includes(workerId)) break;
    if (tries > 50) throw new Error(`the seed worker ${workerId} never reached the projection`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return { cases, events, workerId };
}
