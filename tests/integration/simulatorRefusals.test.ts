// The simulator against a server that refuses some of what it sends. A batch is all or nothing on
// the server: one refused event used to cost the other 999, and their cases' next steps were then
// refused in turn, until the simulated city froze. Now only the refused cases are dropped (with the
// rest of their plans) and the others go again. Here a case the server has never seen (as after a
// store was swapped under a running simulator) rides in the same batch as the minute's new reports.
import { afterAll, describe, expect, it } from 'vitest';
import { workerRoster } from '../../server/geo/workerRoster.ts';
import { createLogger } from '../../server/observability/logger.ts';
import { createCaseScripts } from '../../server/simulator/caseScript.ts';
import { createSimulator } from '../../server/simulator/simulator.ts';
import type { SourceCaseEvent } from '../../shared/caseEvent.ts';
import { applyCaseEvent, type CaseState } from '../../shared/caseLifecycle.ts';
import { cityProfile, grids, simCity } from '../support/factories.ts';
import { startTestServer, type TestServer } from '../support/testServer.ts';

const MIN = 60_000;

describe('the simulator when the server refuses part of a batch', () => {
  let server: TestServer;
  afterAll(() => server?.dispose());

  it('drops only the refused case and sends the rest of the batch again', async () => {
    server = await startTestServer();
    const now = Date.now();
    // a case the server does not know, accepted three hours ago by its plan: its next steps are due
    const reportedAt = now - 3 * 60 * MIN;
    const report = { caseId: 'SIM-GHOST-1', reportedAt, urgency: 'ordinary' as const, category: 'appearance.garbage', gridCode: grids.grids[0]!.code };
    const [accepted] = createCaseScripts(cityProfile, simCity.departments).plan(report);
    let ghost = applyCaseEvent(undefined, {
      eventId: 'SIM-GHOST-1:1',
      caseId: 'SIM-GHOST-1',
      type: 'reported',
      at: new Date(reportedAt).toISOString(),
      gridCode: grids.grids[0]!.code,
      category: report.category,
      urgency: report.urgency,
      source: 'hotline_12345',
      summary: '测试',
    });
    if (!ghost.ok) throw new Error(ghost.message);
    ghost = applyCaseEvent(ghost.state, {
      ...accepted!.event,
      eventId: 'x',
      caseId: 'SIM-GHOST-1',
      at: new Date(accepted!.at).toISOString(),
    } as SourceCaseEvent);
    if (!ghost.ok) throw new Error(ghost.message);

    let t = now - 5 * MIN;
    const sim = createSimulator({
      baseUrl: server.url,
      ingestKey: server.secrets.ingestKey,
      grids,
      roster: workerRoster(grids.grids),
      openCases: [ghost.state as CaseState],
      config: { enabled: true, casesPerMin: 60, workers: 0, speed: 1, backfillDays: 0, profile: cityProfile },
      ...simCity,
      logger: createLogger('silent'),
      seed: 5,
      clock: () => t,
      bursts: false,
    });
    expect(sim.stats().open).toBe(1); // the ghost, carried on
    // five minutes of reports in one tick: they and the ghost's due steps go in one batch
    t = now;
    await sim.tick();
    const store = await server.openStore();
    try {
      const events = await store.log.readEvents(0, 10_000);
      const reports = events.filter((e) => e.event.type === 'reported');
      expect(reports.length).toBeGreaterThan(5); // 27 in five minutes at 03:00, the quietest hour
      expect(events.some((e) => e.event.caseId === 'SIM-GHOST-1')).toBe(false);
      // the ghost is no longer moved on; every new case is
      expect(sim.stats().open).toBe(reports.length);
    } finally {
      await store.close();
      await sim.stop();
    }
  });
});
