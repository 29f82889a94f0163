// The platform's time-limit rules over HTTP on both engines (docs/kpi-rulebook.md): an extension
// asked too late or granted after the deadline is refused with 409 and nothing stored; an
// unsatisfied return visit sends the case back with the server's new deadline; a case nobody rated
// is closed as 默认满意 by the server, dated at the end of the window, once; bad visits are refused.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseEvent } from '../../shared/caseEvent.ts';
import { ENGINES } from '../support/engines.ts';
import { reported, uniqueId } from '../support/factories.ts';
import { startTestServer, type TestServer } from '../support/testServer.ts';

const iso = (t: number) => new Date(t).toISOString();
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

describe.each(ENGINES)('time limits on %s', (engine) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ engine });
  });
  afterAll(async () => {
    await server?.dispose();
  });

  const history = async (caseId: string) => {
    const res = await fetch(`${server.url}/api/v1/cases/${caseId}`, { headers: { authorization: `Bearer ${server.secrets.screenToken}` } });
    return (await res.json()) as { status: string; deadline: string; steps: { type: string; at: string; status: string }[] };
  };
  /** A case reported at `t0` and taken to in_progress one minute later per step. */
  async function inProgress(caseId: string, t0: number, extra: Partial<Extract<CaseEvent, { type: 'reported' }>> = {}) {
    const events: CaseEvent[] = [
      reported(caseId, { at: iso(t0), ...extra }),
      { eventId: `${caseId}:2`, caseId, type: 'accepted', at: iso(t0 + 60_000) },
      { eventId: `${caseId}:3`, caseId, type: 'dispatched', unit: '街道综合执法队', at: iso(t0 + 120_000) },
      { eventId: `${caseId}:4`, caseId, type: 'started', at: iso(t0 + 180_000) },
    ];
    expect((await server.post('/api/v1/events', { events })).status).toBe(200);
  }
  const step = (caseId: string, version: number, at: number, body: Record<string, unknown>) =>
    server.post('/api/v1/events', { events: [{ eventId: `${caseId}:${version}`, caseId, at: iso(at), ...body }] });

  it('refuses an extension asked for less than 1 working day before the deadline, and one granted after it, storing nothing', async () => {
    const now = Date.now();
    // a 即办 case: 2 hours, so any request is too late
    const tight = uniqueId('EXT');
    await inProgress(tight, now - 10 * 60_000, { urgency: 'immediate' });
    const late = await step(tight, 5, now - 5 * 60_000, { type: 'extension_requested', reason: '需协调多部门' });
    expect(late.status).toBe(409);
    expect(late.body.error.code).toBe('extension_too_late');
    expect(late.body.error.message).toMatch(/at least 1 working day\(s\) before the deadline/);
    expect((await history(tight)).steps).toHaveLength(4);

    // a case whose request came in time, weeks before its deadline (a minute ago): the grant after the deadline is refused
    const grant = uniqueId('EXT');
    await inProgress(grant, now - 20 * DAY, { deadline: iso(now - 60_000) });
    const asked = await step(grant, 5, now - 20 * DAY + 240_000, { type: 'extension_requested', reason: '需协调多部门' });
    expect(asked.status).toBe(200);
    const granted = await step(grant, 6, now - 30_000, { type: 'extension_granted', until: iso(now + 5 * DAY) });
    expect(granted.status).toBe(409);
    expect(granted.body.error).toMatchObject({ code: 'extension_too_late' });
    expect((await history(grant)).deadline).toBe(iso(now - 60_000));
  });

  it('sends an unsatisfied case back with a new deadline from the rules, and closes a satisfied one', async () => {
    const t0 = Date.now() - 2 * HOUR;
    const [unhappy, happy] = [uniqueId('RH'), uniqueId('OK')];
    for (const id of [unhappy, happy]) {
      await inProgress(id, t0, { urgency: 'immediate' });
      expect((await step(id, 5, t0 + 10 * 60_000, { type: 'resolved' })).status).toBe(200);
      expect((await step(id, 6, t0 + 20 * 60_000, { type: 'verified', passed: true })).status).toBe(200);
    }
    const visitAt = t0 + 30 * 60_000;
    expect((await step(unhappy, 7, visitAt, { type: 'evaluated', result: 'unsatisfied', rating: 1 })).status).toBe(200);
    expect((await step(happy, 7, visitAt, { type: 'evaluated', result: 'basically_satisfied' })).status).toBe(200);
    const back = await history(unhappy);
    // 即办: 2 clock hours from the visit
    expect(back).toMatchObject({ status: 'dispatched', deadline: iso(visitAt + 2 * HOUR) });
    expect((await history(happy)).status).toBe('closed');
  });

  it('refuses a visit in the wrong state, off the scale, or with two results, storing nothing', async () => {
    const id = uniqueId('BAD');
    await inProgress(id, Date.now() - HOUR);
    const wrongState = await step(id, 5, Date.now() - 1000, { type: 'evaluated', result: 'satisfied' });
    expect(wrongState.status).toBe(409);
    expect(wrongState.body.error.code).toBe('illegal_transition');
    for (const body of [
      { type: 'evaluated', result: 'delighted' },
      { type: 'evaluated', result: 'satisfied', rating: 9 },
      { type: 'evaluated', result: 'satisfied', satisfied: true },
      { type: 'evaluated', result: 'satisfied', byDefault: true },
    ]) {
      const r = await step(id, 5, Date.now() - 1000, body);
      expect(r.status).toBe(400);
      expect(r.body.error.code).toBe('invalid_payload');
    }
    expect((await history(id)).steps).toHaveLength(4);
  });

  it('closes a verified case nobody rated within 3 days as 默认满意, dated at the end of the window, once', async () => {
    const id = uniqueId('DEF');
    const t0 = Date.now() - 5 * DAY;
    await inProgress(id, t0, { deadline: iso(t0 + 7 * DAY) });
    expect((await step(id, 5, t0 + HOUR, { type: 'resolved' })).status).toBe(200);
    const verifiedAt = t0 + 2 * HOUR;
    expect((await step(id, 6, verifiedAt, { type: 'verified', passed: true })).status).toBe(200);
    let h = await history(id);
    for (const until = Date.now() + 30_000; h.status !== 'closed' && Date.now() < until; ) {
      await new Promise((r) => setTimeout(r, 50));
      h = await history(id);
    }
    expect(h.steps.at(-1)).toMatchObject({ type: 'evaluated', status: 'closed', at: iso(verifiedAt + 3 * DAY) });
    expect(h.steps.filter((s) => s.type === 'evaluated')).toHaveLength(1);
    // a rating that arrives after it finds the case closed
    const late = await step(id, 8, Date.now() - 1000, { type: 'evaluated', result: 'unsatisfied' });
    expect(late.status).toBe(409);
  });
});
