// The refusal trail: every refusal counted; the security-relevant ones logged with the address, one
// line per kind and address at a time however many come (a flood cannot flood the log).
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../server/observability/logger.ts';
import { createMetrics } from '../../server/observability/metrics.ts';
import { createRefusals } from '../../server/observability/refusals.ts';

describe('refusal trail', () => {
  it('counts every refusal and logs each kind once per address', async () => {
    const lines: Record<string, unknown>[] = [];
    const sink = new Writable({
      write(chunk, _enc, cb) {
        lines.push(JSON.parse(String(chunk)));
        cb();
      },
    });
    const metrics = createMetrics();
    const refusals = createRefusals(createLogger('info', sink), metrics);
    for (let i = 0; i < 50; i++) refusals.http(401, 'unauthorized', '/api/v1/walls', '10.0.0.7', 'the screen token given is not valid');
    refusals.http(401, 'unauthorized', '/api/v1/walls', '10.0.0.8', 'the screen token given is not valid');
    refusals.http(400, 'invalid_payload', '/api/v1/events', '10.0.0.7', 'events.0.at: Invalid ISO datetime');
    refusals.socket('/console', '10.0.0.9', { code: 'forbidden', message: 'a screen key only shows a wall' });
    await new Promise((r) => setImmediate(r));
    expect(lines.map((l) => `${l.level} ${l.code} ${l.address}`)).toEqual(['40 unauthorized 10.0.0.7', '40 unauthorized 10.0.0.8', '40 forbidden 10.0.0.9']);
    expect(lines[0]).toMatchObject({ status: 401, path: '/api/v1/walls', msg: 'refused: the screen token given is not valid' });
    const text = await metrics.registry.metrics();
    expect(text).toContain('gridwall_requests_refused_total{status="401",code="unauthorized"} 51');
    expect(text).toContain('gridwall_requests_refused_total{status="400",code="invalid_payload"} 1');
    expect(text).toContain('gridwall_sockets_refused_total{namespace="/console",code="forbidden"} 1');
  });
});
