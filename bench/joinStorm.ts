import { fork } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { SESSION_CONSENT, sha256Hex } from '../shared/consent.js';
import { percentile } from '../server/stats/monthly.js';
import { connect } from './socketClient.js';
import { benchServer, benchStaff, openBenchSession } from './support.js';

/**
 * A storm of wrong-code agent handshakes (`npm run bench:join-storm [-- N]`, default 2,000) from
 * another process, while this one probes the server it runs: `/api/health` latency and the relay
 * latency of a live, consented session (viewer → agent signal), first without the storm, then
 * during it, in the same run. Every refused handshake is still counted in the audit log.
 */
const STORM = Number(process.argv[2] ?? 2000);
const CONCURRENCY = 50;
const BASELINE_MS = 5000;

async function liveSession(url: string) {
  const staff = await benchStaff(url);
  const { sessionId, code } = await openBenchSession(url, staff);
  const viewer = await connect(`${url}/staff`, { token: staff.engineer });
  await viewer.emitWithAck('session:watch', { sessionId });
  let joined!: Promise<unknown>;
  const agent = await connect(`${url}/agent`, { joinCode: code }, (s) => {
    joined = new Promise((resolve) => s.once('viewer:joined', resolve));
  });
  const device = {
    platform: 'windows', osName: 'Microsoft Windows 10 Pro', osRelease: '10.0.19045', osEdition: 'Professional', arch: 'x64', hostname: 'BENCH',
    cpu: { brand: 'x', cores: 4, speedGHz: 3 }, memoryBytes: 8e9, gpus: [], disks: [], displays: [{ id: '0', width: 1920, height: 1080, primary: true }],
  };
  await agent.emitWithAck('agent:hello', { device, language: 'en', agentVersion: 'bench' });
  await agent.emitWithAck('agent:consent', { decision: 'accept', textVersion: SESSION_CONSENT.version, textSha256: await sha256Hex(SESSION_CONSENT.en), language: 'en', typedName: 'Bench User', allowObservers: false });
  await joined;
  return { sessionId, viewer, agent };
}

/** Probes, each kind one after the other, until `until` resolves: health and relay latencies. */
async function probe(url: string, s: Awaited<ReturnType<typeof liveSession>>, until: Promise<unknown>): Promise<{ health: number[]; relay: number[] }> {
  let done = false;
  void until.then(() => (done = true));
  const health: number[] = [];
  const relay: number[] = [];
  let n = 0;
  const healthLoop = async () => {
    while (!done) {
      const t0 = performance.now();
      await (await fetch(`${url}/api/health`)).arrayBuffer();
      health.push(performance.now() - t0);
    }
  };
  const relayLoop = async () => {
    while (!done) {
      const sdp = `probe-${n++}`;
      const arrived = new Promise<void>((resolve) => {
        const onSignal = (m: { data: { sdp?: string } }) => {
          if (m.data.sdp !== sdp) return;
          s.agent.off('signal', onSignal);
          resolve();
        };
        s.agent.on('signal', onSignal);
      });
      const t0 = performance.now();
      await s.viewer.timeout(30_000).emitWithAck('signal', { sessionId: s.sessionId, data: { type: 'answer', sdp } });
      await arrived;
      relay.push(performance.now() - t0);
    }
  };
  await Promise.all([healthLoop(), relayLoop()]);
  return { health, relay };
}

const stats = (v: number[]) => `p50 ${percentile(v, 50)!.toFixed(1)} ms  p95 ${percentile(v, 95)!.toFixed(1)} ms  max ${Math.max(...v).toFixed(1)} ms  (n=${v.length})`;

const bench = await benchServer();
const session = await liveSession(bench.url);
const baseline = await probe(bench.url, session, new Promise((resolve) => setTimeout(resolve, BASELINE_MS)));

const attacker = fork(new URL('./joinStormClient.ts', import.meta.url).pathname, [], { execArgv: ['--import', 'tsx'] });
const stormDone = new Promise<{ seconds: number; codes: Record<string, number> }>((resolve) => attacker.once('message', resolve));
attacker.send({ url: bench.url, count: STORM, concurrency: CONCURRENCY });
const during = await probe(bench.url, session, stormDone);
const storm = await stormDone;
attacker.kill();

// The counts of the storm's minutes are written when each minute is over, or at shutdown.
await bench.app.ctx.refusals.close();
let counted = 0;
let entries = 0;
for await (const e of bench.app.ctx.store.read.audit.all({})) {
  if (e.action !== 'session.join_failed' && e.action !== 'session.join_refused') continue;
  entries++;
  counted += typeof e.details['count'] === 'number' ? e.details['count'] : 1;
}
console.log(`join storm: ${STORM} wrong-code handshakes, ${CONCURRENCY} at a time, in ${storm.seconds.toFixed(1)} s (${(STORM / storm.seconds).toFixed(0)}/s): ${JSON.stringify(storm.codes)}`);
console.log(`/api/health   baseline: ${stats(baseline.health)}`);
console.log(`/api/health   storm   : ${stats(during.health)}`);
console.log(`relay v→agent baseline: ${stats(baseline.relay)}`);
console.log(`relay v→agent storm   : ${stats(during.relay)}`);
console.log(`audit: ${entries} entries count ${counted} refused attempts`);
session.viewer.disconnect();
session.agent.disconnect();
await bench.dispose();
process.exit(0);
