// The load balancer with real processes: nginx, configured from config/nginx/gridwall.conf by the same
// generator as `npm run cluster` (scripts/cluster/nginxConfig.ts), in front of two nodes on one
// PostgreSQL log and one Redis. Through nginx: requests are spread over both nodes; ingest is
// acknowledged and stored, and a screen whose WebSocket goes through the proxy sees every transition
// exactly once; when the screen's node is killed with SIGKILL mid-ingest, ingest goes on through nginx
// to the survivor, and the screen reconnects through nginx to it, resumes by seq and converges.
// Skipped with the reason where nginx, PostgreSQL or Redis is missing, except under CI=true.
import { freePort } from '../support/freePort.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findNginx, startNginx, type RunningNginx } from '../../scripts/cluster/nginxConfig.ts';
import { clusterUnavailable, readClusterLog, startCluster, type Cluster } from '../support/cluster.ts';
import { killHard } from '../support/serverProcess.ts';
import { expectAcknowledgedStored, expectEveryTransitionOnce, expectScreenConverges, type SentBatch } from '../faults/lib/logChecks.ts';
import { connectResumingScreen, type ResumingScreen } from '../faults/lib/resumingScreen.ts';
import { runSenders } from '../faults/lib/senders.ts';

const nginxBin = findNginx();
const noNginx = nginxBin ? null : 'no nginx on PATH (the load-balancer suite needs it; Debian: apt-get install nginx-light)';
if (noNginx && process.env.CI === 'true') throw new Error(`CI=true and ${noNginx}`);
const skipped = noNginx ? `skipped: ${noNginx}` : await clusterUnavailable();
if (skipped) console.warn(skipped);

/** The node that answered /healthz. */
async function nodeOf(url: string): Promise<string> {
  const res = await fetch(`${url}/healthz`);
  expect(res.status).toBe(200);
  return ((await res.json()) as { node: string }).node;
}

/** A node's `gridwall_screens_connected`. */
async function screensOn(url: string): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text();
  return Number(/^gridwall_screens_connected (\d+)/m.exec(text)?.[1] ?? Number.NaN);
}

async function eventually(check: () => Promise<boolean>, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check().catch(() => false))) {
    if (Date.now() > deadline) throw new Error(`not within ${timeoutMs} ms: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe.skipIf(skipped !== null)('nginx in front of two nodes', () => {
  let cluster: Cluster;
  let nginx: RunningNginx;
  let screen: ResumingScreen | undefined;
  beforeAll(async () => {
    // the nodes trust nginx's X-Forwarded-For, as config/nginx/gridwall.conf says they must
    cluster = await startCluster(2, { env: { TRUST_PROXY: 'loopback' } });
    nginx = await startNginx({ nginx: nginxBin!, host: '127.0.0.1', port: await freePort(), upstreams: cluster.nodes.map((n) => new URL(n.url).host) });
  }, 120_000);
  afterAll(async () => {
    screen?.close();
    await nginx?.stop();
    await cluster?.destroy();
  }, 60_000);
  const failureContext = () => `nginx error log:\n${nginx.errorLog()}`;

  it('spreads requests over both nodes', async () => {
    const answered = new Set<string>();
    for (let i = 0; i < 10; i++) answered.add(await nodeOf(nginx.url));
    expect([...answered].sort(), failureContext()).toEqual(['node1', 'node2']);
  }, 120_000);

  it('ingest through nginx is stored, and a screen on a WebSocket through nginx sees every transition once', async () => {
    screen = connectResumingScreen(nginx.url, cluster.tokens.screenToken);
    await screen.until(() => screen!.snapshots.length > 0, 'its first snapshot (a WebSocket upgrade through nginx)');

    const sent: SentBatch[] = [];
    let acks = 0;
    await runSenders({
      url: () => nginx.url,
      key: cluster.tokens.ingestKey,
      senders: 4,
      prefix: 'NGX',
      sent,
      stop: () => acks >= 60,
      onAck: () => void (acks += 1),
    });
    expect(
      sent.every((b) => b.acked),
      `every batch acknowledged\n${failureContext()}`,
    ).toBe(true);

    const log = await readClusterLog(cluster.schema);
    expectAcknowledgedStored(log, sent);
    // the batches were spread: both nodes committed some (a node's own commits are its "local" road)
    for (const node of cluster.nodes) {
      const text = await (await fetch(`${node.url}/metrics`)).text();
      expect(Number(/^gridwall_bus_events_total\{road="local"\} (\d+)/m.exec(text)?.[1] ?? 0), `${node.url} committed some of the batches`).toBeGreaterThan(0);
    }
    await expectScreenConverges(screen, log);
    expectEveryTransitionOnce(screen, log);
  }, 120_000);

  it("when the screen's node is killed, ingest goes on through nginx and the screen resumes on the other node", async () => {
    const s = screen!;
    expect(s, 'the screen of the previous test').toBeDefined();
    // which node holds the screen's socket
    let holder = -1;
    await eventually(async () => {
      const counts = await Promise.all(cluster.nodes.map((n) => screensOn(n.url)));
      holder = counts.indexOf(1);
      return counts.reduce((a, b) => a + b, 0) === 1;
    }, 'one node counts the screen');
    const survivor = 1 - holder;
    const connectsBefore = s.connects;

    const sent: SentBatch[] = [];
    let acks = 0;
    let killed = false;
    let acksAfterKill = 0;
    /** sent[postedAfterExit..]: batches posted once the killed process had exited */
    let postedAfterExit = Number.POSITIVE_INFINITY;
    await runSenders({
      url: () => nginx.url,
      key: cluster.tokens.ingestKey,
      senders: 4,
      prefix: 'NGK',
      sent,
      stop: () => acksAfterKill >= 60,
      onAck: async () => {
        acks += 1;
        if (killed) acksAfterKill += 1;
        if (acks === 20 && !killed) {
          killed = true;
          await killHard(cluster.nodes[holder]!); // the other senders are mid-request
          postedAfterExit = sent.length;
        }
      },
    });
    expect(cluster.alive(holder)).toBe(false);
    // only a batch in flight on the killed node may go unacknowledged: nginx sends every later one,
    // refused by the dead node, to the survivor (proxy_next_upstream error), then leaves the dead node out
    const lateFailures = sent.slice(postedAfterExit).filter((b) => !b.acked).length;
    expect(lateFailures, `batches posted after the kill and not acknowledged\n${failureContext()}`).toBe(0);

    // the screen came back through nginx, on the survivor
    await s.until(() => s.connects > connectsBefore, 'a reconnection through nginx');
    await eventually(async () => (await screensOn(cluster.nodes[survivor]!.url)) === 1, 'the survivor counts the screen');
    // and nginx sends everything to the survivor now
    for (let i = 0; i < 5; i++) expect(await nodeOf(nginx.url), failureContext()).toBe(`node${survivor + 1}`);

    const log = await readClusterLog(cluster.schema);
    expectAcknowledgedStored(log, sent);
    await expectScreenConverges(s, log);
    expectEveryTransitionOnce(s, log);
  }, 120_000);
});
