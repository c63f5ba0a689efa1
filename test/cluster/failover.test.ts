import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ServerChannel } from '../../agent/channel.js';
import { SESSION_CONSENT, sha256Hex } from '../../shared/consent.js';
import { startCluster, type TestCluster } from '../support/cluster.js';
import { collectOn, joinAsAgent, nextOn, nextWelcome, ReconnectingViewer } from '../support/clusterClients.js';
import { fileCase, loginAs, PASSWORD, seedStaff, type Staff } from '../support/fixtures.js';
import { windowsDevice } from '../support/realtime.js';

/**
 * Three real server processes on one PostgreSQL and one Redis, behind a load balancer that
 * skips nodes that refuse connections. The end user's agent is the agent's own connection code
 * (`ServerChannel`: join code once, then the token, reconnecting by itself); the engineer's viewer
 * is the web app's connection logic (re-watches on every connection).
 */
const SESSION_SECONDS = 30;
const WARNING_SECONDS = 6;
const GRACE_SECONDS = 15;

let cluster: TestCluster;
let staff: Staff;
let engineerToken: string;
const open: Array<{ close(): void }> = [];

beforeAll(async () => {
  cluster = await startCluster({
    env: {
      RA_SESSION_DEFAULT_MINUTES: String(SESSION_SECONDS / 60),
      RA_SESSION_WARNING_MINUTES: String(WARNING_SECONDS / 60),
      RA_DISCONNECT_GRACE_MINUTES: String(GRACE_SECONDS / 60),
    },
  });
  staff = await seedStaff({ api: cluster.api });
  engineerToken = await loginAs(cluster.api, 'eng1', PASSWORD);
}, 180_000);
afterAll(async () => cluster?.stop());
afterEach(() => {
  for (const client of open.splice(0)) client.close();
  cluster.balancer.prefer(null);
});

/** The node the balancer sent the latest connection to. */
const lastRoute = () => cluster.balancer.routes.at(-1);

async function openSession(): Promise<{ sessionId: number; code: string }> {
  const { id } = await fileCase(staff.callcenterA);
  await staff.engineer.post(`/api/cases/${id}/assign`);
  await staff.engineer.post(`/api/cases/${id}/contacts`, { reached: true, note: 'will read the code' });
  const res = await staff.engineer.post(`/api/cases/${id}/sessions`);
  if (res.status !== 201) throw new Error(`open session: ${res.status} ${res.text}`);
  return { sessionId: res.body.session.id, code: res.body.joinCode.code };
}

/** The viewer on node `viewerNode`, the agent on node `agentNode`, the user consented; signals can flow. */
async function liveSessionOn(viewerNode: number, agentNode: number) {
  const { sessionId, code } = await openSession();
  cluster.balancer.prefer([viewerNode]);
  const viewer = await ReconnectingViewer.open(cluster.balancer.url, engineerToken, sessionId);
  open.push(viewer);
  expect(lastRoute()).toBe(viewerNode);
  cluster.balancer.prefer([agentNode]);
  const agent = await joinAsAgent(cluster.balancer.url, code);
  open.push(agent);
  expect(lastRoute()).toBe(agentNode);
  await agent.request('agent:hello', { device: windowsDevice(), language: 'en', agentVersion: 'cluster-test' });
  const joined = nextOn<{ viewerId: string }>(agent.socket, 'viewer:joined');
  const consent = await agent.request('agent:consent', {
    decision: 'accept', textVersion: SESSION_CONSENT.version, textSha256: await sha256Hex(SESSION_CONSENT.en), language: 'en', typedName: 'Lee Customer', allowObservers: false,
  });
  expect((await joined).viewerId).toBe(viewer.viewerId);
  return { sessionId, viewer, agent, deadline: consent.deadline! };
}

/** A signal each way and an action from each side, relayed between whatever nodes they are on. */
async function relaysBothWays(agent: ServerChannel, viewer: ReconnectingViewer, sessionId: number, tag: string): Promise<void> {
  const atViewer = nextOn<{ data: { candidate: { candidate: string } } }>(viewer.socket, 'signal');
  await agent.request('signal', { to: viewer.viewerId, data: { type: 'candidate', candidate: { candidate: `candidate:${tag}-a`, sdpMLineIndex: 0, sdpMid: '0' } } });
  expect((await atViewer).data.candidate.candidate).toBe(`candidate:${tag}-a`);
  const atAgent = nextOn<{ from: string; data: { candidate: { candidate: string } } }>(agent.socket, 'signal');
  await viewer.request('signal', { sessionId, data: { type: 'candidate', candidate: { candidate: `candidate:${tag}-v`, sdpMLineIndex: 0, sdpMid: '0' } } });
  expect(await atAgent).toMatchObject({ from: viewer.viewerId, data: { candidate: { candidate: `candidate:${tag}-v` } } });
  const action = nextOn<{ actor: string; action: { text: string } }>(viewer.socket, 'session:action');
  await agent.request('session:action', { kind: 'chat', text: `from the user ${tag}` });
  expect(await action).toMatchObject({ actor: 'agent', action: { text: `from the user ${tag}` } });
  await viewer.request('session:action', { sessionId, action: { kind: 'chat', text: `from the engineer ${tag}` } });
}

async function auditOf(sessionId: number, action: string): Promise<Array<{ details: Record<string, unknown> }>> {
  return (await staff.auditor.get(`/api/audit?sessionId=${sessionId}&action=${action}&limit=100`)).body.entries;
}

describe('a session across nodes', { timeout: 120_000 }, () => {
  it('goes on when the agent’s node is killed: the agent reconnects to another node, and the deadline fires once', async () => {
    const { sessionId, viewer, agent, deadline } = await liveSessionOn(1, 0);
    const warningsAtViewer = collectOn(viewer.socket, 'session:warning');
    const warningsAtAgent = collectOn(agent.socket, 'session:warning');
    await relaysBothWays(agent, viewer, sessionId, 'before');

    // Node 1 dies at once; new connections try it first, find it gone and go to node 3.
    cluster.balancer.prefer([0, 2]);
    const welcomed = nextWelcome(agent);
    const killedAt = Date.now();
    cluster.nodes[0]!.child.kill('SIGKILL');
    expect((await cluster.nodes[0]!.exited).signal).toBe('SIGKILL');
    const welcome = await welcomed;
    const reconnectMs = Date.now() - killedAt;
    expect(lastRoute()).toBe(2);
    expect(reconnectMs).toBeLessThan(5_000);
    // The same session, the same deadline, and the viewer (on node 2) to start a peer with.
    expect(welcome).toMatchObject({ sessionId, status: 'active', deadline: { endsAt: deadline.endsAt }, viewers: [{ viewerId: viewer.viewerId, role: 'owner' }] });
    await relaysBothWays(agent, viewer, sessionId, 'after');

    // Set on node 1 at the consent, fired by a live node: the warning once, then the end.
    const endedAtViewer = nextOn<{ reason: string }>(viewer.socket, 'session:ended', SESSION_SECONDS * 1000 + 10_000);
    const endedAtAgent = nextOn<{ reason: string }>(agent.socket, 'session:ended', SESSION_SECONDS * 1000 + 10_000);
    expect(await endedAtViewer).toMatchObject({ reason: 'expired' });
    expect(await endedAtAgent).toEqual({ reason: 'expired' });
    expect(warningsAtViewer).toHaveLength(1);
    expect(warningsAtAgent).toHaveLength(1);
    const ended = await auditOf(sessionId, 'session.ended');
    expect(ended).toHaveLength(1);
    expect(ended[0]!.details).toMatchObject({ reason: 'expired' });
    const session = (await staff.engineer.get(`/api/sessions/${sessionId}`)).body;
    expect(session).toMatchObject({ status: 'ended', endReason: 'expired' });
    expect(Math.abs(Date.parse(session.endedAt) - Date.parse(deadline.endsAt))).toBeLessThanOrEqual(1_000);
    expect(await auditOf(sessionId, 'session.warning_sent')).toHaveLength(1);
    expect(await auditOf(sessionId, 'session.agent_reconnected')).toHaveLength(1);
  });

  it('starting a node takes no session over from the live ones', async () => {
    const { sessionId, viewer, agent } = await liveSessionOn(1, 2);
    await cluster.replace(0);
    // A node that took sessions over would start both sides' grace periods at its start.
    const timers = await cluster.pg.sql(cluster.databaseUrl, `SELECT key FROM session_timers WHERE session_id = ${sessionId} ORDER BY key`);
    expect(timers.map((t) => t['key'])).toEqual([`session:${sessionId}:deadline`, `session:${sessionId}:warning:${WARNING_SECONDS / 60}`]);
    expect(await auditOf(sessionId, 'session.agent_disconnected')).toEqual([]);
    expect(await auditOf(sessionId, 'session.recovered')).toEqual([]);
    cluster.balancer.prefer([0]);
    await relaysBothWays(agent, viewer, sessionId, 'new-node');
  });

  it('drains a node on SIGTERM: its agent and viewer reconnect to the others at once, and the session goes on', async () => {
    const { sessionId, viewer, agent, deadline } = await liveSessionOn(1, 1);
    cluster.balancer.prefer([1, 0, 2]);
    const welcomed = nextWelcome(agent);
    const watches = viewer.watches.length;
    const stoppedAt = Date.now();
    cluster.nodes[1]!.child.kill('SIGTERM');
    const welcome = await welcomed;
    await viewer.watched(watches);
    const bothBackMs = Date.now() - stoppedAt;
    expect(await cluster.nodes[1]!.exited).toEqual({ code: 0, signal: null });
    expect(cluster.nodes[1]!.output()).toContain('shut down');
    expect(welcome).toMatchObject({ sessionId, status: 'active', deadline: { endsAt: deadline.endsAt } });
    expect(bothBackMs).toBeLessThan(5_000);
    // Both on node 1 now, the one that refuses nothing: signals flow again.
    expect(cluster.balancer.routes.slice(-2)).toEqual([0, 0]);
    await relaysBothWays(agent, viewer, sessionId, 'drained');
    expect((await staff.engineer.get(`/api/sessions/${sessionId}`)).body).toMatchObject({ status: 'active' });
    await cluster.replace(1);
  });

  it('gives a side whose node died, and that does not come back, its grace period: the others notice and end the session after it', async () => {
    const { sessionId, agent, viewer } = await liveSessionOn(2, 0);
    const left = nextOn<{ viewerId: string }>(agent.socket, 'viewer:left', 30_000);
    const ended = nextOn<{ reason: string }>(agent.socket, 'session:ended', 60_000);
    // The viewer's node dies and the viewer does not come back (the engineer's PC is off too):
    // nobody is there to report it gone, but the other nodes once its liveness runs out.
    viewer.socket.io.reconnection(false);
    const killedAt = Date.now();
    cluster.nodes[2]!.child.kill('SIGKILL');
    expect((await left).viewerId).toBe(viewer.viewerId);
    const noticedMs = Date.now() - killedAt;
    expect(await ended).toEqual({ reason: 'engineer_disconnected' });
    const endedMs = Date.now() - killedAt;
    const lost = await auditOf(sessionId, 'session.engineer_disconnected');
    expect(lost).toHaveLength(1);
    expect(lost[0]!.details['nodeLost']).toEqual(expect.any(String));
    expect((await auditOf(sessionId, 'session.ended')).map((e) => e.details['reason'])).toEqual(['engineer_disconnected']);
    // Noticed within the liveness time and a beat; ended a grace period after that.
    expect(noticedMs).toBeLessThan(16_000);
    expect(endedMs - noticedMs).toBeGreaterThanOrEqual(GRACE_SECONDS * 1000 - 1_000);
    await cluster.replace(2);
  });
});
