// End to end over real sockets: HTTP ingest -> the event log (SQLite, and PostgreSQL where one
// answers) -> projections -> Socket.IO -> a real socket.io-client screen.
import { isDeepStrictEqual } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handshakeRefusal } from '../../shared/refusal.ts';
import { decodePositionFrame } from '../../shared/positionFrame.ts';
import type { CaseEvent } from '../../shared/caseEvent.ts';
import { createCaseProjection } from '../../server/projections/caseProjection.ts';
import { ENGINES } from '../support/engines.ts';
import { GRID, closedCase, fix, grids, reported, steps, uniqueId } from '../support/factories.ts';
import { connectScreen, startTestServer, type TestServer } from '../support/testServer.ts';

describe.each(ENGINES)('on %s', (engine) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ engine });
  });
  afterAll(async () => {
    await server?.dispose();
  });

  const seqNow = async () => (await (await fetch(`${server.url}/healthz`)).json()).seq as number;

  describe('ingest and push', () => {
    it('answers health and Prometheus metrics', async () => {
      const health = await fetch(`${server.url}/healthz`);
      expect(health.status).toBe(200);
      const metrics = await (await fetch(`${server.url}/metrics`)).text();
      expect(metrics).toContain('gridwall_case_events_ingested_total');
    });

    it('refuses ingest without the key, and a screen without its token', async () => {
      const res = await server.post('/api/v1/events', { events: [reported(uniqueId())] }, null);
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe('unauthorized');
      const wrong = await server.post('/api/v1/events', { events: [reported(uniqueId())] }, 'ik_wrong-key-of-some-length');
      expect(wrong.status).toBe(401);

      const screen = connectScreen(server, 'st_not-the-token-at-all');
      const error = await new Promise<Error>((resolve) => screen.socket.once('connect_error', resolve));
      // the refusal comes as data: a client reads its code, never parses the sentence
      expect(handshakeRefusal(error)).toMatchObject({ code: 'unauthorized', message: expect.stringMatching(/not valid/) });
      screen.close();
    });

    it('pushes a new case to a connected screen, and includes it in the next snapshot', async () => {
      const screen = connectScreen(server);
      await screen.until(() => screen.snapshots.length === 1, 'the snapshot');
      const caseId = uniqueId();
      const res = await server.post('/api/v1/events', { events: [reported(caseId, { summary: '3号楼门口垃圾，电话13612345678' })] });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ stored: 1, duplicates: [] });
      await screen.until(() => screen.lines.some((l) => l.caseId === caseId), 'the new case');
      const line = screen.lines.find((l) => l.caseId === caseId)!;
      expect(line).toMatchObject({
        type: 'reported',
        status: 'reported',
        gridCode: GRID,
        districtCode: GRID.slice(0, 6),
        summary: '*号楼门口垃圾，电话[电话]',
      });
      expect(line.seq).toBe(res.body.lastSeq);
      await screen.until(() => screen.heat.some((h) => h.changes.some(([i]) => i === grids.indexOf(GRID))), 'the heat delta of its grid');
      screen.close();

      const late = connectScreen(server);
      await late.until(() => late.snapshots.length === 1, 'the snapshot');
      expect(late.snapshots[0]!.ticker.map((l) => l.caseId)).toContain(caseId);
      expect(late.snapshots[0]!.seq).toBe(await seqNow());
      late.close();
    });

    it('stores and shows an event sent twice only once', async () => {
      const screen = connectScreen(server);
      await screen.until(() => screen.snapshots.length === 1, 'the snapshot');
      const caseId = uniqueId();
      const event = reported(caseId);
      expect((await server.post('/api/v1/events', { events: [event] })).body).toMatchObject({ stored: 1 });
      expect((await server.post('/api/v1/events', { events: [event, event] })).body).toMatchObject({ stored: 0, duplicates: [event.eventId, event.eventId] });
      const marker = uniqueId();
      await server.post('/api/v1/events', { events: [reported(marker)] });
      await screen.until(() => screen.lines.some((l) => l.caseId === marker), 'the marker case');
      expect(screen.lines.filter((l) => l.caseId === caseId)).toHaveLength(1);
      screen.close();
    });

    it('answers a bad payload with 400 naming the field, and changes nothing', async () => {
      const before = await seqNow();
      const bad = await server.post('/api/v1/events', { events: [reported(uniqueId()), reported(uniqueId(), { urgency: 'soonish' as never })] });
      expect(bad.status).toBe(400);
      expect(bad.body.error).toMatchObject({ code: 'invalid_payload' });
      expect(bad.body.error.message).toContain('events.1.urgency');
      const malformed = await server.postRaw('/api/v1/events', '{"events": [', { authorization: `Bearer ${server.secrets.ingestKey}` });
      expect(malformed.status).toBe(400);
      expect(malformed.body.error.code).toBe('malformed_json');
      const unknownGrid = await server.post('/api/v1/events', { events: [reported(uniqueId(), { gridCode: '120101999999999' })] });
      expect(unknownGrid.status).toBe(422);
      const future = await server.post('/api/v1/events', { events: [reported(uniqueId(), { at: new Date(Date.now() + 3_600_000).toISOString() })] });
      expect(future.status).toBe(400);
      expect(future.body.error).toMatchObject({ code: 'future_timestamp', details: [{ path: 'events.0.at' }] });
      const futureFix = await server.post('/api/v1/positions', { fixes: [fix('W-future', { at: new Date(Date.now() + 3_600_000).toISOString() })] });
      expect(futureFix.status).toBe(400);
      expect(await seqNow()).toBe(before);
    });

    it('refuses a batch with an illegal transition whole, with the reason', async () => {
      const before = await seqNow();
      const caseId = uniqueId();
      const batch: CaseEvent[] = [reported(caseId), ...steps(caseId, [{ type: 'resolved' }])];
      const res = await server.post('/api/v1/events', { events: batch });
      expect(res.status).toBe(409);
      expect(res.body.error).toMatchObject({ code: 'illegal_transition', details: [{ path: 'events.1' }] });
      expect(res.body.error.message).toMatch(/is reported; 'resolved' is allowed only from in_progress, escalated/);
      expect(await seqNow()).toBe(before);
    });

    it('pushes worker positions as binary frames after the roster', async () => {
      const screen = connectScreen(server);
      await screen.until(() => screen.snapshots.length === 1, 'the snapshot');
      const workerId = uniqueId('W');
      const res = await server.post('/api/v1/positions', { fixes: [fix(workerId, { lon: 117.2001, lat: 39.1301 })] });
      expect(res.status).toBe(200);
      await screen.until(() => screen.rosters.some((r) => r.ids.includes(workerId)), 'the roster entry');
      const roster = screen.rosters.find((r) => r.ids.includes(workerId))!;
      const index = roster.from + roster.ids.indexOf(workerId);
      const decoded = () => screen.frames.map((f) => decodePositionFrame(f as never));
      await screen.until(() => decoded().some((d) => [...d.indices].includes(index)), 'the position frame');
      const frame = decoded().find((d) => [...d.indices].includes(index))!;
      const k = [...frame.indices].indexOf(index);
      expect(frame.coords[2 * k]).toBeCloseTo(117.2001, 4);
      expect(frame.coords[2 * k + 1]).toBeCloseTo(39.1301, 4);
      screen.close();
    });

    it("a screen's aggregates converge to a recomputation from the log", async () => {
      const screen = connectScreen(server);
      await screen.until(() => screen.snapshots.length === 1, 'the snapshot');
      const events = Array.from({ length: 60 }, (_, i) => {
        const id = uniqueId();
        return i % 3 === 0 ? closedCase(id) : [reported(id, { gridCode: grids.grids[i % 40]!.code })];
      }).flat();
      const res = await server.post('/api/v1/events', { events });
      expect(res.status).toBe(200);
      await screen.until(() => screen.lines.some((l) => l.seq === res.body.lastSeq), 'the last event');
      const kpiCount = screen.kpis.length;
      await screen.until(() => screen.kpis.length > kpiCount, 'KPIs sent after the batch');

      // The log's heat: fold every stored event again, independently.
      const store = await server.openStore();
      const replay = createCaseProjection(grids.grids.length, grids.indexOf);
      replay.apply(await store.log.readEvents(0, 1_000_000));
      await store.close();
      const expected = new Map(replay.heatEntries().map(([i, ...v]) => [i, v]));
      // The screen's heat: its snapshot with every delta applied, latest wins (heat goes out on a
      // tick: wait for the screen to converge, however long a busy machine stretches the tick).
      const screenHeat = () => {
        const heat = new Map(screen.snapshots[0]!.heat.map(([i, ...v]) => [i, v]));
        for (const d of screen.heat) for (const [i, ...v] of d.changes) heat.set(i, v);
        for (const [i, v] of heat) if (v.every((x) => x === 0)) heat.delete(i);
        return heat;
      };
      await screen.until(() => isDeepStrictEqual(screenHeat(), expected), 'the heat of the log').catch(() => undefined);
      expect(screenHeat()).toEqual(expected);
      const kpis = screen.kpis.at(-1)!;
      const recomputed = replay.kpis(Date.now(), kpis.workersOnline);
      expect({ ...kpis, overdueNow: 0 }).toEqual({ ...recomputed, overdueNow: 0, region: '1201' });
      screen.close();
    });
  });

  describe('restart', () => {
    it('keeps every acknowledged event across a restart', async () => {
      const first = await startTestServer({ engine });
      const caseIds = Array.from({ length: 20 }, () => uniqueId());
      for (const id of caseIds) expect((await first.post('/api/v1/events', { events: closedCase(id).slice(0, 3) })).status).toBe(200);
      const seq = (await (await fetch(`${first.url}/healthz`)).json()).seq;
      await first.stop();

      const second = await startTestServer({ location: first.location });
      const screen = connectScreen(second);
      await screen.until(() => screen.snapshots.length === 1, 'the snapshot');
      const snap = screen.snapshots[0]!;
      expect(snap.seq).toBe(seq);
      expect(snap.kpis.openCases).toBe(20);
      expect(snap.ticker.at(-1)).toMatchObject({ caseId: caseIds.at(-1), seq, status: 'dispatched' });
      // and the same ids are still recognised as duplicates
      const again = await second.post('/api/v1/events', { events: closedCase(caseIds[0]!).slice(0, 3) });
      expect(again.body).toMatchObject({ stored: 0 });
      screen.close();
      await second.dispose();
    });
  });
});
