import { performance } from 'node:perf_hooks';
import { SESSION_CONSENT, sha256Hex } from '../shared/consent.js';
import { startBalancer, type Balancer } from '../test/support/balancer.js';
import { CLUSTER_SECRETS, startNodeProcess, type NodeProcess } from '../test/support/cluster.js';
import { joinAsAgent, nextOn, nextWelcome, ReconnectingViewer } from '../test/support/clusterClients.js';
import { startPostgres } from '../test/support/postgres.js';
import { windowsDevice } from '../test/support/realtime.js';
import { startRedis } from '../test/support/redis.js';
import { relayClients } from './relayChild.js';
import { benchServer, benchStaff, openBenchSession } from './support.js';
import type { Job } from './relayClients.js';

/**
 * Several servers against one, in one run: relay and pairing latency with both sides on one node
 * and on two different nodes (PostgreSQL and Redis), the failover time when the agent's node is
 * killed, and the server heap per connected idle agent for a cluster node against the
 * single-node SQLite server. The measured node runs in this process (its heap is read after GC);
 * the other nodes are real server processes, PostgreSQL and Redis private instances (the cluster
 * tests' support, test/support/), the clients a child process (bench/relayClients.ts).
 * `npm run bench:cluster [-- N]` (N sessions per measurement, default 200).
 */
const SESSIONS = Number(process.argv[2] ?? 200);
const FAILOVERS = 3;
/** Below the join limit's 5 free failures per address: concurrent joins being checked count against it (relayClients.ts). */
const PAIRING_CONCURRENCY = 4;
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with --expose-gc (npm run bench:cluster does)');

function heapMb(): number {
  gc!();
  gc!();
  return process.memoryUsage().heapUsed / 2 ** 20;
}

type Summary = { p50: number; p99: number; n: number };
interface Measured {
  pairing: Summary;
  relay: Summary;
  heapPerAgentKb: number;
}

const LONG_SESSIONS = { RA_SESSION_DEFAULT_MINUTES: '600', RA_SESSION_MAX_MINUTES: '600' };
const DEVICE = {
  platform: 'windows', osName: 'Microsoft Windows 10 Pro', osRelease: '10.0.19045', osEdition: 'Professional', arch: 'x64', hostname: 'BENCH',
  cpu: { brand: 'x', cores: 4, speedGHz: 3 }, memoryBytes: 8e9, gpus: [], disks: [], displays: [{ id: '0', width: 1920, height: 1080, primary: true }],
};
const consent = async () => ({ decision: 'accept' as const, textVersion: SESSION_CONSENT.version, textSha256: await sha256Hex(SESSION_CONSENT.en), language: 'en' as const, typedName: 'Bench User', allowObservers: false });

/** Viewers on `url`, agents on `agentUrl` (default the same): pairing, then relay; heap of this process per agent. */
async function measure(url: string, staff: { callCenter: string; engineer: string }, agentUrl?: string): Promise<Measured> {
  const sessions: Array<{ sessionId: number; code: string }> = [];
  for (let i = 0; i < SESSIONS; i += 10) {
    await Promise.all(Array.from({ length: Math.min(10, SESSIONS - i) }, async () => sessions.push(await openBenchSession(url, staff))));
  }
  const c = relayClients();
  const job: Job = { kind: 'remote-assist', url, engineerToken: staff.engineer, sessions, consent: await consent(), device: DEVICE, pairingConcurrency: PAIRING_CONCURRENCY, ...(agentUrl ? { agentUrl } : {}) };
  await c.step('viewers', job);
  const before = heapMb();
  const pairing = await c.step<Summary>('agents');
  const after = heapMb();
  const relay = await c.step<Summary>('relay');
  c.child.kill();
  await new Promise((resolve) => setTimeout(resolve, 500));
  return { pairing, relay, heapPerAgentKb: ((after - before) * 1024) / SESSIONS };
}

/** Kill → the agent welcomed on another node and a signal relayed each way again, in ms. */
async function failover(balancer: Balancer, staff: { callCenter: string; engineer: string }, victim: () => NodeProcess, survivor: number, viewerNode: number): Promise<number> {
  const balancerUrl = balancer.url;
  const prefer = (order: number[] | null) => balancer.prefer(order);
  const { sessionId, code } = await openBenchSession(balancerUrl, staff);
  prefer([viewerNode]);
  const viewer = await ReconnectingViewer.open(balancerUrl, staff.engineer, sessionId);
  prefer([1]);
  const agent = await joinAsAgent(balancerUrl, code);
  await agent.request('agent:hello', { device: windowsDevice(), language: 'en', agentVersion: 'bench' });
  const joined = nextOn(agent.socket, 'viewer:joined');
  await agent.request('agent:consent', await consent());
  await joined;
  prefer([1, survivor]);
  const welcomed = nextWelcome(agent, 30_000);
  const t0 = performance.now();
  victim().child.kill('SIGKILL');
  await welcomed;
  const atViewer = nextOn(viewer.socket, 'signal');
  await agent.request('signal', { to: viewer.viewerId, data: { type: 'candidate', candidate: { candidate: 'candidate:after', sdpMLineIndex: 0, sdpMid: '0' } } });
  await atViewer;
  const atAgent = nextOn(agent.socket, 'signal');
  await viewer.request('signal', { sessionId, data: { type: 'candidate', candidate: { candidate: 'candidate:back', sdpMLineIndex: 0, sdpMid: '0' } } });
  await atAgent;
  const ms = performance.now() - t0;
  agent.close();
  viewer.close();
  prefer(null);
  return ms;
}

const fmt = (x: Summary) => `p50 ${x.p50.toFixed(2)} ms  p99 ${x.p99.toFixed(2)} ms  (n=${x.n})`;

// One server on SQLite, as `npm start` runs it.
const single = await benchServer(LONG_SESSIONS);
const singleResult = await measure(single.url, await benchStaff(single.url));
console.error('measured: one server');
await single.dispose();

// Several: node A in this process, node B (and C, for failover) as server processes.
const [pg, redis] = await Promise.all([startPostgres(), startRedis()]);
const databaseUrl = await pg.createDatabase();
const clusterEnv = { ...CLUSTER_SECRETS, RA_DATABASE_URL: databaseUrl, RA_REDIS_URL: redis.url, ...LONG_SESSIONS };
const nodeA = await benchServer(clusterEnv);
const processEnv = { ...clusterEnv, RA_LOG_LEVEL: 'info', RA_TEST_CLOCK_BASE: new Date().toISOString(), RA_TEST_CLOCK_REAL_MS: String(Date.now()) };
let nodeB = await startNodeProcess(processEnv);
const nodeC = await startNodeProcess(processEnv);
const failoverMs: number[] = [];
try {
  const staff = await benchStaff(nodeA.url);
  const sameNode = await measure(nodeA.url, staff);
  console.error('measured: cluster, one node');
  const crossNode = await measure(nodeA.url, staff, nodeB.url);
  console.error('measured: cluster, two nodes');
  const balancer = await startBalancer([Number(new URL(nodeA.url).port), nodeB.port, nodeC.port]);
  for (let i = 0; i < FAILOVERS; i++) {
    failoverMs.push(await failover(balancer, staff, () => nodeB, 2, 0));
    nodeB = await startNodeProcess(processEnv);
    balancer.targets[1] = nodeB.port;
  }
  await balancer.close();

  console.log(`signaling on loopback, ${SESSIONS} concurrent paired sessions per measurement (paired ${PAIRING_CONCURRENCY} at a time); 2 cores shared with other work`);
  console.log(`pairing  one server, SQLite          : ${fmt(singleResult.pairing)}   (join code → device check → consent → first relayed signal)`);
  console.log(`pairing  cluster, both on one node   : ${fmt(sameNode.pairing)}`);
  console.log(`pairing  cluster, on two nodes       : ${fmt(crossNode.pairing)}`);
  console.log(`relay    one server, SQLite          : ${fmt(singleResult.relay)}`);
  console.log(`relay    cluster, both on one node   : ${fmt(sameNode.relay)}`);
  console.log(`relay    cluster, on two nodes       : ${fmt(crossNode.relay)}`);
  console.log(`failover (kill -9 of the agent's node → agent welcomed on another node and a signal relayed each way): ${failoverMs.map((ms) => ms.toFixed(0)).join(', ')} ms`);
  console.log(`heap per connected idle agent (after GC): one server ${singleResult.heapPerAgentKb.toFixed(1)} KB, cluster node ${sameNode.heapPerAgentKb.toFixed(1)} KB`);
  console.log(`idle agents held per node in this run: ${SESSIONS} (all paired sessions stayed connected until the end of each measurement)`);
} finally {
  await nodeA.dispose();
  for (const node of [nodeB, nodeC]) node.child.kill('SIGKILL');
  await Promise.all([nodeB.exited, nodeC.exited]);
  await Promise.all([pg.stop(), redis.stop()]);
}
process.exit(0);
