// A new demo store gets a history: the simulator's backfill posts the day before today and today up
// to now through the real ingest API — every event accepted (legal, in each case's order, none in
// the future), cases spread over the hours with the day's shape, some still open for the live
// simulator to carry on, and tracks for a share of the workers, so a playback of yesterday shows
// cases, heat and workers.
import { afterAll, describe, expect, it } from 'vitest';
import { backfillHistory, TRACKED_SHARE, TRACK_STEP_MS } from '../../server/simulator/backfill.ts';
import { workerRoster } from '../../server/geo/workerRoster.ts';
import { createLogger } from '../../server/observability/logger.ts';
import { shanghaiDayStart, shanghaiHour } from '../../shared/shanghaiTime.ts';
import { grids } from '../support/factories.ts';
import { startTestServer, type TestServer } from '../support/testServer.ts';

describe('simulator backfill', () => {
  let server: TestServer;
  afterAll(() => server?.dispose());

  it('writes yesterday and today up to now through the ingest API: legal, in order, some cases left open, tracks for every 50th worker', async () => {
    server = await startTestServer();
    const now = Date.now();
    const roster = workerRoster(grids.grids);
    const result = await backfillHistory({
      baseUrl: server.url,
      ingestKey: server.secrets.ingestKey,
      grids,
      roster,
      days: 1,
      casesPerMin: 1,
      workers: 200,
      logger: createLogger('silent'),
      now,
      seed: 3,
    });
    const store = await server.openStore();
    try {
      const from = shanghaiDayStart(now) - 86_400_000;
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
      const closed = new Set(events.filter((e) => e.event.type === 'evaluated').map((e) => e.event.caseId));
      expect(closed.size).toBeGreaterThan(result.cases / 3);
      expect(closed.size).toBeLessThan(result.cases); // the latest ones are still open
      // tracks: every 50th worker of the 200, a fix every few minutes since yesterday's midnight
      expect(result.fixes).toBe(Math.ceil(200 / TRACKED_SHARE) * Math.ceil((now - from) / TRACK_STEP_MS));
      const track = await store.tracks.read(roster[0]!.id, from, now);
      expect(track.length).toBe(Math.ceil((now - from) / TRACK_STEP_MS));
      expect(await store.tracks.read(roster[1]!.id, from, now)).toEqual([]);
    } finally {
      await store.close();
    }
  });
});
