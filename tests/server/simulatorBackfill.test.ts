// A new demo store gets a history: the simulator's backfill posts the days before today and today up
// to now through the real ingest API — every event accepted (legal, in each case's order, none in
// the future), cases spread over the hours with the day's shape, the ones still open handed to the
// live simulator with the rest of their plans, and tracks for a share of the workers on their
// shifts, so a playback of yesterday shows cases, heat and workers.
import { afterAll, describe, expect, it } from 'vitest';
import { backfillHistory, TRACKED_SHARE, TRACK_HOURS, TRACK_STEP_MS } from '../../server/simulator/backfill.ts';
import { workerRoster } from '../../server/geo/workerRoster.ts';
import { createLogger } from '../../server/observability/logger.ts';
import { shanghaiDayStart, shanghaiHour } from '../../shared/shanghaiTime.ts';
import { grids, simCity } from '../support/factories.ts';
import { startTestServer, type TestServer } from '../support/testServer.ts';

describe('simulator backfill', () => {
  let server: TestServer;
  afterAll(() => server?.dispose());

  it('writes two days and today up to now through the ingest API: legal, in order, open cases handed on, tracks for every 50th worker on shift', async () => {
    server = await startTestServer();
    const now = Date.now();
    const roster = workerRoster(grids.grids);
    const result = await backfillHistory({
      baseUrl: server.url,
      ingestKey: server.secrets.ingestKey,
      grids,
      roster,
      days: 2,
      casesPerMin: 1,
      workers: 200,
      ...simCity,
      logger: createLogger('silent'),
      now,
      seed: 3,
    });
    const store = await server.openStore();
    try {
      const from = shanghaiDayStart(now) - 2 * 86_400_000;
      // every event accepted (and the server's own overdue marks for the cases that went past their deadline)
      const all = await store.log.readEvents(0, (await store.log.lastSeq()) + 1);
      const events = all.filter((e) => e.event.type !== 'overdue');
      expect(events.length).toBe(result.events);
      const times = events.map((e) => Date.parse(e.event.at));
      expect(Math.min(...times)).toBeGreaterThanOrEqual(from);
      expect(Math.max(...times)).toBeLessThan(now);
      const reports = events.filter((e) => e.event.type === 'reported');
      expect(reports.length).toBe(result.cases);
      // the day's shape: more reports at 10:00 than at 03:00 (Shanghai), yesterday
      const hourOf = (h: number) =>
        reports.filter((e) => {
          const t = Date.parse(e.event.at);
          return t < shanghaiDayStart(now) && shanghaiHour(t) === h;
        }).length;
      expect(hourOf(10)).toBeGreaterThan(hourOf(3));
      // closed: rated (an unsatisfied rating sends the case back to the department instead)
      const closed = new Set(events.filter((e) => e.event.type === 'evaluated' && e.event.result !== 'unsatisfied').map((e) => e.event.caseId));
      expect(closed.size).toBeGreaterThan(result.cases / 4); // an ordinary case takes a day or two, and its return visit hours
      // the cases still open go to the live simulator with the rest of their plans, none of it due yet
      expect(result.open.size).toBeGreaterThan(0);
      for (const plan of result.open.values()) {
        expect(closed.has(plan.caseId)).toBe(false);
        expect(plan.steps[0]!.at).toBeGreaterThanOrEqual(now);
      }
      // tracks: every 50th worker of the 200, a fix every 4 minutes while on shift, over the last 26 hours
      const tracked = roster.slice(0, 200).filter((_, i) => i % TRACKED_SHARE === 0);
      let stored = 0;
      for (const w of tracked) {
        const track = await store.tracks.read(w.id, now - TRACK_HOURS * 3_600_000, now);
        stored += track.length;
        expect(track.length).toBeLessThan((TRACK_HOURS * 3_600_000) / TRACK_STEP_MS); // not around the clock
      }
      expect(stored).toBe(result.fixes);
      expect(result.fixes).toBeGreaterThan(0);
      expect(await store.tracks.read(roster[1]!.id, from, now)).toEqual([]);
    } finally {
      await store.close();
    }
  });
});
